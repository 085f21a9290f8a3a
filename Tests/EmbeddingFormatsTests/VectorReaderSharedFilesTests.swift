import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

/// Imports every file of `../shared/data/vectors/` (rows, dims and first values from its README).
final class VectorReaderSharedFilesTests: XCTestCase {
    func check(_ name: String, format: VectorFormat, rows: Int, dim: Int, first: String, values: [Float]) throws -> EmbeddingTable {
        let path = try SharedData.path("data/vectors/\(name)")
        XCTAssertEqual(try VectorFileReader.detectFormat(path: path), format, name)
        let (t, w) = try VectorFileReader.read(path: path)
        XCTAssertEqual(w, [], name)
        XCTAssertEqual(t.rows, rows, name)
        XCTAssertEqual(t.dim, dim, name)
        XCTAssertEqual(t.labels?.first, first)
        XCTAssertEqual(Array(try t.row(0).prefix(3)), values, name)
        return t
    }

    func testAllSharedFiles() throws {
        _ = try check("lee-word2vec.txt", format: .word2vec, rows: 1750, dim: 10, first: "the", values: [-0.561106, -1.975698, 1.663955])
        let vec = try check("lee-fasttext.vec", format: .fasttext, rows: 1762, dim: 10, first: "the", values: [-0.65992, 0.20966, 0.47362])
        let bin = try check("lee-fasttext.bin", format: .word2vecBinary, rows: 1762, dim: 10, first: "the", values: [-0.65992, 0.20966, 0.47362])
        XCTAssertEqual(vec.labels, bin.labels)
        XCTAssertEqual(vec.values, bin.values, "the binary file holds exactly the parsed text values")
        let glove = try check("glove-sample.txt", format: .glove, rows: 76, dim: 50, first: "the", values: [0.418, 0.24968, -0.41242])
        XCTAssertTrue(glove.contains("ö"))
    }

    /// Every number in the shared text files parses to the same Float as `Float(String)`.
    func testParserAgreesWithFloatStringOnSharedFiles() throws {
        for name in ["lee-word2vec.txt", "lee-fasttext.vec", "glove-sample.txt"] {
            let path = try SharedData.path("data/vectors/\(name)")
            let (t, _) = try VectorFileReader.read(path: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var expected: [Float] = []
            for (i, line) in text.split(separator: "\n").enumerated() {
                if i == 0 && name != "glove-sample.txt" { continue }
                expected += line.split(separator: " ").dropFirst().map { Float(String($0))! }
            }
            XCTAssertEqual(t.values, expected, name)
        }
    }

    func testLimitOnSharedFiles() throws {
        for name in ["lee-fasttext.vec", "lee-fasttext.bin", "glove-sample.txt"] {
            let path = try SharedData.path("data/vectors/\(name)")
            let (t, w) = try VectorFileReader.read(path: path, limit: 10)
            XCTAssertEqual(t.rows, 10, name)
            XCTAssertEqual(w, [], name)
        }
    }
}

/// Every shared file exported in every format and read back: the same words and the same float32 values.
final class VectorSharedFilesRoundTripTests: TemporaryDirectoryTestCase {
    func testEverySharedFileRoundTripsInEveryFormat() throws {
        for name in ["lee-word2vec.txt", "lee-fasttext.vec", "lee-fasttext.bin", "glove-sample.txt"] {
            let (table, _) = try VectorFileReader.read(path: try SharedData.path("data/vectors/\(name)"))
            for format in VectorFormat.allCases {
                let file = path("\(name).\(format.rawValue)")
                try VectorFileWriter.write(table, to: file, format: format)
                let (back, warnings) = try VectorFileReader.read(path: file)
                XCTAssertEqual(warnings, [], "\(name) as \(format)")
                XCTAssertEqual(back.labels, table.labels, "\(name) as \(format)")
                XCTAssertEqual(back.values, table.values, "\(name) as \(format)")
            }
        }
    }
}
