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
        XCTAssertEqual(shell.failures, 0, err)
        XCTAssertTrue(err.contains("embsh: warning: stopped at 25.0%: w holds the vectors trained so far (partial)"), err)
        XCTAssertTrue(out.contains("note: partial: training was stopped at 25.0%"), out)
        XCTAssertTrue(shell.session.contains("w"))
    }

    /// Issue 13: Ctrl-C during `word2vec NAME … --replace` replaced the old table with the partial one.
    func testAStoppedReplaceKeepsTheOldTable() throws {
        let shell = Shell(sink: BufferSink())
        _ = runScript(Self.train, shell: shell)
        let old = try shell.session.table("w").values
        let checks = Counter()
        let stopping = Shell(sink: BufferSink(), interruption: Interruption { checks.next() >= 5 })
        stopping.session = shell.session
        let (_, _, err) = runScript(Self.train + " --replace", shell: stopping)
        XCTAssertTrue(err.contains("stopped at 25.0%: w keeps its old vectors"), err)
        XCTAssertEqual(try stopping.session.table("w").values, old)
        XCTAssertEqual(stopping.failures, 1)
    }

    /// Issue 13: alpha=5 trapped (skip-gram) or read outside the logistic table (CBOW); a run
    /// that blows up now fails with what to lower, and the session keeps what it had.
    func testADivergingRunFailsAndLeavesTheSessionAsItWas() throws {
        for arch in ["sg", "cbow"] {
            let shell = Shell(sink: BufferSink())
            let (_, _, err) = runScript(Self.train + " arch=\(arch) alpha=5", shell: shell)
            XCTAssertTrue(err.contains("training diverged: the loss per example reached"), err)
            XCTAssertTrue(err.contains("lower alpha (it was 5.0)"), err)
            XCTAssertFalse(shell.session.contains("w"))
        }
    }

    func testQuietShowsNothingOnStderr() {
        let (_, _, err) = runScript("set quiet true\n" + Self.train)
        XCTAssertEqual(err, "")
    }
}

/// Counts the calls of an `Interruption` check.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}
