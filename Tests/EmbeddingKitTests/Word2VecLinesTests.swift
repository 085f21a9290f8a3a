import EmbeddingKit
import XCTest

/// In-memory corpora hand each training part its own share of the lines, as files do.
final class Word2VecLinesTests: XCTestCase {
    private final class Recorder: @unchecked Sendable {
        var lines: [String] = []
    }

    func testEachPartReadsItsOwnShareOfTheLinesInOrder() throws {
        let lines = (1 ... 103).map { "line \($0)" }
        for (count, perBlock) in [(1, 64), (2, 10), (3, 7), (5, 1), (200, 4)] {
            let parts = (0 ..< count).map { _ in Recorder() }
            var afterBlocks = 0
            try Word2VecLines(lines, linesPerBlock: perBlock).forEachLine(parts: parts, split: .shares, interruption: .never,
                                                                          work: { part, line in part.lines.append(String(decoding: line, as: UTF8.self)) },
                                                                          afterBlock: { _ in afterBlocks += 1 })
            XCTAssertEqual(parts.flatMap(\.lines), lines, "\(count) parts")
            for (i, part) in parts.enumerated() {
                XCTAssertEqual(part.lines, Array(lines[lines.count * i / count ..< lines.count * (i + 1) / count]))
            }
            XCTAssertEqual(afterBlocks, parts.reduce(0) { $0 + ($1.lines.count + perBlock - 1) / perBlock })
        }
    }

    func testConsecutiveBlocksGoRoundThePartsInCorpusOrder() throws {
        let lines = (1 ... 23).map { "line \($0)" }
        let parts = (0 ..< 3).map { _ in Recorder() }
        var seen: [String] = []
        try Word2VecLines(lines, linesPerBlock: 4).forEachLine(parts: parts, split: .consecutiveBlocks, interruption: .never,
                                                               work: { part, line in part.lines.append(String(decoding: line, as: UTF8.self)) },
                                                               afterBlock: { part in seen += part.lines; part.lines.removeAll() })
        XCTAssertEqual(seen, lines)
    }
}
