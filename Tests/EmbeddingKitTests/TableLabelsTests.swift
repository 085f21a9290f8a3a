import XCTest
@testable import EmbeddingKit

/// Labels used in place from packed bytes answer exactly as the dictionary built from the same
/// words: first row for repeats, Swift's canonical equivalence, invalid UTF-8 repaired.
final class TableLabelsTests: XCTestCase {
    /// Bytes laid out as a session file stores words (a little-endian Int64 length, then UTF-8).
    private final class Packed {
        let memory: UnsafeMutableRawBufferPointer

        init(_ words: [[UInt8]], extraLength: UInt64 = 0) {
            var bytes: [UInt8] = []
            for (n, word) in words.enumerated() {
                let length = UInt64(word.count) + (n == words.count - 1 ? extraLength : 0)
                withUnsafeBytes(of: length.littleEndian) { bytes += $0 }
                bytes += word
            }
            memory = .allocate(byteCount: max(bytes.count, 1), alignment: 8)
            memory.copyBytes(from: bytes)
            count = bytes.count
        }

        let count: Int
        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: memory[0 ..< count]) }

        deinit { memory.deallocate() }
    }

    private static let words: [[UInt8]] = [
        "king", "queen", "K", "\u{212A}", "caf\u{E9}", "cafe\u{301}", "", "king", "w1", "zz",
    ].map { Array($0.utf8) } + [[0x77, 0xFF, 0x31]]  // "w", an invalid byte, "1"

    private func packedLabels(_ source: Packed) throws -> TableLabels {
        TableLabels(packed: try XCTUnwrap(PackedWords(source.bytes, count: Self.words.count, owner: source)))
    }

    func testPackedLookupsMatchTheDictionary() throws {
        let source = Packed(Self.words)
        let labels = try packedLabels(source)
        let decoded = Self.words.map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(labels.words, decoded)
        XCTAssertEqual((0 ..< labels.count).map { labels[$0] }, decoded)
        let dictionary = EmbeddingTable.buildIndex(decoded)
        let queries = ["king", "queen", "K", "\u{212A}", "caf\u{E9}", "cafe\u{301}", "", "w1", "zz", "w\u{FFFD}1", "absent", "kin",
                       "kingdom", "Z"]
        let fresh = try packedLabels(source)
        for query in queries {
            XCTAssertEqual(fresh.row(of: query), dictionary[query], query)
        }
        XCTAssertEqual(fresh.row(of: "king"), 0, "the first of two rows")
        XCTAssertEqual(fresh.row(of: "\u{212A}"), 2, "the Kelvin sign is K to Swift")
        XCTAssertEqual(fresh.row(of: "cafe\u{301}"), 4, "canonically equivalent to the precomposed form")
    }

    func testEveryWordOfManyIsFoundFromItsCheckpoint() throws {
        let words = (0 ..< 300).map { Array("w\($0)".utf8) } + Self.words
        let source = Packed(words)
        let packed = try XCTUnwrap(PackedWords(source.bytes, count: words.count, owner: source))
        let decoded = words.map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual((0 ..< packed.count).map { packed[$0] }, decoded)
        XCTAssertEqual(packed.all, decoded)
        XCTAssertEqual(TableLabels(packed: packed).row(of: "w299"), 299)
        XCTAssertEqual(TableLabels(packed: packed).row(of: "zz"), 309)
    }

    func testTheDictionaryIsBuiltOnlyAfterAFewLookups() throws {
        let source = Packed(Self.words)
        let labels = try packedLabels(source)
        for _ in 0 ... TableLabels.scansBeforeDictionary {
            XCTAssertEqual(labels.row(of: "zz"), 9)
            XCTAssertNil(labels.row(of: "absent"))
        }
        XCTAssertFalse(labels.hasDictionary, "the same words again are remembered")
        for n in 2 ..< TableLabels.scansBeforeDictionary {
            XCTAssertNil(labels.row(of: "absent\(n)"))
            XCTAssertFalse(labels.hasDictionary)
        }
        XCTAssertEqual(labels.row(of: "w1"), 8)
        XCTAssertTrue(labels.hasDictionary, "one distinct word too many")
        XCTAssertEqual(labels.row(of: "caf\u{E9}"), 4)
        XCTAssertEqual(labels.row(of: "zz"), 9)

        let unicode = try packedLabels(source)
        XCTAssertEqual(unicode.row(of: "caf\u{E9}"), 4)
        XCTAssertTrue(unicode.hasDictionary, "a word that is not ASCII is looked up in the dictionary")
    }

    func testPackedWordsRunningPastTheEndAreRefused() {
        let source = Packed(Self.words, extraLength: 1)
        XCTAssertNil(PackedWords(source.bytes, count: Self.words.count, owner: source))
        let huge = Packed([Array("a".utf8)], extraLength: UInt64.max - 1)
        XCTAssertNil(PackedWords(huge.bytes, count: 1, owner: huge))
        let whole = Packed(Self.words)
        XCTAssertNil(PackedWords(whole.bytes, count: Self.words.count + 1, owner: whole))
        XCTAssertNil(PackedWords(whole.bytes, count: -1, owner: whole))
        XCTAssertEqual(PackedWords(whole.bytes, count: 2, owner: whole)?.byteCount, 8 + 4 + 8 + 5)
    }

    func testATableWithLazyLabelsAnswersAsOneWithStrings() throws {
        let decoded = Self.words.map { String(decoding: $0, as: UTF8.self) }
        let values = (0 ..< decoded.count * 3).map { Float($0 % 7) - 3 }
        let source = Packed(Self.words)
        let memory = Packed([values.withUnsafeBytes { Array($0) }])
        let floats = UnsafeRawBufferPointer(rebasing: memory.bytes[8...]).bindMemory(to: Float.self)
        let lazy = try EmbeddingTable(rows: decoded.count, dim: 3, borrowing: floats, owner: memory, wordLabels: try packedLabels(source))
        let eager = try EmbeddingTable(rows: decoded.count, dim: 3, values: values, labels: decoded)
        XCTAssertEqual(try lazy.nearest(query: "queen", k: 4), try eager.nearest(query: "queen", k: 4))
        XCTAssertEqual(lazy.label(9), "zz")
        XCTAssertNil(lazy.label(decoded.count))
        XCTAssertEqual(lazy.index(of: "\u{212A}"), eager.index(of: "\u{212A}"))
        XCTAssertEqual(lazy.labels, eager.labels)
        XCTAssertEqual(lazy.wordIndex, eager.wordIndex)
        XCTAssertEqual(lazy.duplicateLabelCount, 3, "king, the Kelvin sign and the decomposed café")
    }
}
