import Foundation
import XCTest
@testable import EmbeddingShell

/// The projector page as a person uses it, in headless Chromium (Debian's `chromium`, which
/// `Scripts/setup --tests` installs): 10,000 words are written by `project`, the page is opened
/// with `#selftest=WORD` (the page hovers, zooms and drags, searches WORD, clicks its point and
/// writes what it then shows), in the 2-D and the 3-D view, and the neighbour list must be `nearest`'s. Screenshots
/// are taken (and kept in /tmp for a person to look at), and the first render time the page
/// measured is reported. Skipped, with a message, where there is no Chromium.
final class ProjectorBrowserTests: XCTestCase {
    private static let rows = 10_000, dim = 32

    func testSearchClickAndNeighboursInChromium() throws {
        guard let chromium = Self.findChromium() else {
            throw XCTSkip("no chromium on PATH: Scripts/setup --tests installs it (Debian's chromium package)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-projector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let vectors = folder.appendingPathComponent("vectors.txt"), page = folder.appendingPathComponent("page.html")
        try Self.randomVectors().write(to: vectors, atomically: true, encoding: .utf8)

        let run = runScript("import vec \(vectors.path)\nproject vec out=\(page.path)\nnearest vec w42 k=10", format: .json)
        XCTAssertEqual(run.err, "", run.err)
        let lines = run.out.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let written = try XCTUnwrap(lines[1]), nearest = try XCTUnwrap(lines[2]?["results"] as? [[String: Any]])
        XCTAssertEqual(written["words"] as? Int, Self.rows)

        var report: [String: Any] = [:]
        for (hash, view) in [("#selftest=w42", 2), ("#selftest=w42&3d", 3)] {
            let dom = try Self.chromium(chromium, ["--dump-dom", page.absoluteString + hash])
            report = try XCTUnwrap(Self.selfTest(in: dom), "the page wrote no self-test report:\n\(dom.prefix(2000))")
            XCTAssertEqual(report["view"] as? Int, view)
            XCTAssertTrue((report["hovered"] as? String ?? "").hasPrefix("w"), "hovering a point shows its word")
            XCTAssertEqual(report["zoomed"] as? Double ?? 0, exp(0.75), accuracy: 1e-6, "the wheel zooms")
            XCTAssertEqual(report["dragged"] as? Double ?? 0, view == 2 ? 60 : 0.6, accuracy: 1e-6, "dragging pans (2-D) or rotates (3-D)")
            XCTAssertEqual(report["selected"] as? String, "w42", "clicking the found point selects it (\(view)-D)")
            XCTAssertEqual(report["matches"] as? Int, 111, "w42, w420…w429, w4200…w4299")
            XCTAssertEqual(report["highlighted"] as? Int, 10)
            let shown = try XCTUnwrap(report["neighbours"] as? [[String]])
            XCTAssertEqual(shown.map { $0[0] }, nearest.map { $0["word"] as? String ?? "" }, "the page's neighbours are nearest's")
            for (row, expected) in zip(shown, nearest) {
                XCTAssertEqual(Double(row[1]) ?? .nan, expected["score"] as? Double ?? 0, accuracy: 0.00006, "cosine of \(row[0])")
            }
        }
        let milliseconds = try XCTUnwrap(report["firstRenderMs"] as? Double)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: page.path)[.size] as? Int) ?? 0
        print("projector page: \(Self.rows) words × \(Self.dim), \(bytes / 1000) kB, first drawn \(Int(milliseconds)) ms after loading began")
        XCTAssertLessThan(milliseconds, 5000, "the page must stay usable at 10,000 words")

        for (hash, name) in [("#selftest=w42", "embsh-projector.png"), ("#selftest=w42&3d", "embsh-projector-3d.png")] {
            let screenshot = folder.appendingPathComponent(name)
            _ = try Self.chromium(chromium, ["--screenshot=\(screenshot.path)", page.absoluteString + hash])
            let png = try Data(contentsOf: screenshot)
            XCTAssertGreaterThan(png.count, 10_000, "a screenshot with something drawn")
            XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
            // Kept for a person to look at.
            try? png.write(to: URL(fileURLWithPath: "/tmp/" + name))
        }
    }

    /// `w0` … `w9999`, N(0, 1) values from a fixed seed, as a word2vec text file.
    private static func randomVectors() -> String {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var text = "\(rows) \(dim)\n"
        for row in 0 ..< rows {
            text += "w\(row)"
            for _ in 0 ..< dim { text += " " + String(format: "%.5f", (-2 * log(max(next(), 1e-12))).squareRoot() * cos(2 * .pi * next())) }
            text += "\n"
        }
        return text
    }

    private static func findChromium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Runs headless Chromium on a 1280×800 window and returns its stdout.
    private static func chromium(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,800"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if process.isRunning { process.terminate() } }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON the page wrote into `#selftest`.
    private static func selfTest(in dom: String) -> [String: Any]? {
        guard let start = dom.range(of: "<pre id=\"selftest\">"), let end = dom.range(of: "</pre>", range: start.upperBound ..< dom.endIndex)
        else { return nil }
        let json = String(dom[start.upperBound ..< end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }
}
