import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `plot … out=FILE.svg` writes a well-formed SVG with a point and a label per word and
/// captions with the explained variance; it renders to a PNG as a person would view it.
final class PlotSVGTests: XCTestCase {
    func testTheSVGIsWellFormedAndRenders() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let words = ["cat", "dog", "king", "queen", "a&b"]
        let result = try Embsh.run(["-c", "tokenizer tok filters=", "-c", "fit tok \"cat dog king queen a&b\"",
                                    "-c", "table emb vocab=tok dim=5 seed=3",
                                    "-c", "plot emb \(words.joined(separator: " ")) out=plot.svg"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let svg = directory.appendingPathComponent("plot.svg")
        let parser = XMLParser(contentsOf: svg)!
        let collector = ElementCollector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "well-formed XML: \(String(describing: parser.parserError))")
        XCTAssertEqual(collector.root, "svg")
        XCTAssertEqual(collector.count("circle"), words.count)
        for word in words { XCTAssertTrue(collector.texts.contains(word), "label \(word) in \(collector.texts)") }
        XCTAssertTrue(collector.texts.contains { $0.hasPrefix("PC1 (") && $0.contains("%") })
        XCTAssertTrue(collector.texts.contains { $0.contains("PC2 (") && $0.contains("%") })

        let renderer = "/usr/bin/rsvg-convert"
        guard FileManager.default.isExecutableFile(atPath: renderer) else { throw XCTSkip("rsvg-convert is not installed (Scripts/test installs it)") }
        let png = directory.appendingPathComponent("plot.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: renderer)
        process.arguments = ["-o", png.path, svg.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let bytes = try Data(contentsOf: png)
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG")
        XCTAssertGreaterThan(bytes.count, 4000, "more than a blank image")
    }
}

extension PlotSVGTests {
    func testATrainingHistoryIsOnePolylinePerSeries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = Embsh.root.appendingPathComponent("Tests/Fixtures/classify/reviews-train.tsv").path
        let result = try Embsh.run(["--quiet", "-c", "tokenizer t num_words=50", "-c", "model m embedding(50,4) gap dense(1,sigmoid)",
                                    "-c", "train m data=\(data) tokenizer=t epochs=5 validation=0.2",
                                    "-c", "plot m history out=history.svg"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let parser = XMLParser(contentsOf: directory.appendingPathComponent("history.svg"))!
        let collector = ElementCollector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse())
        XCTAssertEqual(collector.count("polyline"), 4, "loss, accuracy, val_loss, val_accuracy")
        XCTAssertEqual(collector.count("circle"), 4 * 5, "a point per epoch and series")
        for name in ["loss", "accuracy", "val_loss", "val_accuracy"] { XCTAssertTrue(collector.texts.contains(name)) }
    }
}

/// Element names and text content seen while parsing.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var root: String?
    var names: [String] = []
    var texts: [String] = []
    private var current = ""

    func count(_ name: String) -> Int { names.filter { $0 == name }.count }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        names.append(name)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { texts.append(current) }
        current = ""
    }
}
