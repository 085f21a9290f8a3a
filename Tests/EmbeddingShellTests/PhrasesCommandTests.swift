import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingShell

/// `phrases`: learning, writing the phrased corpus, applying a learned model to another file,
/// saving it with the session, and the errors that leave the session and files unchanged.
final class PhrasesCommandTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gensim/phrases-hs/phrases-corpus.txt").path
    static let learn = "phrases ph file=\(corpus) min_count=3 threshold=2 passes=2"

    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-phrases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testLearnsWritesAndAppliesAsGensimPhrases() throws {
        let shell = Shell(sink: BufferSink())
        let (_, out, err) = runScript(Self.learn + " out=\(path("once.txt"))\nphrases ph apply file=\(Self.corpus) out=\(path("again.txt"))",
                                      format: .json, shell: shell)
        XCTAssertEqual(shell.failures, 0, err)
        let lines = out.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.first??["phrases"] as? Int, 13)
        XCTAssertEqual(lines.first??["words"] as? Int, 2976)
        XCTAssertEqual(lines.first??["lines"] as? Int, 300)
        // gensim's two passes (min_count=3, threshold=2, delimiter "+") give the same text with "_".
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpus).deletingLastPathComponent().appendingPathComponent("phrases.json"))
        let cases = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let passes = try XCTUnwrap(cases[1]["passes"] as? [[String: Any]])
        let expected = try XCTUnwrap(passes[1]["output"] as? [String]).map { $0.replacingOccurrences(of: "+", with: "_") + "\n" }.joined()
        XCTAssertEqual(try String(contentsOfFile: path("once.txt"), encoding: .utf8), expected)
        XCTAssertEqual(try String(contentsOfFile: path("again.txt"), encoding: .utf8), expected)
        XCTAssertEqual(lines.last??["joined"] as? Int, lines.first??["joined"] as? Int)
    }

    func testAModelIsSavedWithTheSessionAndShown() throws {
        let shell = Shell(sink: BufferSink())
        let session = path("s.embsh")
        let (_, out, err) = runScript(Self.learn + " connectors=english delimiter=+\nsave \(session)\nopen \(session)\nshow ph\nls",
                                      shell: shell)
        XCTAssertEqual(shell.failures, 0, err)
        let model = try shell.session.phrases("ph")
        XCTAssertEqual(model.config.connectors, .english)
        XCTAssertEqual(model.config.delimiter, "+")
        XCTAssertEqual(model.stages.map(\.phrases.count), [8, 1])
        XCTAssertTrue(out.contains("pass 2, most frequent phrases:"), out)
        XCTAssertTrue(out.contains("new+york+city"), out)
        XCTAssertTrue(out.contains("ph    phraser  9 phrases"), out)
    }

    func testBadInputIsRefusedAndChangesNothing() throws {
        let shell = Shell(sink: BufferSink())
        _ = runScript("tokenizer tok", shell: shell)
        try "old\n".write(toFile: path("out.txt"), atomically: true, encoding: .utf8)
        let cases: [(String, String)] = [
            ("phrases x file=\(path("missing.txt"))", "no such file"),
            ("phrases x file=\(folder.path)", "is a directory"),
            ("phrases x file=\(Self.corpus) threshold=0", "threshold must be more than 0 with scoring=default (got 0.0)"),
            ("phrases x file=\(Self.corpus) threshold=-3", "threshold must be a number"),
            ("phrases x file=\(Self.corpus) scoring=npmi threshold=1.5", "threshold must be above -1 and at most 1 with scoring=npmi"),
            ("phrases x file=\(Self.corpus) scoring=npmi threshold=-1", "threshold must be above -1 and at most 1 with scoring=npmi"),
            ("phrases x file=\(Self.corpus) delimiter=\"a b\"", "delimiter must be 1 to 16 bytes without whitespace"),
            ("phrases x file=\(Self.corpus) passes=11", "passes must be"),
            ("phrases tok file=\(Self.corpus)", "a tokenizer named 'tok' already exists"),
            ("phrases tok apply file=\(Self.corpus) out=\(path("out.txt"))", "'tok' is a tokenizer, not a phraser"),
            ("phrases nothing apply file=\(Self.corpus) out=\(path("out.txt"))", "no phraser named 'nothing'"),
            ("phrases x file=\(Self.corpus) out=\(path("no/such/out.txt"))", "does not exist"),
        ]
        for (line, message) in cases {
            let before = shell.failures
            let (_, _, err) = runScript(line, shell: shell)
            XCTAssertEqual(shell.failures, before + 1, line)
            XCTAssertTrue(err.contains(message), "\(line): \(err)")
        }
        XCTAssertEqual(shell.session.names, ["tok"])
        XCTAssertEqual(try String(contentsOfFile: path("out.txt"), encoding: .utf8), "old\n")
    }

    func testAStopLeavesTheSessionAndTheOutputUnchanged() throws {
        try "old\n".write(toFile: path("out.txt"), atomically: true, encoding: .utf8)
        for stopAt in [1, 4] {
            let checks = Counter()
            let shell = Shell(sink: BufferSink(), interruption: Interruption { checks.next() >= stopAt })
            let (_, _, err) = runScript(Self.learn + " out=\(path("out.txt"))", shell: shell)
            XCTAssertEqual(shell.failures, 1, err)
            XCTAssertFalse(shell.session.contains("ph"))
            XCTAssertEqual(try String(contentsOfFile: path("out.txt"), encoding: .utf8), "old\n")
        }
    }
}
