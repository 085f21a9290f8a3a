import Foundation

/// Words laid out one after another in borrowed memory, each as its UTF-8 byte count (a
/// little-endian 64-bit integer) followed by its bytes — how a session file stores a table's
/// labels — used in place: a word becomes a `String` only when it is asked for. Only where
/// every 64th word starts is kept (word i is found from there), so laying out millions of
/// words allocates next to nothing.
public struct PackedWords: @unchecked Sendable {
    private static let stride = 64
    private let bytes: UnsafeRawBufferPointer
    /// Where words 0, 64, 128, … start in `bytes`.
    private let checkpoints: [Int]
    /// Keeps `bytes` alive (e.g. the file mapping).
    private let owner: AnyObject
    let count: Int
    /// The bytes the words take, counts included.
    public let byteCount: Int

    /// The first `count` words of `bytes` (kept alive by `owner`), or nil when they run past its end.
    public init?(_ bytes: UnsafeRawBufferPointer, count: Int, owner: AnyObject) {
        guard count >= 0, count <= bytes.count / 8 else { return nil }
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity((count + Self.stride - 1) / Self.stride)
        var offset = 0
        for i in 0 ..< count {
            guard bytes.count - offset >= 8 else { return nil }
            let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            guard length <= UInt64(bytes.count - offset - 8) else { return nil }
            if i % Self.stride == 0 { checkpoints.append(offset) }
            offset += 8 + Int(length)
        }
        (self.bytes, self.checkpoints, self.owner, self.count, byteCount) = (bytes, checkpoints, owner, count, offset)
    }

    /// The UTF-8 bytes of the word at `offset` (checked against `bytes` when the words were laid out).
    private func word(at offset: Int) -> UnsafeRawBufferPointer {
        let length = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        return UnsafeRawBufferPointer(rebasing: bytes[offset + 8 ..< offset + 8 + length])
    }

    /// Word `i` (invalid UTF-8 replaced, as `String(decoding:as:)` does).
    subscript(i: Int) -> String {
        var offset = checkpoints[i / Self.stride]
        for _ in 0 ..< i % Self.stride { offset += 8 + word(at: offset).count }
        return String(decoding: word(at: offset), as: UTF8.self)
    }

    /// Calls `body` with each word's row and UTF-8 bytes, in order, until it returns false.
    private func forEachWord(_ body: (Int, UnsafeRawBufferPointer) -> Bool) {
        var offset = 0
        for row in 0 ..< count {
            let utf8 = word(at: offset)
            guard body(row, utf8) else { return }
            offset += 8 + utf8.count
        }
    }

    /// Every word, decoded.
    var all: [String] {
        var words: [String] = []
        words.reserveCapacity(count)
        forEachWord { _, utf8 in
            words.append(String(decoding: utf8, as: UTF8.self))
            return true
        }
        return words
    }

    /// The first row whose word equals the all-ASCII `word` as Swift compares strings (canonical
    /// equivalence), or nil, without decoding the words: one canonically equivalent to an ASCII
    /// word of n bytes has at most n scalars, so at most 4n bytes, and only such words that are
    /// not ASCII themselves are decoded to compare.
    func firstRow(ofASCII word: String) -> Int? {
        var word = word
        return word.withUTF8 { query -> Int? in
            let n = query.count
            var found: Int?
            forEachWord { row, label in
                if label.count == n, n == 0 || memcmp(label.baseAddress!, query.baseAddress!, n) == 0 {
                    found = row
                } else if label.count <= 4 * n, label.contains(where: { $0 >= 0x80 }),
                          String(decoding: label, as: UTF8.self) == String(decoding: query, as: UTF8.self) {
                    found = row
                }
                return found == nil
            }
            return found
        }
    }
}
