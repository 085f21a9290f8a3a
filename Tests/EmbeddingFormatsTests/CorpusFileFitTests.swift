import EmbeddingFormats
import EmbeddingKit
import Foundation
import XCTest

final class CorpusFileFitTests: XCTestCase {
    private func corpus(_ name: String, format: CorpusFormat = .lines, column: Int = 1, skipBad: Bool = false,
                        blockSize: Int = CorpusReader.defaultBlockSize) throws -> CorpusReader {
        try CorpusReader(path: CorpusFixture.path(name), format: format, column: column, skipBad: skipBad, blockSize: blockSize)
    }

    func testFileFitMatchesInMemoryFit() throws {
        let texts = ["The cat sat.", "The dog, the CAT!", "", "last line without newline"]
        var expected = try Tokenizer()
        try expected.fit(texts: texts)
        var tokenizer = try Tokenizer()
        let report = try TokenizerFileFit.fit(&tokenizer, corpus: corpus("lines.txt"))
        XCTAssertEqual(report, FitReport(lines: 4, documents: 4, words: 11, skippedLines: 0, firstInvalidUTF8Line: nil))
        XCTAssertEqual(tokenizer.documentCount, 4)
        XCTAssertEqual(tokenizer.wordIndex.map(\.word), expected.wordIndex.map(\.word))
        XCTAssertEqual(tokenizer.wordDocs.map(\.count), expected.wordDocs.map(\.count))

        var sequences: [[Int]] = []
        try TokenizerFileFit.forEachSequence(tokenizer, corpus: corpus("lines.txt")) { sequences.append($0) }
        XCTAssertEqual(sequences, expected.textsToSequences(texts))
    }

    /// Blocks of a few lines, worked by several threads, give exactly the serial result:
    /// first-seen order (which breaks count ties), counts, document counts and sequences.
    func testParallelFitAndSequencesEqualTheSerialOnes() throws {
        var lines: [String] = []
        for i in 0 ..< 400 {
            // Frequent words, words that first appear late, and ties that only first-seen order breaks.
            lines.append("common w\(i % 7) new\(i) tie\(i % 50) Tie\(i % 50)! x\(i % 3) " + (i % 5 == 0 ? "" : "rare\(i % 11)"))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-parallel-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)

        var serial = try Tokenizer(config: TokenizerConfig(oovToken: "<oov>"))
        try serial.fit(texts: ["already seen: x0 common"])
        let before = serial
        try serial.fit(texts: lines)
        for threads in [1, 2, 3, 5] {
            var parallel = before
            let reader = try CorpusReader(path: url.path, blockSize: 200)
            let report = try TokenizerFileFit.fit(&parallel, corpus: reader, threads: threads)
            XCTAssertEqual(report.documents, lines.count)
            XCTAssertEqual(parallel.documentCount, serial.documentCount, "threads \(threads)")
            XCTAssertEqual(parallel.wordCounts.map(\.word), serial.wordCounts.map(\.word), "first-seen order, threads \(threads)")
            XCTAssertEqual(parallel.wordCounts.map(\.count), serial.wordCounts.map(\.count), "threads \(threads)")
            XCTAssertEqual(parallel.wordDocs.map(\.count), serial.wordDocs.map(\.count), "threads \(threads)")
            XCTAssertEqual(parallel.wordIndex.map(\.word), serial.wordIndex.map(\.word), "threads \(threads)")

            var sequences: [[Int]] = []
            try TokenizerFileFit.forEachSequence(parallel, corpus: reader, threads: threads) { sequences.append($0) }
            XCTAssertEqual(sequences, serial.textsToSequences(lines), "threads \(threads)")
        }
    }

    func testFitReportsSkippedAndInvalidLines() throws {
        var tokenizer = try Tokenizer()
        let report = try TokenizerFileFit.fit(&tokenizer, corpus: corpus("docs.ft", format: .fasttext, skipBad: true))
        XCTAssertEqual(report.documents, 3)
        XCTAssertEqual(report.skippedLines, 1)
        XCTAssertEqual(tokenizer.wordIndex.first?.word, "the")
        var other = try Tokenizer()
        XCTAssertEqual(try TokenizerFileFit.fit(&other, corpus: corpus("invalid-utf8.txt")).firstInvalidUTF8Line, 2)
        XCTAssertNotNil(other.index(of: "\u{FFFD}"))
    }

    /// With one line per block and several threads, the first bad line in file order is the
    /// one reported, with its line number in the file.
    func testParallelErrorsNameTheFirstBadLine() throws {
        var tokenizer = try Tokenizer()
        XCTAssertThrowsError(try TokenizerFileFit.fit(&tokenizer, corpus: corpus("docs.tsv", format: .tsv, column: 2, blockSize: 1),
                                                      threads: 3)) {
            guard case .missingColumn(_, let line, _, _)? = $0 as? CorpusError else { return XCTFail("\($0)") }
            XCTAssertEqual(line, 4)
        }
        var other = try Tokenizer()
        XCTAssertEqual(try TokenizerFileFit.fit(&other, corpus: corpus("invalid-utf8.txt", blockSize: 1), threads: 3)
            .firstInvalidUTF8Line, 2)
    }

    func testStoppedOrFailedFitLeavesTokenizerUnchanged() throws {
        var tokenizer = try Tokenizer()
        try tokenizer.fit(texts: ["keep me"])
        XCTAssertThrowsError(try TokenizerFileFit.fit(&tokenizer, corpus: corpus("lines.txt"), interruption: Interruption { true })) {
            XCTAssertEqual($0 as? Interrupted, Interrupted())
        }
        XCTAssertThrowsError(try TokenizerFileFit.fit(&tokenizer, corpus: corpus("docs.tsv", format: .tsv, column: 2)))
        XCTAssertEqual(tokenizer.documentCount, 1)
        XCTAssertEqual(tokenizer.wordCounts.map(\.word), ["keep", "me"])
    }
}
