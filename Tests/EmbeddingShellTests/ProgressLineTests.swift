import Foundation
import EmbeddingKit
import XCTest
@testable import EmbeddingShell

/// Progress of a long command on stderr: a bar redrawn in place on a terminal, a plain line
/// every `plainInterval` seconds otherwise, nothing when quiet.
final class ProgressLineTests: XCTestCase {
    func testATerminalGetsABarRedrawnInPlaceAndClearedAtTheEnd() {
        let sink = BufferSink(errIsTerminal: true)
        let line = ProgressLine("word2vec", context: CommandContext(shell: Shell(sink: sink)))
        line.update(fraction: 0.25, details: "epoch 1/4", seconds: 1)
        line.update(fraction: 0.5, details: "epoch 2/4", seconds: 1.5)
        line.finish()
        let draws = sink.stderr.split(separator: "\r", omittingEmptySubsequences: false).dropFirst()
        XCTAssertEqual(draws.count, 3, sink.stderr.debugDescription)
        XCTAssertTrue(draws.first!.hasPrefix("[====="), sink.stderr.debugDescription)
        XCTAssertTrue(draws.first!.hasSuffix("]  25.0%  epoch 1/4\u{1B}[K"), sink.stderr.debugDescription)
        XCTAssertTrue(draws.dropFirst().first!.hasSuffix("]  50.0%  epoch 2/4\u{1B}[K"), sink.stderr.debugDescription)
        XCTAssertEqual(draws.last, "\u{1B}[K", "the bar is wiped at the end")
        XCTAssertFalse(sink.stderr.contains("\n"))
    }

    func testElsewhereAPlainLineEveryInterval() {
        let sink = BufferSink()
        let line = ProgressLine("word2vec", context: CommandContext(shell: Shell(sink: sink)))
        let interval = ProgressLine.plainInterval
        for (i, seconds) in [0.5, interval, interval * 1.5, interval * 2.1].enumerated() {
            line.update(fraction: Double(i + 1) / 10, details: "at \(seconds)", seconds: seconds)
        }
        line.finish()
        XCTAssertEqual(sink.stderr, "word2vec: 20.0% at \(interval)\nword2vec: 40.0% at \(interval * 2.1)\n")
    }

    /// Issue 14: with --format json every line on stderr is JSON, progress included.
    func testInJSONThePlainLinesAreObjects() throws {
        let shell = Shell(sink: BufferSink())
        shell.settings.format = .json
        let line = ProgressLine("word2vec", context: CommandContext(shell: shell))
        line.update(fraction: 0.25, details: "epoch 1/4", seconds: ProgressLine.plainInterval)
        let text = (shell.sink as! BufferSink).stderr
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
        XCTAssertEqual(object["progress"] as? String, "word2vec")
        XCTAssertEqual(object["fraction"] as? Double, 0.25)
    }

    func testQuietShowsNothingEvenOnATerminal() {
        for terminal in [true, false] {
            let shell = Shell(sink: BufferSink(errIsTerminal: terminal))
            shell.settings.quiet = true
            let line = ProgressLine("word2vec", context: CommandContext(shell: shell))
            line.update(fraction: 0.5, details: "", seconds: 100)
            line.finish()
            XCTAssertEqual((shell.sink as! BufferSink).stderr, "")
        }
    }

    func testWord2VecShowsRateLearningRateLossAndETA() {
        let progress = Word2VecProgress(fraction: 0.25, epoch: 2, epochs: 5, words: 600_000, seconds: 1,
                                        learningRate: 0.0157, loss: 2.134)
        XCTAssertEqual(Word2VecCommand.describe(progress), "epoch 2/5  600k words/s  lr 0.01570  loss 2.1340  ETA 0:03")
    }
}
