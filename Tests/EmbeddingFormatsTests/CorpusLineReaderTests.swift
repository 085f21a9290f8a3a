import Foundation
import EmbeddingFormats
import XCTest

final class CorpusLineReaderTests: XCTestCase {
    private func lines(_ name: String, chunkSize: Int = LineReader.defaultChunkSize) throws -> [(String, Int)] {
        var result: [(String, Int)] = []
        try LineReader(path: CorpusFixture.path(name), chunkSize: chunkSize).forEachLine {
            result.append((String(decoding: $0, as: UTF8.self), $1))
        }
        return result
    }

    func testLinesWithoutEndingsIncludingLastLine() throws {
        let expected = ["The cat sat.", "The dog, the CAT!", "", "last line without newline"]
        for chunkSize in [1, 3, 7, LineReader.defaultChunkSize] {
            let read = try lines("lines.txt", chunkSize: chunkSize)
            XCTAssertEqual(read.map(\.0), expected, "chunk size \(chunkSize)")
            XCTAssertEqual(read.map(\.1), [1, 2, 3, 4])
        }
        let summary = try LineReader(path: CorpusFixture.path("lines.txt")).forEachLine { _, _ in }
        XCTAssertEqual(summary, LineReader.Summary(lines: 4, bytes: 58))
    }

    func testMissingFileAndDirectory() {
        let missing = CorpusFixture.path("nope.txt")
        XCTAssertThrowsError(try LineReader(path: missing).forEachLine { _, _ in }) {
            XCTAssertEqual($0 as? CorpusError, .file(.notFound(path: missing)))
            XCTAssertEqual("\($0)", "\(missing): no such file")
        }
        let directory = CorpusFixture.directory.path
        XCTAssertThrowsError(try LineReader(path: directory).forEachLine { _, _ in }) {
            XCTAssertEqual($0 as? CorpusError, .file(.isDirectory(path: directory)))
        }
    }

    /// Issue 13: a file without line ends (zeros, a binary blob) grew the line buffer to the
    /// size of the file; past the limit it is an error naming the line.
    func testALineBeyondTheLimitIsAnErrorNamingIt() throws {
        let path = NSTemporaryDirectory() + "embsh-long-line-\(getpid()).txt"
        try Data(("short\n" + String(repeating: "x", count: 5000) + "\nafter\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        XCTAssertThrowsError(try LineReader(path: path, chunkSize: 64, maxLineBytes: 1000).forEachLine { _, _ in }) {
            XCTAssertEqual($0 as? CorpusError, .lineTooLong(path: path, line: 2, limit: 1000))
            XCTAssertEqual("\($0)", "\(path):2: line longer than 1000 bytes (is this a text file?)")
        }
        let corpus = try CorpusReader(path: path, blockSize: 16, maxLineBytes: 1000)
        XCTAssertThrowsError(try corpus.forEachDocument { _ in }) {
            XCTAssertEqual($0 as? CorpusError, .lineTooLong(path: path, line: 2, limit: 1000))
        }
        XCTAssertEqual(try LineReader(path: path, chunkSize: 64, maxLineBytes: 5000).forEachLine { _, _ in }.lines, 3)
    }

    func testEmptyFileHasNoLines() throws {
        XCTAssertEqual(try LineReader(path: CorpusFixture.path("empty.txt")).forEachLine { _, _ in },
                       LineReader.Summary(lines: 0, bytes: 0))
    }
}
