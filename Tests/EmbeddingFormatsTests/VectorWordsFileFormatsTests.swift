import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

/// TSV (Embedding Projector) and NumPy `.npy` vectors, whose words live in a companion file.
final class VectorWordsFileFormatsTests: XCTestCase {
    let small: [Float] = [1, 0, 0.5, -0.25, -0.001, 25]

    func read(_ name: String, words: String? = nil, format: VectorFormat? = nil, limit: Int? = nil) throws -> VectorFileReader.Result {
        try VectorFileReader.read(path: SharedData.fixture(name), format: format, words: words.map(SharedData.fixture), limit: limit)
    }

    func testCompanionNames() {
        XCTAssertEqual(WordsFile.companion(of: "out/vectors.tsv"), "out/metadata.tsv")
        XCTAssertEqual(WordsFile.companion(of: "vectors.npy"), "metadata.tsv")
        XCTAssertEqual(WordsFile.companion(of: "/tmp/glove.6B.tsv"), "/tmp/glove.6B-metadata.tsv")
        XCTAssertEqual(WordsFile.companion(of: "emb.npy"), "emb-metadata.tsv")
        XCTAssertEqual(WordsFile.companion(of: "dir.d/emb"), "dir.d/emb-metadata.tsv")
        XCTAssertEqual(WordsFile.companion(of: ".hidden"), ".hidden-metadata.tsv")
    }

    func testFortranOrderFloat64WithAnotherWordsFile() throws {
        XCTAssertEqual(try VectorFileReader.detectFormat(path: SharedData.fixture("small-f8-fortran.npy")), .npy)
        let (t, w) = try read("small-f8-fortran.npy", words: "small-metadata.tsv")
        XCTAssertEqual(w, [])
        XCTAssertEqual(t.labels, ["the", "cat", "dog"])
        XCTAssertEqual(t.values, small)
    }

    func testMultiColumnMetadataHasAHeaderAndWordsInColumnOne() throws {
        let (t, _) = try read("small.tsv", words: "columns-metadata.tsv")
        XCTAssertEqual(t.labels, ["the", "cat", "dog"])
    }

    func testLimitReadsTheFirstRowsAndWords() throws {
        for name in ["small.tsv", "small.npy", "small-f8-fortran.npy"] {
            let (t, w) = try read(name, words: "small-metadata.tsv", limit: 2)
            XCTAssertEqual(t.labels, ["the", "cat"], name)
            XCTAssertEqual(t.values, Array(small.prefix(4)), name)
            XCTAssertEqual(w, [], name)
        }
    }

    func testNpyHeaderMatchesNumPy() throws {
        let numpy = Array(try Data(contentsOf: URL(fileURLWithPath: SharedData.fixture("small.npy"))))
        let ours = NpyHeader.encode(rows: 3, dim: 2)
        XCTAssertEqual(ours, Array(numpy.prefix(ours.count)))
        XCTAssertEqual(ours.count % 64, 0)
        let header = try ours.withUnsafeBytes { try NpyHeader(parsing: $0, path: "x") }
        XCTAssertEqual([header.valueBytes, header.rows, header.dim, header.dataOffset], [4, 3, 2, 128])
        XCTAssertFalse(header.fortranOrder)
    }

    func testErrors() throws {
        XCTAssertThrowsError(try read("orphan.tsv")) {
            XCTAssertEqual($0 as? VectorReadError,
                           .missingWordsFile(vectors: SharedData.fixture("orphan.tsv"), expected: SharedData.fixture("orphan-metadata.tsv")))
        }
        XCTAssertThrowsError(try read("small.tsv", words: "short-metadata.tsv")) {
            XCTAssertEqual($0 as? VectorReadError, .wordCountMismatch(wordsFile: SharedData.fixture("short-metadata.tsv"), words: 2, vectors: 3))
            XCTAssertEqual("\($0)", "\(SharedData.fixture("short-metadata.tsv")) has 2 words but the vectors file has 3 vectors")
        }
        XCTAssertThrowsError(try read("wrong-dim.tsv")) {
            XCTAssertEqual($0 as? VectorReadError, .wrongDimension(line: 2, word: "", expected: 2, found: 3))
            XCTAssertEqual("\($0)", "line 2: 3 values, expected 2")
        }
        XCTAssertThrowsError(try read("truncated.npy", words: "small-metadata.tsv")) {
            XCTAssertEqual($0 as? VectorReadError, .truncated(expectedVectors: 3, completeVectors: 2, atByte: 146))
        }
        XCTAssertThrowsError(try read("int32.npy", words: "small-metadata.tsv")) {
            XCTAssertEqual("\($0)", "\(SharedData.fixture("int32.npy")): unsupported .npy file "
                           + "(dtype '<i4'; expected little-endian float32 '<f4' or float64 '<f8')")
        }
        var nan = NpyHeader.encode(rows: 2, dim: 2)
        for value: Float in [1, 2, 3, .nan] { nan += withUnsafeBytes(of: value) { Array($0) } }
        let words = WordList(["a", "b"])
        XCTAssertThrowsError(try VectorFileReader.read(data: nan, words: words)) {
            XCTAssertEqual($0 as? VectorReadError, .nonFiniteVector(vector: 2, word: "b", column: 2, text: "nan"))
        }
        let (t, w) = try VectorFileReader.read(data: nan, words: words, allowNonFinite: true)
        XCTAssertTrue(t.values[3].isNaN)
        XCTAssertEqual(w, [.nonFiniteRows(1)])
    }

    func testInvalidUTF8InTheWordsFileIsDecodedLeniently() throws {
        let data = Array("1\t2\n3\t4\n".utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-words-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let wordsPath = dir.appendingPathComponent("w.txt").path
        try Data([0x63, 0x61, 0x66, 0xE9, 10, 0x6F, 0x6B, 10]).write(to: URL(fileURLWithPath: wordsPath))
        let (t, w) = try VectorFileReader.read(data: data, format: .tsv, words: try WordsFile.read(path: wordsPath))
        XCTAssertEqual(t.labels, ["caf\u{FFFD}", "ok"])
        XCTAssertEqual(w, [.invalidUTF8Words(count: 1, examples: ["caf\u{FFFD}"])])
    }
}
