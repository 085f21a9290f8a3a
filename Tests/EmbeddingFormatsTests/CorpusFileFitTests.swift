import EmbeddingFormats
import EmbeddingKit
import XCTest

final class CorpusFileFitTests: XCTestCase {
    func testFileFitMatchesInMemoryFit() throws {
        let texts = ["The cat sat.", "The dog, the CAT!", "", "last line without newline"]
        var expected = try Tokenizer()
        expected.fit(texts: texts)
        var tokenizer = try Tokenizer()
        let report = try TokenizerFileFit.fit(&tokenizer, path: CorpusFixture.path("lines.txt"))
        XCTAssertEqual(report, FitReport(lines: 4, documents: 4, words: 11, skippedLines: 0, firstInvalidUTF8Line: nil))
        XCTAssertEqual(tokenizer.documentCount, 4)
        XCTAssertEqual(tokenizer.wordIndex.map(\.word), expected.wordIndex.map(\.word))
        XCTAssertEqual(tokenizer.wordDocs.map(\.count), expected.wordDocs.map(\.count))

        var sequences: [[Int]] = []
        try TokenizerFileFit.forEachSequence(tokenizer, path: CorpusFixture.path("lines.txt")) { sequence, _ in
            sequences.append(Array(sequence))
        }
        XCTAssertEqual(sequences, expected.textsToSequences(texts))
    }

    func testFitReportsSkippedAndInvalidLines() throws {
        var tokenizer = try Tokenizer()
        let report = try TokenizerFileFit.fit(&tokenizer, path: CorpusFixture.path("docs.ft"), format: .fasttext,
                                              skipBad: true)
        XCTAssertEqual(report.documents, 3)
        XCTAssertEqual(report.skippedLines, 1)
        XCTAssertEqual(tokenizer.wordIndex.first?.word, "the")
        var other = try Tokenizer()
        XCTAssertEqual(try TokenizerFileFit.fit(&other, path: CorpusFixture.path("invalid-utf8.txt")).firstInvalidUTF8Line, 2)
        XCTAssertNotNil(other.index(of: "\u{FFFD}"))
    }

    func testStoppedOrFailedFitLeavesTokenizerUnchanged() throws {
        var tokenizer = try Tokenizer()
        tokenizer.fit(texts: ["keep me"])
        XCTAssertThrowsError(try TokenizerFileFit.fit(&tokenizer, path: CorpusFixture.path("lines.txt"),
                                                      interruption: Interruption { true })) {
            XCTAssertEqual($0 as? Interrupted, Interrupted())
        }
        XCTAssertThrowsError(try TokenizerFileFit.fit(&tokenizer, path: CorpusFixture.path("docs.tsv"), format: .tsv,
                                                      column: 2))
        XCTAssertEqual(tokenizer.documentCount, 1)
        XCTAssertEqual(tokenizer.wordCounts.map(\.word), ["keep", "me"])
    }
}
