import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

/// Thousands of damaged versions of the vector fixtures (bytes changed, inserted or removed,
/// files cut short, headers and `.npy` shapes replaced by extreme numbers), read in every format:
/// each must be read or refused with an error, never trap, and what is read must be consistent.
final class VectorReaderRobustnessTests: XCTestCase {
    static let fixtures = ["small-word2vec.txt", "small-fasttext.vec", "small-newline.bin", "small-packed.bin", "small-glove.txt",
                           "small.tsv", "small.npy", "small-f8-fortran.npy", "header-more.txt", "non-utf8.bin", "wrong-dim.txt"]
    /// Bytes that matter to the parsers.
    static let interesting: [UInt8] = Array("\n\r\t -+.e0123456789xnaif".utf8) + [0, 0x80, 0xBF, 0xEF, 0xFF]
    /// Numbers that have broken readers: zero, negative, at and beyond the limits of Int.
    static let extremes = ["0", "-1", "1", "3", "65536", "2147483648", "4294967296", "999999999999999999",
                           "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e3", ""]

    func mutate(_ data: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = data
        func index() -> Int { Int(rng.next() % UInt64(Swift.max(1, bytes.count))) }
        func extreme() -> String { Self.extremes[Int(rng.next() % UInt64(Self.extremes.count))] }
        for _ in 0 ... rng.next() % 3 {
            switch rng.next() % 7 {
            case 0 where !bytes.isEmpty: bytes[index()] = UInt8(truncatingIfNeeded: rng.next())
            case 1 where !bytes.isEmpty: bytes[index()] = Self.interesting[Int(rng.next() % UInt64(Self.interesting.count))]
            case 2: bytes = Array(bytes.prefix(index()))
            case 3 where !bytes.isEmpty: bytes.remove(at: index())
            case 4: bytes.insert(Self.interesting[Int(rng.next() % UInt64(Self.interesting.count))], at: Swift.min(bytes.count, index()))
            case 5:
                // A new `N D` header line.
                let end = bytes.firstIndex(of: 10) ?? bytes.count
                bytes.replaceSubrange(0..<end, with: Array("\(extreme()) \(extreme())".utf8))
            default:
                // A new `.npy` shape (or any text at the same place in other files).
                let key = Array("'shape': (".utf8)
                if let open = bytes.indices.first(where: { bytes[$0...].starts(with: key) }),
                   let close = bytes[(open + key.count)...].firstIndex(of: UInt8(ascii: ")")) {
                    bytes.replaceSubrange(open + key.count ..< close, with: Array("\(extreme()), \(extreme())".utf8))
                } else if !bytes.isEmpty {
                    bytes += bytes.prefix(index())
                }
            }
        }
        return bytes
    }

    func testDamagedFilesAreReadOrRefusedNeverTrap() throws {
        var rng = SplitMix64(seed: 13)
        let words = WordList(["the", "cat", "dog"])
        let formats: [VectorFormat?] = [nil, nil, nil] + VectorFormat.allCases
        var read = 0, refused = 0
        let start = Date()
        for name in Self.fixtures {
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: SharedData.fixture(name))))
            for _ in 0..<1000 {
                let data = mutate(original, &rng)
                let format = formats[Int(rng.next() % UInt64(formats.count))]
                let limit: Int? = rng.next() % 4 == 0 ? Int(rng.next() % 4) + 1 : nil
                do {
                    let (table, _) = try VectorFileReader.read(data: data, format: format, words: words, limit: limit,
                                                               allowNonFinite: rng.next() % 2 == 0, skipBad: rng.next() % 2 == 0,
                                                               memoryLimit: 1 << 26)
                    XCTAssertEqual(table.values.count, table.rows * table.dim, name)
                    XCTAssertEqual(table.labels?.count, table.rows, name)
                    read += 1
                } catch is VectorReadError, is MemoryError {
                    refused += 1
                }
            }
        }
        print("damaged vector files: \(read) read, \(refused) refused in \(Date().timeIntervalSince(start)) s")
        XCTAssertGreaterThan(read, 100)
        XCTAssertGreaterThan(refused, 100)
    }

    func testDamagedWordsFilesAreReadNeverTrap() throws {
        var rng = SplitMix64(seed: 14)
        for name in ["small-metadata.tsv", "columns-metadata.tsv"] {
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: SharedData.fixture(name))))
            for _ in 0..<300 {
                let list = try WordsFile.read(data: mutate(original, &rng))
                XCTAssertLessThanOrEqual(list.invalidUTF8.count, list.words.count)
            }
        }
    }
}
