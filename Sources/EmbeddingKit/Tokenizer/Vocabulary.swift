/// Fitted words in first-seen order with their counts, keyed by UTF-8 bytes.
///
/// All state lives in plain arrays (a byte arena, offsets, counts, document counts and the
/// hash table's slots), so it can be stored as is. Lookups hash the token's bytes; no
/// `String` is made per token.
struct Vocabulary: Sendable {
    /// The words' UTF-8 bytes, back to back, in first-seen order.
    let arena: [UInt8]
    /// Word `id` is `arena[offsets[id] ..< offsets[id + 1]]`.
    let offsets: [Int]
    /// Occurrences of each word over all fitted documents.
    let counts: [Int]
    /// Number of fitted documents containing each word.
    let docs: [Int]
    /// Open-addressing table (linear probing, at most half full): per slot 0 for empty, or
    /// the word's `WordHash` high 32 bits above its id + 1.
    let slots: [UInt64]

    init() {
        self.init(arena: [], offsets: [0], counts: [], docs: [], slots: Array(repeating: 0, count: 16))
    }

    init(arena: [UInt8], offsets: [Int], counts: [Int], docs: [Int], slots: [UInt64]) {
        self.arena = arena
        self.offsets = offsets
        self.counts = counts
        self.docs = docs
        self.slots = slots
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

    /// Calls `body` with a lookup valid during the call.
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                arena.withUnsafeBufferPointer { arena in
                    body(Lookup(slots: slots, offsets: offsets, arena: arena))
                }
            }
        }
    }

    /// The id of a word (-1 if absent).
    func find(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        withLookup { $0.find(word, hash: WordHash.hash(word)) }
    }

    /// Unsafe read-only view for per-token lookups.
    struct Lookup {
        let slots: UnsafeBufferPointer<UInt64>
        let offsets: UnsafeBufferPointer<Int>
        let arena: UnsafeBufferPointer<UInt8>

        /// The id of `key`, whose `WordHash` is `hash`, or -1.
        @inline(__always)
        func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
            let mask = slots.count - 1
            let tag = hash & 0xFFFF_FFFF_0000_0000
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return -1 }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                    let start = offsets[id]
                    if offsets[id + 1] - start == key.count
                        && bytesEqual(arena.baseAddress! + start, key.baseAddress!, key.count) { return id }
                }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// Byte-wise equality, eight bytes at a time.
@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
            != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// The hash of a token's bytes; every tokenizing path must use exactly this.
enum WordHash {
    @inline(__always) static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        ((h << 5) | (h >> 59)) ^ UInt64(byte)
    }

    @inline(__always) static func finish(_ h: UInt64, length: Int) -> UInt64 {
        var x = h ^ UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0
        for b in bytes { h = step(h, b) }
        return finish(h, length: bytes.count)
    }
}
