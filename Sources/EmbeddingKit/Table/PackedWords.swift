import Foundation

/// Words laid out one after another in borrowed memory, each as its UTF-8 byte count (a
/// little-endian 64-bit integer) followed by its bytes — how a session file stores a table's
/// labels — used in place: a word becomes a `String` only when it is asked for.
public struct PackedWords: @unchecked Sendable {
    private let bytes: UnsafeRawBufferPointer
    /// Where each word's count lies in `bytes`.
    private let starts: [Int]
    /// Keeps `bytes` alive (e.g. the file mapping).
    private let owner: AnyObject
    /// The bytes the words take, counts included.
    public let byteCount: Int

    /// The first `count` words of `bytes` (kept alive by `owner`), or nil when they run past its end.
    public init?(_ bytes: UnsafeRawBufferPointer, count: Int, owner: AnyObject) {
        guard count >= 0, count <= bytes.count / 8 else { return nil }
        var starts = [Int](repeating: 0, count: count)
        var offset = 0
        for i in 0 ..< count {
            guard bytes.count - offset >= 8 else { return nil }
            let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            guard length <= UInt64(bytes.count - offset - 8) else { return nil }
            starts[i] = offset
            offset += 8 + Int(length)
        }
        (self.bytes, self.starts, self.owner, byteCount) = (bytes, starts, owner, offset)
    }

    public var count: Int { starts.count }

    /// The UTF-8 bytes of word `i` (checked against `bytes` when the words were laid out).
    private func utf8(_ i: Int) -> UnsafeRawBufferPointer {
        let start = starts[i]
        let length = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self)))
        return UnsafeRawBufferPointer(rebasing: bytes[start + 8 ..< start + 8 + length])
    }

    /// Word `i` (invalid UTF-8 replaced, as `String(decoding:as:)` does).
    public subscript(i: Int) -> String { String(decoding: utf8(i), as: UTF8.self) }

    /// The first row whose word equals the all-ASCII `word` as Swift compares strings (canonical
    /// equivalence), or nil, without decoding the words: one canonically equivalent to an ASCII
    /// word of n bytes has at most n scalars, so at most 4n bytes, and only such words that are
    /// not ASCII themselves are decoded to compare.
    func firstRow(ofASCII word: String) -> Int? {
        var word = word
        return word.withUTF8 { query -> Int? in
            let n = query.count
            for row in starts.indices {
                let label = utf8(row)
                if label.count == n, n == 0 || memcmp(label.baseAddress!, query.baseAddress!, n) == 0 { return row }
                if label.count <= 4 * n, label.contains(where: { $0 >= 0x80 }),
                   String(decoding: label, as: UTF8.self) == String(decoding: query, as: UTF8.self) {
                    return row
                }
            }
            return nil
        }
    }
}
