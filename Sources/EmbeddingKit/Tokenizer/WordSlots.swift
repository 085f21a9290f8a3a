/// One slot of the open-addressing tables that map word bytes to a number: the word's
/// first eight bytes and, in `meta`, 24 bits of its `WordHash`, its length (capped at 255)
/// and the number + 1 (0 marks an empty slot). Words of up to 8 bytes match on the slot
/// alone; longer ones are compared with their bytes in the arena.
struct WordSlot {
    var head: UInt64
    var meta: UInt64

    static let empty = WordSlot(head: 0, meta: 0)

    @inline(__always)
    static func meta(hash: UInt64, length: Int, value: Int) -> UInt64 {
        (hash & 0xFFFF_FF00_0000_0000) | UInt64(min(length, 255)) << 32 | UInt64(value + 1)
    }

    /// A span packs a word's place in the arena: start << 32 | length.
    @inline(__always)
    static func span(start: Int, length: Int) -> UInt64 {
        UInt64(start) << 32 | UInt64(length)
    }

    /// Probes for `token` (with its `WordHash` and `wordHead`); returns its number, or -1.
    /// `spans[number]` locates each stored word in `arena`.
    @inline(__always)
    static func find(_ token: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64, in slots: UnsafePointer<WordSlot>,
                     mask: Int, arena: UnsafePointer<UInt8>, spans: UnsafePointer<UInt64>) -> Int {
        let expected = meta(hash: hash, length: token.count, value: -1)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let meta = slots[slot].meta
            if meta == 0 { return -1 }
            if meta & 0xFFFF_FFFF_0000_0000 == expected && slots[slot].head == head {
                let value = Int(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1
                if token.count <= 8 { return value }
                let span = spans[value]
                if Int(truncatingIfNeeded: span & 0xFFFF_FFFF) == token.count
                    && bytesEqual(arena + Int(span >> 32) + 8, token.baseAddress! + 8, token.count - 8) {
                    return value
                }
            }
            slot = (slot + 1) & mask
        }
    }
}

/// A word's first eight bytes, little-endian, zero-padded.
@inline(__always)
func wordHead(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
    if word.count >= 8 { return UnsafeRawPointer(word.baseAddress!).loadUnaligned(as: UInt64.self) }
    var head: UInt64 = 0
    for i in 0 ..< word.count { head |= UInt64(word[i]) << (8 * i) }
    return head
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
