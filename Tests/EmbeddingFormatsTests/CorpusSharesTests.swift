import Foundation
@testable import EmbeddingFormats
import EmbeddingKit
import XCTest

/// Training threads read their own share of a corpus file, as word2vec.c's and fastText's do.
final class CorpusSharesTests: XCTestCase {
    /// What one training part read, in order.
    private final class Recorder: @unchecked Sendable {
        var lines: [String] = []
        var blocks = 0
    }

    private var path = ""

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "embsh-shares-\(UUID().uuidString).txt"
    }

    override func tearDown() {
        unlink(path)
    }

    private func write(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Lines of lengths 1…40 characters, numbered.
    private func numberedLines(_ count: Int) -> [String] {
        (1 ... count).map { "\($0) " + String(repeating: "w", count: ($0 * 7) % 40) }
    }

    func testSharesStartAtTheFirstLineStartOfEachShareAndCoverTheFile() throws {
        let text = numberedLines(200).joined(separator: "\n") + "\n"
        try write(text)
        let bytes = Array(text.utf8)
        for count in [1, 2, 3, 5, 8] {
            let shares = try CorpusFile(path: path).shares(count: count, maxLineBytes: 1000)
            XCTAssertEqual(shares.count, count)
            XCTAssertEqual(shares.first?.lowerBound, 0)
            XCTAssertEqual(shares.last?.upperBound, bytes.count)
            for i in 1 ..< count {
                let share = bytes.count * i / count, bound = shares[i].lowerBound
                XCTAssertEqual(shares[i - 1].upperBound, bound)
                XCTAssertEqual(bytes[bound - 1], 10, "share \(i) of \(count) starts at a line start")
                XCTAssertGreaterThanOrEqual(bound, share)
                XCTAssertFalse(bytes[(share > 0 ? share - 1 : 0) ..< bound - 1].contains(10), "no earlier line start in share \(i)")
            }
        }
    }

    func testEachPartReadsItsShareInOrderAndTogetherEveryLineOnce() throws {
        let lines = numberedLines(300)
        try write(lines.joined(separator: "\n"))  // the last line without its LF
        let corpus = try CorpusReader(path: path, blockSize: 64)
        for count in [1, 2, 3, 7] {
            let parts = (0 ..< count).map { _ in Recorder() }
            var afterBlocks = 0
            try corpus.forEachLine(parts: parts, split: .shares, interruption: .never,
                                   work: { part, line in part.lines.append(String(decoding: line, as: UTF8.self)) },
                                   afterBlock: { part in part.blocks += 1; afterBlocks += 1 })
            XCTAssertEqual(parts.flatMap(\.lines), lines, "\(count) parts")
            let shares = try CorpusFile(path: path).shares(count: count, maxLineBytes: CorpusError.maxLineBytes)
            for (part, share) in zip(parts, shares) {
                let first = lines.firstIndex { $0 == part.lines.first } ?? -1
                XCTAssertEqual(lines[..<first].reduce(0) { $0 + $1.utf8.count + 1 }, share.lowerBound)
                XCTAssertGreaterThan(part.blocks, 1, "blocks of 64 bytes")
            }
            XCTAssertEqual(afterBlocks, parts.reduce(0) { $0 + $1.blocks })
        }
    }

    func testALineLongerThanItsShareLeavesTheNextShareEmpty() throws {
        let lines = ["short", String(repeating: "x", count: 500), "tail"]
        try write(lines.joined(separator: "\n") + "\n")
        let shares = try CorpusFile(path: path).shares(count: 4, maxLineBytes: 1000)
        XCTAssertEqual(shares.filter(\.isEmpty).count, 2)
        let parts = (0 ..< 4).map { _ in Recorder() }
        try CorpusReader(path: path, blockSize: 16).forEachLine(parts: parts, split: .shares, interruption: .never,
                                                                 work: { part, line in part.lines.append(String(decoding: line, as: UTF8.self)) },
                                                                 afterBlock: { _ in })
        XCTAssertEqual(parts.flatMap(\.lines), lines)
        XCTAssertEqual(parts.map(\.lines.count), [2, 0, 0, 1])
    }

    /// A thousand parts share one descriptor, and the empty shares take no buffers.
    func testMorePartsThanLinesReadEachLineOnce() throws {
        try write("only line\n")
        let parts = (0 ..< 1_000).map { _ in Recorder() }
        try CorpusReader(path: path).forEachLine(parts: parts, split: .shares, interruption: .never,
                                                 work: { part, line in part.lines.append(String(decoding: line, as: UTF8.self)) },
                                                 afterBlock: { _ in })
        XCTAssertEqual(parts.flatMap(\.lines), ["only line"])
    }

    func testAnEmptyFileIsAnErrorForEveryNumberOfParts() throws {
        try write("")
        for count in [1, 3] {
            XCTAssertThrowsError(try CorpusReader(path: path).forEachLine(parts: (0 ..< count).map { _ in Recorder() }, split: .shares, interruption: .never,
                                                                          work: { _, _ in }, afterBlock: { _ in })) {
                XCTAssertEqual($0 as? CorpusError, .emptyFile(path: path))
            }
        }
    }

    /// A too-long line read by a later share is named by its line in the whole file.
    func testATooLongLineInALaterShareIsNamedByItsLineInTheFile() throws {
        var lines = numberedLines(60)
        lines[49] = String(repeating: "y", count: 300)
        try write(lines.joined(separator: "\n") + "\n")
        let corpus = try CorpusReader(path: path, blockSize: 64, maxLineBytes: 200)
        let shares = try CorpusFile(path: path).shares(count: 2, maxLineBytes: 200)
        XCTAssertLessThan(shares[1].lowerBound, lines[..<49].reduce(0) { $0 + $1.utf8.count + 1 }, "the line is in the second share")
        XCTAssertThrowsError(try corpus.forEachLine(parts: [Recorder(), Recorder()], split: .shares, interruption: .never,
                                                    work: { _, _ in }, afterBlock: { _ in })) {
            XCTAssertEqual($0 as? CorpusError, .lineTooLong(path: path, line: 50, limit: 200))
        }
    }
}
