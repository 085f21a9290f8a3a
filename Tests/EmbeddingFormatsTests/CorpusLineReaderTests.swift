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

    func testEmptyFileHasNoLines() throws {
        XCTAssertEqual(try LineReader(path: CorpusFixture.path("empty.txt")).forEachLine { _, _ in },
                       LineReader.Summary(lines: 0, bytes: 0))
    }
}
