import EmbeddingFormats
import EmbeddingKit
import XCTest

final class CorpusReaderTests: XCTestCase {
    private func documents(_ name: String, _ format: CorpusFormat, column: Int = 1,
                           skipBad: Bool = false) throws -> ([(Int, String, [String])], CorpusReport) {
        var result: [(Int, String, [String])] = []
        let report = try CorpusReader(path: CorpusFixture.path(name), format: format, column: column, skipBad: skipBad)
            .forEachDocument { result.append(($0.line, $0.string, $0.labels)) }
        return (result, report)
    }

    func testLines() throws {
        let (docs, report) = try documents("lines.txt", .lines)
        XCTAssertEqual(docs.map(\.1), ["The cat sat.", "The dog, the CAT!", "", "last line without newline"])
        XCTAssertEqual(report, CorpusReport(lines: 4, documents: 4, skippedLines: 0, firstInvalidUTF8Line: nil))
    }

    func testTSVColumnIsOneBasedAndMissingColumnsNameTheLine() throws {
        let path = CorpusFixture.path("docs.tsv")
        XCTAssertThrowsError(try documents("docs.tsv", .tsv, column: 2)) {
            XCTAssertEqual($0 as? CorpusError, .missingColumn(path: path, line: 4, column: 2, columns: 1))
            XCTAssertEqual("\($0)", "\(path):4: no column 2 (the line has 1 tab-separated column)")
        }
        let (docs, report) = try documents("docs.tsv", .tsv, column: 2, skipBad: true)
        XCTAssertEqual(docs.map(\.1), ["text", "The cat sat.", "The dog, the CAT!", ""])
        XCTAssertEqual(docs.map(\.0), [1, 2, 3, 5])
        XCTAssertEqual(report.skippedLines, 1)
        XCTAssertEqual(report.documents, 4)
        XCTAssertEqual(try documents("docs.tsv", .tsv, column: 3, skipBad: true).0.map(\.1), ["label", "pos", "neg", "neu"])
        XCTAssertThrowsError(try CorpusReader(path: path, format: .tsv, column: 0)) {
            XCTAssertEqual($0 as? CorpusError, .invalidColumn(0))
        }
    }

    func testFastTextLabelsAndText() throws {
        let path = CorpusFixture.path("docs.ft")
        XCTAssertThrowsError(try documents("docs.ft", .fasttext)) {
            XCTAssertEqual($0 as? CorpusError, .missingLabel(path: path, line: 3))
        }
        let (docs, report) = try documents("docs.ft", .fasttext, skipBad: true)
        XCTAssertEqual(docs.map(\.1), ["The cat sat.", "The dog, the CAT!", ""])
        XCTAssertEqual(docs.map(\.2), [["pos", "cats"], ["neg"], ["x"]])
        XCTAssertEqual(report.skippedLines, 1)
    }

    func testInvalidUTF8IsReplacedAndReportedOnce() throws {
        let (docs, report) = try documents("invalid-utf8.txt", .lines)
        XCTAssertEqual(docs.map(\.1), ["good line", "bad \u{FFFD} byte café", "also \u{FFFD} bad"])
        XCTAssertEqual(report.firstInvalidUTF8Line, 2)
    }

    func testEmptyFileIsAnError() {
        let path = CorpusFixture.path("empty.txt")
        XCTAssertThrowsError(try documents("empty.txt", .lines)) {
            XCTAssertEqual($0 as? CorpusError, .emptyFile(path: path))
        }
    }

    func testFormatNames() {
        XCTAssertEqual(CorpusFormat.allCases.map(\.rawValue), ["lines", "tsv", "fasttext"])
    }
}
