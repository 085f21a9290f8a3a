import Foundation
import XCTest
@testable import EmbeddingFormats
import EmbeddingKit

/// fastText `.bin` models against a model written by the `fasttext` wheel and its own answers
/// (`Tests/Fixtures/fasttext/generate.py`).
final class FastTextModelFileTests: XCTestCase {
    private struct Answers: Decodable {
        var dim: Int
        var words: [String]
        var vectors: [String: [Float]]
        var gensim_vectors: [String: [Float]]
    }

    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fasttext")
    private static let model = folder.appendingPathComponent("tiny.bin").path

    private func answers() throws -> Answers {
        try JSONDecoder().decode(Answers.self, from: Data(contentsOf: Self.folder.appendingPathComponent("answers.json")))
    }

    private func vector(_ table: EmbeddingTable, _ word: String) throws -> [Float] {
        if table.contains(word) { return try table.row(forWord: word) }
        return try XCTUnwrap(table.composedVector(word), word)
    }

    func testReadsTheWheelsModelWithItsVectors() throws {
        let answers = try answers()
        XCTAssertEqual(try VectorFileReader.detectFormat(path: Self.model), .fasttextBin)
        let table = try VectorFileReader.read(path: Self.model).table
        XCTAssertEqual(table.labels, answers.words)
        XCTAssertEqual(table.dim, answers.dim)
        let subwords = try XCTUnwrap(table.subwords)
        XCTAssertEqual(subwords.settings, SubwordSettings(minn: 2, maxn: 4, bucket: 500))
        XCTAssertEqual(subwords.output?.count, answers.words.count * answers.dim)
        var oov = 0
        for (word, expected) in answers.vectors {
            let found = try vector(table, word)
            if table.contains(word) {
                XCTAssertEqual(found, expected, "in-vocabulary \(word) differs")  // identical
            } else {
                oov += 1
                for (a, b) in zip(found, expected) { XCTAssertEqual(a, b, accuracy: 1e-5, word) }
            }
        }
        XCTAssertGreaterThan(oov, 5)
        for (word, expected) in answers.gensim_vectors {
            for (a, b) in zip(try vector(table, word), expected) { XCTAssertEqual(a, b, accuracy: 1e-5, "gensim \(word)") }
        }
    }

    func testWritesAModelThatReadsBackTheSame() throws {
        let table = try VectorFileReader.read(path: Self.model).table
        let path = NSTemporaryDirectory() + "embsh-fasttext-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try VectorFileWriter.write(table, to: path, format: .fasttextBin)
        // The same bytes as the wheel wrote, but for the float rounding of recovered own rows.
        let original = try Data(contentsOf: URL(fileURLWithPath: Self.model)), written = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(original.count, written.count)
        // The header through the dictionary's counts (size, nwords, nlabels, ntokens) is the wheel's.
        XCTAssertEqual(original.prefix(84), written.prefix(84))
        XCTAssertEqual(table.subwords?.training.tokens, 2641)
        let again = try VectorFileReader.read(path: path).table
        XCTAssertEqual(again.labels, table.labels)
        XCTAssertEqual(again.counts, table.counts)
        XCTAssertEqual(again.subwords?.ngrams, table.subwords?.ngrams)
        XCTAssertEqual(again.subwords?.output, table.subwords?.output)
        XCTAssertEqual(again.subwords?.training, table.subwords?.training)
        for row in 0 ..< table.rows {
            for (a, b) in zip(try again.row(row), try table.row(row)) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        }
    }

    /// The header's ntokens is the corpus's token count when the table knows it (words under
    /// min_count included: more than the words' counts), else the sum of the words' counts.
    func testNtokensIsTheCorpusTokenCountWhenKnown() throws {
        var table = try EmbeddingTable(rows: 2, dim: 3, values: [1, 2, 3, 4, 5, 6], labels: ["ab", "ba"], counts: [5, 2])
        func attach(tokens: Int?) throws {
            var training = FastTextTrainingArguments()
            training.tokens = tokens
            table.subwords = try SubwordVectors(settings: SubwordSettings(minn: 2, maxn: 3, bucket: 4), dim: 3,
                                                ngrams: (0 ..< 12).map { Float($0) / 5 }, output: nil, training: training)
        }
        let path = NSTemporaryDirectory() + "embsh-fasttext-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        func ntokens() throws -> Int64 {
            try Data(contentsOf: URL(fileURLWithPath: path)).withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 76, as: Int64.self) }
        }
        try attach(tokens: 999)
        try VectorFileWriter.write(table, to: path, format: .fasttextBin)
        XCTAssertEqual(try ntokens(), 999)
        XCTAssertEqual(try VectorFileReader.read(path: path).table.subwords?.training.tokens, 999)
        try attach(tokens: nil)
        try VectorFileWriter.write(table, to: path, format: .fasttextBin)
        XCTAssertEqual(try ntokens(), 7)
    }

    func testAPlainTableIsWrittenWithoutNgrams() throws {
        let table = try EmbeddingTable(rows: 2, dim: 3, values: [1, 2, 3, 4, 5, 6], labels: ["a", "b"], counts: [5, 2])
        let path = NSTemporaryDirectory() + "embsh-fasttext-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try VectorFileWriter.write(table, to: path, format: .fasttextBin)
        let again = try VectorFileReader.read(path: path).table
        XCTAssertEqual(try again.row(1), [4, 5, 6])
        XCTAssertNil(again.composedVector("c"))
    }

    func testRefusesDamagedModelsWithTheReason() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.model)))
        func reason(_ data: [UInt8]) -> String? {
            do { _ = try VectorFileReader.read(data: data, format: .fasttextBin); return nil } catch let error as VectorReadError {
                if case .fastTextModel(_, let reason) = error { return reason }
                return "\(error)"
            } catch { return "\(error)" }
        }
        func patched(_ offset: Int, _ value: Int32) -> [UInt8] {
            var copy = bytes
            withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { copy[offset + i] = b } }
            return copy
        }
        XCTAssertEqual(reason(Array(bytes.prefix(100))), "21 dictionary entries in 8 bytes")
        XCTAssertEqual(reason(Array(bytes.prefix(400))), "its input matrix has 521 rows of 8 values, more than its 4 remaining bytes hold")
        XCTAssertEqual(reason(patched(4, 9)), "format version 9 (embsh reads 11 and 12)")
        XCTAssertEqual(reason(patched(8, 0)), "dimension 0 (expected 1 to \(EmbeddingTable.maxDimension))")
        XCTAssertEqual(reason(patched(36, 3)), "a supervised (classifier) model; embsh reads word-vector models (cbow, skipgram)")
        // A bucket count the input matrix does not hold.
        XCTAssertNotNil(reason(patched(40, 1 << 29))?.range(of: "input matrix"))
        // A dictionary bigger than the file.
        XCTAssertEqual(reason(patched(64, Int32.max)), "a dictionary of 2147483647 entries with 21 words and 0 labels")
        XCTAssertNotNil(reason(bytes + [0]))
    }
}
