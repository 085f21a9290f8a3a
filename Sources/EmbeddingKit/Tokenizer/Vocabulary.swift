/// Fitted words in first-seen order with their counts, keyed by UTF-8 bytes.
///
/// All state lives in plain arrays (a byte arena, offsets, counts, document counts), so it
/// can be stored as is; the hash tables for lookups are derived from it.
struct Vocabulary: Sendable {
    /// The words' UTF-8 bytes, back to back, in first-seen order.
    let arena: [UInt8]
    /// Word `id` is `arena[offsets[id] ..< offsets[id + 1]]`.
    let offsets: [Int]
    /// Occurrences of each word over all fitted documents.
    let counts: [Int]
    /// Number of fitted documents containing each word.
    let docs: [Int]

    init(arena: [UInt8] = [], offsets: [Int] = [0], counts: [Int] = [], docs: [Int] = []) {
        self.arena = arena
        self.offsets = offsets
        self.counts = counts
        self.docs = docs
    }

    var count: Int { counts.count }

    /// The bytes of word `id`.
    func withWord<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offsets[id] ..< offsets[id + 1]])) }
    }

    /// The word `id` as a string.
    func word(_ id: Int) -> String {
        withWord(id) { String(decoding: $0, as: UTF8.self) }
    }
}

/// The hash of a word's bytes, eight bytes at a time; every tokenizing path must use it.
enum WordHash {
    @inline(__always) private static func mix(_ h: UInt64, _ chunk: UInt64) -> UInt64 {
        let x = (h ^ chunk) &* 0x9E37_79B9_7F4A_7C15
        return x ^ (x >> 32)
    }

    @inline(__always) private static func finish(_ h: UInt64) -> UInt64 {
        var x = h
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        return x ^ (x >> 33)
    }

    /// The hash of `bytes`.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = UInt64(bytes.count) &* 0xC2B2_AE3D_27D4_EB4F
        var i = 0
        while i < bytes.count {
            h = mix(h, wordHead(UnsafeBufferPointer(rebasing: bytes[i ..< min(i + 8, bytes.count)])))
            i += 8
        }
        return finish(h)
    }

    /// The hash and `wordHead` of `count` bytes at `p`, reading whole eight-byte chunks:
    /// up to 7 bytes past the end must be readable (they are masked off).
    @inline(__always)
    static func hashPadded(_ p: UnsafePointer<UInt8>, count: Int) -> (hash: UInt64, head: UInt64) {
        let raw = UnsafeRawPointer(p)
        var h = UInt64(count) &* 0xC2B2_AE3D_27D4_EB4F
        var head: UInt64 = 0
        var i = 0
        while i < count {
            var chunk = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let left = count - i
            if left < 8 { chunk &= (1 << (UInt64(left) * 8)) - 1 }
            if i == 0 { head = chunk }
            h = mix(h, chunk)
            i += 8
        }
        return (finish(h), head)
    }
}
