import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

final class VectorReaderTests: XCTestCase {
    let small: [Float] = [1, 0, 0.5, -0.25, -0.001, 25]

    func read(_ name: String, format: VectorFormat? = nil, limit: Int? = nil,
              allowNonFinite: Bool = false) throws -> VectorFileReader.Result {
        try VectorFileReader.read(path: SharedData.fixture(name), format: format, limit: limit, allowNonFinite: allowNonFinite)
    }

    func testSmallFilesInEveryFormat() throws {
        let expected: [(String, VectorFormat)] = [
            ("small-word2vec.txt", .word2vec), ("small-fasttext.vec", .fasttext),
            ("small-newline.bin", .word2vecBinary), ("small-packed.bin", .word2vecBinary),
            ("small.tsv", .tsv), ("small.npy", .npy),
        ]
        for (name, format) in expected {
            XCTAssertEqual(try VectorFileReader.detectFormat(path: SharedData.fixture(name)), format, name)
            let (t, warnings) = try read(name)
            XCTAssertEqual(warnings, [], name)
            XCTAssertEqual(t.labels, ["the", "cat", "dog"], name)
            XCTAssertEqual(t.dim, 2)
            XCTAssertEqual(t.values, small, name)
            // An explicit format gives the same result.
            XCTAssertEqual(try read(name, format: format).table.values, small)
        }
        XCTAssertEqual(VectorFormat.allCases.map(\.rawValue), ["word2vec", "word2vec-bin", "glove", "fasttext", "tsv", "npy", "fasttext-bin"])
        XCTAssertEqual(VectorFormat(name: "word2vec-binary"), .word2vecBinary)
    }

    func testGloveWithSpacesInWords() throws {
        XCTAssertEqual(try VectorFileReader.detectFormat(path: SharedData.fixture("small-glove.txt")), .glove)
        let (t, w) = try read("small-glove.txt")
        XCTAssertEqual(w, [])
        XCTAssertEqual(t.labels, ["the", "cat", ". . .", "dog"])
        XCTAssertEqual(try t.row(forWord: ". . ."), [3, 4])
    }

