import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

/// Crafted vector files of each kind that once crashed, hung, grabbed memory or imported as
/// garbage (issue 13): each is now read correctly or refused with a clear error.
final class VectorReaderHardeningTests: TemporaryDirectoryTestCase {
    func read(_ text: String, format: VectorFormat? = nil, words: WordList? = nil, limit: Int? = nil,
              skipBad: Bool = false) throws -> VectorFileReader.Result {
        try VectorFileReader.read(data: Array(text.utf8), format: format, words: words, limit: limit, skipBad: skipBad)
    }

    func assertRefused(_ text: String, format: VectorFormat? = nil, words: WordList? = nil, _ expected: VectorReadError,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try read(text, format: format, words: words), file: file, line: line) {
            XCTAssertEqual($0 as? VectorReadError, expected, file: file, line: line)
        }
    }

    /// word2vec binary records: `word`, a space, little-endian float32 values, a newline.
    func binary(header: String, _ records: [(String, [Float])]) -> [UInt8] {
        var bytes = Array((header + "\n").utf8)
        for (word, vector) in records {
            bytes += Array(word.utf8) + [32]
            for v in vector { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
            bytes.append(10)
        }
        return bytes
    }

    func npy(_ dict: String, values: [Float] = []) -> [UInt8] {
        let text = dict + "\n"
        var bytes = NpyHeader.magic + [1, 0, UInt8(text.utf8.count & 0xFF), UInt8(text.utf8.count >> 8)] + Array(text.utf8)
        for v in values { withUnsafeBytes(of: v) { bytes += $0 } }
        return bytes
    }

    // MARK: 1, 2: counts and sizes from headers

    func testHeaderCountsAreCheckedAgainstTheFileBeforeAnyArithmetic() {
        assertRefused("20 999999999999999999\nthe 1 2\n", .headerExceedsFile(announced: 20, dim: 999_999_999_999_999_999, bytes: 30, atMost: 0))
        assertRefused("999999999999999999 2\nthe 1 2\n", .headerExceedsFile(announced: 999_999_999_999_999_999, dim: 2, bytes: 29, atMost: 1))
        // More digits than an Int holds: not a header at all.
        assertRefused("20 99999999999999999999\nthe 1 2\n", .badHeader(line: "20 99999999999999999999"))
        XCTAssertEqual("\(VectorReadError.headerExceedsFile(announced: 20, dim: 3, bytes: 30, atMost: 4))",
                       "the header announces 20 vectors of 3 values, but a file of 30 bytes holds at most 4 "
                           + "(is the header wrong or the file cut short?)")
    }

    func testABinaryHeaderCannotClaimMoreVectorsThanTheFileHolds() throws {
        let records = (0..<100).map { ("w\($0)", [Float(1), 2]) }
        let data = binary(header: "1000000000 2", records)
        XCTAssertThrowsError(try VectorFileReader.read(data: data)) {
            // Each record takes at least a space and 8 bytes of values.
            XCTAssertEqual($0 as? VectorReadError,
                           .headerExceedsFile(announced: 1_000_000_000, dim: 2, bytes: data.count, atMost: (data.count - 13) / 9))
        }
        // Within what the file could hold but beyond its records: cut short, as before.
        XCTAssertThrowsError(try VectorFileReader.read(data: binary(header: "120 2", records))) {
            XCTAssertEqual($0 as? VectorReadError, .truncated(expectedVectors: 120, completeVectors: 100, atByte: data.count - 7))
        }
        XCTAssertEqual(try VectorFileReader.read(data: data, limit: 2).table.labels, ["w0", "w1"])
        let hugeDim = binary(header: "3 999999999999999999", records)
        XCTAssertThrowsError(try VectorFileReader.read(data: hugeDim)) {
            XCTAssertEqual($0 as? VectorReadError,
                           .headerExceedsFile(announced: 3, dim: 999_999_999_999_999_999, bytes: hugeDim.count, atMost: 0))
        }
    }

    func testNpyShapesNearIntMaxAreRefused() throws {
        let words = WordList(["a", "b"])
        for shape in ["(9223372036854775807, 2)", "(2, 9223372036854775807)", "(4611686018427387904, 4)", "(0, 4611686018427387904)"] {
            let data = npy("{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }", values: [1, 2, 3, 4])
            XCTAssertThrowsError(try VectorFileReader.read(data: data, words: words), shape) {
                XCTAssertEqual($0 as? VectorReadError, .unsupportedNpy(path: "<data>", reason: "shape \(shape) is larger than any file"))
            }
        }
        for order in ["False", "True"] {
            let data = npy("{'descr': '<f8', 'fortran_order': \(order), 'shape': (1000000000000000, 2), }", values: [1, 2, 3, 4])
            XCTAssertThrowsError(try VectorFileReader.read(data: data, words: words), order) {
                XCTAssertEqual($0 as? VectorReadError, .truncated(expectedVectors: 1_000_000_000_000_000,
                                                                  completeVectors: order == "True" ? 0 : 1, atByte: data.count))
            }
        }
    }

    func testWordsFilesReserveTheirMemory() throws {
        XCTAssertThrowsError(try WordsFile.read(data: Array(repeating: 10, count: 1000), memoryLimit: 1000)) {
            XCTAssertTrue($0 is MemoryError, "\($0)")
        }
        XCTAssertEqual(try WordsFile.read(data: Array("\u{FEFF}a\r\nb\n".utf8)).words, ["a", "b"])
    }

    // MARK: 3: text files turned into garbage

    func testAByteOrderMarkIsSkipped() throws {
        for text in ["3 2\nthe 1 0\ncat 0.5 -0.25\ndog -1e-3 2.5E+1\n", "the 1 0\ncat 0.5 -0.25\ndog -1e-3 2.5E+1\n"] {
            let (t, w) = try read("\u{FEFF}" + text)
            XCTAssertEqual(t.labels, ["the", "cat", "dog"])
            XCTAssertEqual(t.values, [1, 0, 0.5, -0.25, -0.001, 25])
            XCTAssertEqual(w, [])
        }
        let (t, _) = try read("\u{FEFF}1\t0\n0.5\t-0.25\n", words: WordList(["a", "b"]))
        XCTAssertEqual(t.values, [1, 0, 0.5, -0.25])
    }

    func testBadHeadersAreReportedNotReadAsGloVe() {
        for header in ["-20 10", "0 0", "20 0", "+3 2"] {
            XCTAssertEqual(VectorFileReader.detectFormat(bytes: header + "\nking 0.1 0.2 0.3\nqueen 0.1\n"), .word2vec, header)
            assertRefused(header + "\nking 0.1 0.2 0.3\nqueen 0.1\n", .badHeader(line: header))
        }
    }

    func testARowWithAnExtraOrMissingValueIsAnError() {
        assertRefused("the 1 0\ncat 0.5 -0.25 7\n", .wrongDimension(line: 2, word: "cat", expected: 2, found: 3))
        assertRefused("the 1 0\nqueen 0.1\n", .wrongDimension(line: 2, word: "queen", expected: 2, found: 1))
        assertRefused("2 2\nthe 1 0\nking 0.1 0.2 0.3\n", .wrongDimension(line: 3, word: "king", expected: 2, found: 3))
        // A word with spaces whose last piece is a number would hide an extra value.
        assertRefused("the 1 0\nnew 2 0.5 0.6\n", .wrongDimension(line: 2, word: "new", expected: 2, found: 3))
        // Without a header, the dimension is the one most first lines agree on: a bad first
        // line is reported as such.
        assertRefused("the 1 0 7\ncat 0.5 -0.25\ndog 1 2\n", .wrongDimension(line: 1, word: "the", expected: 2, found: 3))
        assertRefused("1\t0\t7\n0.5\t-0.25\n1\t2\n", words: WordList(["a", "b", "c"]), .wrongDimension(line: 1, word: "", expected: 2, found: 3))
    }

    func testWordsWithSpacesStillRead() throws {
        XCTAssertEqual(try read("new york 1 2\ncat 3 4\n. . . 5 6\n").table.labels, ["new york", "cat", ". . ."])
        XCTAssertEqual(try read("2 2\nnew york 1 2\n1999 3 4\n").table.labels, ["new york", "1999"])
    }

    func testSkipBadSkipsEachBadRowWithAWarning() throws {
        let text = "the 1 0\ncat 0.5 -0.25 7\nnew york 1 2\ndog 1\nbird x 2\nfish 3 4\n"
        let (t, w) = try read(text, skipBad: true)
        XCTAssertEqual(t.labels, ["the", "new york", "fish"])
        XCTAssertEqual(t.values, [1, 0, 1, 2, 3, 4])
        XCTAssertEqual(w, [.rowSkipped(.wrongDimension(line: 2, word: "cat", expected: 2, found: 3)),
                           .rowSkipped(.wrongDimension(line: 4, word: "dog", expected: 2, found: 1)),
                           .rowSkipped(.badNumber(line: 5, word: "bird", column: 1, text: "x"))])
        XCTAssertEqual("\(w[0])", "line 2 ('cat'): 3 values, expected 2; row skipped")
        // Beyond ten, one count.
        let many = "2 2\na 1 2\n" + String(repeating: "b 1\n", count: 25) + "c 3 4\n"
        let (u, v) = try read(many, skipBad: true)
        XCTAssertEqual(u.labels, ["a", "c"])
        XCTAssertEqual(v.count, 12)
        XCTAssertEqual(v[10], .rowSkipped(.wrongDimension(line: 12, word: "b", expected: 2, found: 1)))
        XCTAssertEqual(v[11], .moreRowsSkipped(15))
        XCTAssertEqual("\(v[11])", "15 more bad rows skipped")
        // The header's count includes the skipped rows; a limit counts them too.
        XCTAssertEqual(try read("3 2\na 1 2\nb 1\nc 3 4\n", limit: 2, skipBad: true).table.labels, ["a"])
        // In TSV the skipped rows' words are dropped with them.
        let (tsv, tw) = try read("1\t2\n3\t4\t5\n6\t7\n\n8\tx\n9\t10\n", words: WordList(["a", "b", "c", "d", "e"]), skipBad: true)
        XCTAssertEqual(tsv.labels, ["a", "c", "e"])
        XCTAssertEqual(tsv.values, [1, 2, 6, 7, 9, 10])
        XCTAssertEqual(tw, [.rowSkipped(.wrongDimension(line: 2, word: "", expected: 2, found: 3)),
                            .rowSkipped(.badNumber(line: 5, word: "", column: 2, text: "x")), .blankLinesSkipped(1)])
    }

    func testLinesLongerThanTheirDimensionAllowAreErrors() throws {
        let limit = TextScan.maxLineBytes(dim: 2)
        XCTAssertEqual(limit, 2 * 64 + 65536)
        let long = "cat " + String(repeating: "0", count: limit) + " 1\n"
        assertRefused("the 1 0\n" + long, .lineTooLong(line: 2, bytes: long.utf8.count - 1, limit: limit))
        XCTAssertEqual("\(VectorReadError.lineTooLong(line: 2, bytes: 70000, limit: 65664))",
                       "line 2 is 70000 bytes long, more than the 65664 bytes a line of this file's dimension may take")
        XCTAssertEqual(try read("the 1 0\n" + long + "dog 1 2\n", skipBad: true).table.labels, ["the", "dog"])
    }

    // MARK: 4, 5: files shorter than announced, and cut files

    func testFewerVectorsThanAnnouncedIsRefusedInTextAsInBinary() throws {
        assertRefused("3 2\nthe 1 0\ncat 0.5 -0.25\n", .truncated(expectedVectors: 3, completeVectors: 2, atByte: 26))
        XCTAssertThrowsError(try VectorFileReader.read(data: binary(header: "3 2", [("thethethe", [1, 0]), ("catcatcat", [0.5, -0.25])]))) {
            XCTAssertEqual($0 as? VectorReadError, .truncated(expectedVectors: 3, completeVectors: 2, atByte: 42))
        }
        XCTAssertEqual(try read("3 2\nthe 1 0\ncat 0.5 -0.25\n", limit: 2).table.rows, 2)
    }

    func testALastLineWithoutLineBreakIsReportedAsPossiblyCut() throws {
        for text in ["2 2\nthe 1 0\ncat 0.5 -0.2", "the 1 0\ncat 0.5 -0.2"] {
            let (t, w) = try read(text)
            XCTAssertEqual(t.values.last, -0.2)
            XCTAssertEqual(w, [.lastLineUnterminated(line: text.hasPrefix("2") ? 3 : 2)], text)
        }
        XCTAssertEqual("\(VectorReadWarning.lastLineUnterminated(line: 3))",
                       "line 3, the last, has no line break at its end: the file may be cut short")
        XCTAssertEqual(try read("1\t0\n0.5\t-0.2", words: WordList(["a", "b"])).warnings, [.lastLineUnterminated(line: 2)])
        XCTAssertEqual(try read("2 2\nthe 1 0\ncat 0.5 -0.2\n").warnings, [])
        XCTAssertEqual(try read("2 2\nthe 1 0\ncat 0.5 -0.2\n  ").warnings, [])
        XCTAssertEqual(try read("the 1 0\ncat 0.5 -0.2", limit: 1).warnings, [])
    }

    // MARK: 6: devices and pipes

    func testDevicesAndPipesAreRefusedForVectorsAndWords() throws {
        let fifo = path("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertThrowsError(try VectorFileReader.read(path: fifo)) {
            XCTAssertEqual($0 as? VectorReadError, .notRegular(path: fifo, kind: "a pipe (FIFO)"))
            XCTAssertEqual("\($0)", "\(fifo) is a pipe (FIFO), not a regular file")
        }
        XCTAssertThrowsError(try VectorFileReader.read(path: "/dev/zero")) {
            XCTAssertEqual($0 as? VectorReadError, .notRegular(path: "/dev/zero", kind: "a character device"))
        }
        XCTAssertThrowsError(try VectorFileReader.detectFormat(path: "/dev/zero"))
        let vectors = path("v.tsv")
        try "1\t2\n".write(toFile: vectors, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try VectorFileReader.read(path: vectors, words: fifo)) {
            XCTAssertEqual($0 as? VectorReadError, .notRegular(path: fifo, kind: "a pipe (FIFO)"))
        }
    }

    // MARK: 10: every format from bytes alone

    func testEveryFormatReadsFromBytesAlone() throws {
        let words = try WordsFile.read(data: Array("the\ncat\ndog\n".utf8))
        for name in ["small-word2vec.txt", "small-fasttext.vec", "small-newline.bin", "small-packed.bin", "small-glove.txt",
                     "small.tsv", "small.npy", "small-f8-fortran.npy"] {
            let data = Array(try Data(contentsOf: URL(fileURLWithPath: SharedData.fixture(name))))
            let (t, _) = try VectorFileReader.read(data: data, words: words)
            XCTAssertEqual(t.labels?.first, "the", name)
        }
    }
}

extension VectorFileReader {
    /// The format detected from `text`.
    static func detectFormat(bytes text: String) -> VectorFormat? {
        Array(text.utf8).withUnsafeBytes { VectorFormat.detect($0) }
    }
}
