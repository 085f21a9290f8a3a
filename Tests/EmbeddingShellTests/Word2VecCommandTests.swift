import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingShell

final class Word2VecCommandTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corpus/topics.txt").path
    static let train = "word2vec w file=\(corpus) dim=8 min_count=1 epochs=4 threads=1 seed=3"

    func testJSONHasTheInterfaceFields() throws {
        let (_, out, err) = runScript(Self.train, format: .json)
        XCTAssertEqual(err, "")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual(object["words"] as? Int, 4 * 3200)
        XCTAssertEqual(object["vocab_size"] as? Int, 16)
        XCTAssertEqual(object["partial"] as? Bool, false)
        for key in ["seconds", "words_per_second", "loss"] { XCTAssertNotNil(object[key] as? Double, key) }
    }

    func testAStopKeepsThePartialTableAndShowSaysSo() throws {
        // Counting reads the file in one block (2 checks), each epoch likewise: the 5th check
        // falls at the start of the second epoch.
        let checks = Counter()
        let shell = Shell(sink: BufferSink(), interruption: Interruption { checks.next() >= 5 })
        let (_, out, err) = runScript(Self.train + "\nshow w", shell: shell)
        XCTAssertEqual(err, "")
        XCTAssertTrue(out.contains("stopped at 25.0%: w holds the vectors trained so far (partial)"), out)
        XCTAssertTrue(out.contains("note: partial: training was stopped at 25.0%"), out)
        XCTAssertTrue(shell.session.contains("w"))
    }

    func testQuietShowsNothingOnStderr() {
        let (_, _, err) = runScript("set quiet true\n" + Self.train)
        XCTAssertEqual(err, "")
    }
}

/// Counts the calls of an `Interruption` check.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}