    func testWord2VecTextWithSpacesInWords() throws {
        let text = Array("3 2\nnew york 1 2\ncat 3 4\n1999 5 6\n".utf8)
        let (t, w) = try VectorFileReader.read(data: text)
        XCTAssertEqual(t.labels, ["new york", "cat", "1999"])
        XCTAssertEqual(t.values, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(w, [])
    }

    /// Binary records `word`, space, little-endian floats, newline (as the C tool and gensim write).
    func binaryFile(_ records: [(String, [Float])], dim: Int) -> [UInt8] {
        var bytes = Array("\(records.count) \(dim)\n".utf8)
        for (word, vector) in records {
            bytes += Array(word.utf8) + [32]
            for v in vector { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
            bytes.append(10)
        }
        return bytes
    }

    func testBinaryWordsWithSpacesAreFoundByWhereTheirVectorsEnd() throws {
        // 8224.0 is 0x46008000: its bytes hold no newline; 0.5 holds a space-free pattern too.
        let records: [(String, [Float])] = [("new york", [1, 2]), ("cat", [3, 4]), ("a b c", [0.5, 8224]), ("dog", [5, 6])]
        let (t, w) = try VectorFileReader.read(data: binaryFile(records, dim: 2))
        XCTAssertEqual(t.labels, ["new york", "cat", "a b c", "dog"])
        XCTAssertEqual(t.values, [1, 2, 3, 4, 0.5, 8224, 5, 6])
        XCTAssertEqual(w, [.spacedWords(count: 2, examples: ["new york", "a b c"])])
        XCTAssertEqual(VectorReadWarning.spacedWords(count: 2, examples: ["new york", "a b c"]).description,
                       "2 words contain spaces (kept whole): new york, a b c")
    }

    func testHeaderCountDisagreesAndBlankLines() throws {
        // Fewer vectors than announced: refused, as gensim does (and as for binary files).
        XCTAssertThrowsError(try read("header-more.txt")) {
            XCTAssertEqual($0 as? VectorReadError, .truncated(expectedVectors: 5, completeVectors: 3, atByte: 44))
            XCTAssertEqual("\($0)", "the file ends at byte 44 after 3 complete vectors of the 5 its header announces "
                           + "(is the count wrong or the file cut short?)")
        }
        // Reading fewer than the file holds is fine.
        XCTAssertEqual(try read("header-more.txt", limit: 3).table.rows, 3)
        // More vectors than announced: the data wins, with a warning.
        let (t, w) = try VectorFileReader.read(data: Array("2 2\nthe 1 0\n\ncat 0.5 -0.25\ndog 1 2\n".utf8))
        XCTAssertEqual(t.rows, 3)
        XCTAssertEqual(w, [.headerCountMismatch(declared: 2, found: 3), .blankLinesSkipped(1)])
    }

    func testDuplicatesKeepFirst() throws {
        let (t, w) = try read("duplicates.txt")
        XCTAssertEqual(t.labels, ["the", "cat", "dog"])
        XCTAssertEqual(try t.row(forWord: "the"), [1, 0])
        XCTAssertEqual(w, [.duplicateWords(count: 1, examples: ["the"])])
    }

    func testLimit() throws {
        for name in ["small-word2vec.txt", "small-packed.bin", "small-glove.txt"] {
            let (t, w) = try read(name, limit: 2)
            XCTAssertEqual(t.labels, ["the", "cat"], name)
            XCTAssertEqual(w, [], name)
        }
    }

    func testErrors() throws {
        XCTAssertThrowsError(try read("wrong-dim.txt")) {
            XCTAssertEqual($0 as? VectorReadError, .wrongDimension(line: 3, word: "cat", expected: 2, found: 3))
            XCTAssertEqual("\($0)", "line 3 ('cat'): 3 values, expected 2")
        }
        // Every line disagrees with the header's dimension: still text, error on line 2.
        XCTAssertEqual(try VectorFileReader.detectFormat(path: SharedData.fixture("header-dim-wrong.txt")), .word2vec)
        XCTAssertThrowsError(try read("header-dim-wrong.txt")) {
            XCTAssertEqual($0 as? VectorReadError, .wrongDimension(line: 2, word: "the", expected: 2, found: 3))
        }
        XCTAssertThrowsError(try read("bad-number.txt")) {
            XCTAssertEqual($0 as? VectorReadError, .badNumber(line: 3, word: "cat", column: 2, text: "x1"))
        }
        XCTAssertThrowsError(try read("non-finite.txt")) {
            XCTAssertEqual($0 as? VectorReadError, .nonFinite(line: 3, word: "cat", column: 1, text: "nan"))
        }
        let (t, w) = try read("non-finite.txt", allowNonFinite: true)
        XCTAssertTrue(t.values[2].isNaN)
        XCTAssertEqual(t.values[5], .infinity)
        XCTAssertEqual(w, [.nonFiniteRows(2)])
        XCTAssertThrowsError(try read("truncated.bin")) {
            XCTAssertEqual($0 as? VectorReadError, .truncated(expectedVectors: 3, completeVectors: 2, atByte: 37))
        }
        XCTAssertThrowsError(try VectorFileReader.read(data: Array("2 2\nthe 1 0\ncat 0.5\n".utf8))) {
            XCTAssertEqual("\($0)", "line 3 ('cat'): 1 value, expected 2")
        }
        // Text forced to binary would parse as garbage: refused.
        XCTAssertThrowsError(try read("small-word2vec.txt", format: .word2vecBinary)) {
            XCTAssertEqual($0 as? VectorReadError, .formatMismatch(path: SharedData.fixture("small-word2vec.txt"),
                                                                   requested: .word2vecBinary, found: .word2vec))
        }
        XCTAssertThrowsError(try read("empty.txt")) {
            XCTAssertEqual($0 as? VectorReadError, .emptyFile(path: SharedData.fixture("empty.txt")))
        }
        XCTAssertThrowsError(try read("no-such-file.txt")) {
            XCTAssertEqual($0 as? VectorReadError, .fileNotFound(path: SharedData.fixture("no-such-file.txt")))
        }
        let dir = SharedData.fixture("")
        XCTAssertThrowsError(try VectorFileReader.read(path: dir)) {
            XCTAssertEqual($0 as? VectorReadError, .isDirectory(path: dir))
        }
        XCTAssertThrowsError(try VectorFileReader.read(data: Array("hello world\n".utf8))) {
            XCTAssertEqual($0 as? VectorReadError, .unrecognizedFormat(path: "<data>"))
        }
        XCTAssertThrowsError(try VectorFileReader.read(data: [0xBA, 0x16, 0x4F, 0x2F, 12, 0, 0, 0])) {
            XCTAssertEqual($0 as? VectorReadError, .fastTextModel(path: "<data>", reason: "it ends at byte 8, inside its settings"))
        }
        XCTAssertThrowsError(try VectorFileReader.read(data: Array("0 2\n".utf8))) {
            XCTAssertEqual($0 as? VectorReadError, .noVectors(path: "<data>"))
        }
        XCTAssertThrowsError(try VectorFileReader.read(data: Array("2 x\na 1\n".utf8), format: .word2vec)) {
            XCTAssertEqual($0 as? VectorReadError, .badHeader(line: "2 x"))
        }
        // A header announcing more than the file could hold is refused before parsing.
        XCTAssertThrowsError(try VectorFileReader.read(data: Array("4000000000000 300\na 1\n".utf8), format: .word2vec)) {
            XCTAssertEqual($0 as? VectorReadError, .headerExceedsFile(announced: 4_000_000_000_000, dim: 300, bytes: 22, atMost: 0))
        }
        // A table beyond the memory the machine can give is refused before parsing.
        let twoRows = Array("2 3\na 1 2 3\nb 4 5 6\n".utf8)
        XCTAssertThrowsError(try VectorFileReader.read(data: twoRows, memoryLimit: 16)) {
            XCTAssertTrue($0 is MemoryError, "\($0)")
        }
    }

    /// A file large enough to be parsed in several parts: order, blank lines between parts and
    /// line numbers of errors are those of the whole file.
    func testLargeFileParsedInParts() throws {
        let rows = 70_000, dim = 20
        var lines: [String] = []
        for r in 0..<rows {
            if r % 9_000 == 4_000 { lines.append("") }
            lines.append("w\(r) " + (0..<dim).map { "\(Float((r + $0) % 997) / 8)" }.joined(separator: " "))
        }
        let data = Array(lines.joined(separator: "\n").utf8)
        XCTAssertGreaterThan(data.count, 8 << 20)
        let (t, w) = try VectorFileReader.read(data: data)
        XCTAssertEqual(t.rows, rows)
        // The last line has no line break: numbered as in the whole file.
        XCTAssertEqual(w, [.lastLineUnterminated(line: rows + 8), .blankLinesSkipped(8)])
        for r in [0, 3_999, 4_000, 35_000, rows - 1] {
            XCTAssertEqual(t.labels?[r], "w\(r)")
            XCTAssertEqual(try t.row(r)[1], Float((r + 1) % 997) / 8)
        }
        var bad = lines
        let badLine = 60_000
        bad[badLine - 1] = String(bad[badLine - 1].split(separator: " ").dropLast().joined(separator: " "))
        XCTAssertThrowsError(try VectorFileReader.read(data: Array(bad.joined(separator: "\n").utf8))) {
            XCTAssertEqual($0 as? VectorReadError, .wrongDimension(line: badLine, word: "w59992", expected: dim, found: dim - 1))
        }
    }

    func testBinaryDuplicatesKeepFirst() throws {
        var data = Array("3 1\n".utf8)
        for (word, value) in [("a", Float(1)), ("b", 2), ("a", 3)] {
            data += Array("\(word) ".utf8) + withUnsafeBytes(of: value) { Array($0) } + [10]
        }
        let (t, w) = try VectorFileReader.read(data: data)
        XCTAssertEqual(t.labels, ["a", "b"])
        XCTAssertEqual(t.values, [1, 2])
        XCTAssertEqual(t.wordIndex, ["a": 0, "b": 1])
        XCTAssertEqual(w, [.duplicateWords(count: 1, examples: ["a"])])
    }

    func testNonFiniteValuesInBinaryFiles() throws {
        var data = Array("2 3\n".utf8)
        for (word, row) in [("a", [Float(1), 2, 3]), ("b", [4, .infinity, 6])] {
            data += Array("\(word) ".utf8) + row.flatMap { v in withUnsafeBytes(of: v) { Array($0) } }
        }
        XCTAssertThrowsError(try VectorFileReader.read(data: data)) {
            XCTAssertEqual($0 as? VectorReadError, .nonFiniteVector(vector: 2, word: "b", column: 2, text: "inf"))
        }
        XCTAssertEqual(try VectorFileReader.read(data: data, allowNonFinite: true).warnings, [.nonFiniteRows(1)])
        let awkward: [Float] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0, 0]
        awkward.withUnsafeBufferPointer { XCTAssertNil(FiniteCheck.firstNonFinite($0.baseAddress!, $0.count)) }
        for bad: Float in [.nan, -.nan, .infinity, -.infinity, .signalingNaN] {
            (awkward + [bad]).withUnsafeBufferPointer { XCTAssertEqual(FiniteCheck.firstNonFinite($0.baseAddress!, $0.count), 5) }
        }
    }

    func testNonUTF8BinaryWordsAreDecodedLeniently() throws {
        let (t, w) = try read("non-utf8.bin")
        XCTAssertEqual(t.labels, ["caf\u{FFFD}", "ok", "\u{FFFD}\u{FFFD}"])
        XCTAssertEqual(w, [.invalidUTF8Words(count: 2, examples: ["caf\u{FFFD}", "\u{FFFD}\u{FFFD}"])])
        XCTAssertEqual(t.values, small)
    }

    func testBinaryHeaderCountBelowData() throws {
        var data = Array(try Data(contentsOf: URL(fileURLWithPath: SharedData.fixture("small-newline.bin"))))
        data[0] = UInt8(ascii: "2")
        let (t, w) = try VectorFileReader.read(data: data)
        XCTAssertEqual(t.labels, ["the", "cat"])
        XCTAssertEqual(w, [.trailingDataIgnored(bytes: 13)])  // "dog " + 8 bytes + "\n"
    }

    func testInterruption() throws {
        XCTAssertThrowsError(try VectorFileReader.read(path: SharedData.fixture("small-word2vec.txt"), interruption: Interruption { true })) {
            XCTAssertEqual($0 as? Interrupted, Interrupted())
        }
    }

    func testFloatParserMatchesFloatString() {
        let samples = ["0", "-0", "1", "0.1", "-0.65992", "0.00066023", "-1.975698", "16777217", "1e-45", "3.4028235e38",
                       "3.4028236e38", "123456789.123456789", "0.000000000000000000001", "9.99999999e-5", "+2.5",
                       "1.00000005960464477539062", "1.0000000596046448", "7.038531e-26", "1e10", "12345678e-10",
                       ".5", "5.", "-.25e+2", "nan", "inf", "-inf", "1e400"]
        for s in samples {
            let bytes = Array(s.utf8)
            let got = bytes.withUnsafeBufferPointer { FloatParser.parse($0.baseAddress!, 0, bytes.count) }
            let want = Float(s)
            if let want, want.isNaN { XCTAssertTrue(got?.isNaN ?? false, s); continue }
            XCTAssertEqual(got, want, s)
        }
        for s in ["", "-", "1e", "1x", "abc", "0x10", "--1", "1..2"] {
            let bytes = Array(s.utf8)
            let got = bytes.withUnsafeBufferPointer { $0.isEmpty ? nil : FloatParser.parse($0.baseAddress!, 0, bytes.count) }
            XCTAssertNil(got, s)
        }
        // Random decimals of typical shapes.
        var rng = SplitMix64(seed: 1)
        for _ in 0..<200_000 {
            let digits = Int(rng.next() % 10) + 1
            let mant = rng.next() % UInt64(pow(10.0, Double(digits)))
            let exp = Int(rng.next() % 30) - 20
            let s = "\(rng.next() % 2 == 0 ? "-" : "")\(mant)e\(exp)"
            let bytes = Array(s.utf8)
            let got = bytes.withUnsafeBufferPointer { FloatParser.parse($0.baseAddress!, 0, bytes.count) }
            XCTAssertEqual(got, Float(s), s)
        }
    }
}
