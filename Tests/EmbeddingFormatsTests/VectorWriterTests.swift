import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

/// A fresh directory under the system's temporary directory, removed by `tearDown`.
class TemporaryDirectoryTestCase: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-\(type(of: self))-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func path(_ name: String) -> String { directory + "/" + name }
}

final class VectorWriterTests: TemporaryDirectoryTestCase {
    /// Values whose shortest decimal forms are awkward: subnormals, extremes, -0, long mantissas.
    static let awkward: [Float] = [0, -0.0, 1, -1, 0.1, 1.0 / 3, .leastNonzeroMagnitude, .leastNormalMagnitude,
                                   .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e-5, 16_777_215, 123456.79, -2.5e-38]

    /// Exports `table` in `format` and reads it back (detecting the format from the content).
    func roundTrip(_ table: EmbeddingTable, _ format: VectorFormat, name: String = "v") throws -> VectorFileReader.Result {
        let file = path("\(name).\(format.rawValue)")
        let written = try VectorFileWriter.write(table, to: file, format: format)
        XCTAssertEqual(written.files, format.hasWordsFile ? [file, WordsFile.companion(of: file)] : [file])
        XCTAssertEqual(try VectorFileReader.detectFormat(path: file), format)
        return try VectorFileReader.read(path: file)
    }

    func testEveryFormatRoundTripsExactly() throws {
        var rng = SplitMix64(seed: 7)
        let dim = 7
        let rows = 300
        var values = (0..<rows * dim).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }
        values = values.map { $0.isFinite ? $0 : 0.5 }
        values.replaceSubrange(0..<Self.awkward.count, with: Self.awkward)
        let labels = (0..<rows).map { $0 == 5 ? "çà-ö" : "w\($0)" }
        let table = try EmbeddingTable(rows: rows, dim: dim, values: values, labels: labels)
        for format in VectorFormat.allCases {
            let (back, warnings) = try roundTrip(table, format)
            XCTAssertEqual(warnings, [], "\(format)")
            XCTAssertEqual(back.labels, labels, "\(format)")
            XCTAssertEqual(back.values.map(\.bitPattern), values.map(\.bitPattern), "\(format)")
        }
    }

    func testTablesWithoutLabelsUseRowNumbers() throws {
        let table = try EmbeddingTable(rows: 3, dim: 2, init: .normal, seed: 1)
        let (back, _) = try roundTrip(table, .word2vec)
        XCTAssertEqual(back.labels, ["0", "1", "2"])
        XCTAssertEqual(back.values, table.values)
    }

    func testFormatsLayOutLinesAsTheirToolsDo() throws {
        let table = try EmbeddingTable(rows: 2, dim: 2, values: [1, -0.25, 0.5, 1e-5], labels: ["a", "b"])
        func text(_ format: VectorFormat) throws -> String {
            try VectorFileWriter.write(table, to: path("t"), format: format)
            return try String(contentsOfFile: path("t"), encoding: .utf8)
        }
        XCTAssertEqual(try text(.word2vec), "2 2\na 1.0 -0.25\nb 0.5 1e-05\n")
        XCTAssertEqual(try text(.fasttext), "2 2\na 1.0 -0.25 \nb 0.5 1e-05 \n")
        XCTAssertEqual(try text(.glove), "a 1.0 -0.25\nb 0.5 1e-05\n")
        XCTAssertEqual(try text(.tsv), "1.0\t-0.25\n0.5\t1e-05\n")
        XCTAssertEqual(try String(contentsOfFile: path("t-metadata.tsv"), encoding: .utf8), "a\nb\n")
    }

    func testWordsAFormatCannotHoldAreRefusedBeforeWriting() throws {
        let table = try EmbeddingTable(rows: 2, dim: 2, values: [1, 2, 3, 4], labels: ["new york", "x"])
        for format in [VectorFormat.word2vec, .fasttext, .word2vecBinary] {
            XCTAssertThrowsError(try VectorFileWriter.write(table, to: path("s"), format: format)) {
                XCTAssertEqual($0 as? VectorWriteError, .unwritableWord(row: 0, word: "new york", format: format, reason: "contains a space"))
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("s")))
        XCTAssertEqual("\(VectorWriteError.unwritableWord(row: 0, word: "new york", format: .word2vec, reason: "contains a space"))",
                       "row 0's word 'new york' contains a space, which word2vec text cannot hold")
        for format in [VectorFormat.glove, .tsv, .npy] {
            XCTAssertEqual(try roundTrip(table, format).table.labels, ["new york", "x"], "\(format)")
        }
        let tab = try EmbeddingTable(rows: 1, dim: 1, values: [1], labels: ["a\tb"])
        XCTAssertThrowsError(try VectorFileWriter.write(tab, to: path("t"), format: .tsv))
    }

    func testAFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws {
        let file = path("keep.txt")
        try "old\n".write(toFile: file, atomically: false, encoding: .utf8)
        let table = try EmbeddingTable(rows: 10, dim: 2, init: .normal, seed: 1)
        XCTAssertThrowsError(try VectorFileWriter.write(table, to: file, format: .word2vec, interruption: Interruption { true })) {
            XCTAssertEqual($0 as? Interrupted, Interrupted())
        }
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "old\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["keep.txt"])
        // A successful write replaces it.
        try VectorFileWriter.write(table, to: file, format: .word2vec)
        XCTAssertEqual(try VectorFileReader.read(path: file).table.values, table.values)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["keep.txt"])
    }

    func testUnwritablePaths() throws {
        let table = try EmbeddingTable(rows: 1, dim: 1, values: [1], labels: ["a"])
        XCTAssertThrowsError(try VectorFileWriter.write(table, to: directory, format: .word2vec)) {
            XCTAssertEqual("\($0)", "cannot write \(self.directory): is a directory")
        }
        let missing = path("no/such/dir/v.txt")
        XCTAssertThrowsError(try VectorFileWriter.write(table, to: missing, format: .word2vec)) {
            XCTAssertEqual("\($0)", "cannot write \(missing): No such file or directory")
        }
    }
}
