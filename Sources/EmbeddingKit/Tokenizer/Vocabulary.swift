/// Words in first-seen order with their counts, keyed by UTF-8 bytes.
///
/// All state lives in plain arrays (a byte arena, offsets, counts), so it can be stored
/// as is; lookups go through an open-addressing table over the arena, with no `String`
/// made per token.
struct Vocabulary: Sendable {
    /// The words' UTF-8 bytes, back to back, in first-seen order.
    private(set) var arena: [UInt8] = []
    /// Word `id` is `arena[offsets[id] ..< offsets[id + 1]]`.
    private(set) var offsets: [Int] = [0]
    /// Occurrences of each word over all fitted documents.
    private(set) var counts: [Int] = []
    /// Number of fitted documents containing each word.
    private(set) var docs: [Int] = []
    /// Hash of each word, so growing the table never rereads the arena.
    private var hashes: [UInt64] = []
    /// Last document (its `documentCount`) that counted each word in `docs`.
    private var lastDocument: [Int] = []
    /// Word id + 1 per slot, 0 for empty; the size is a power of two, at most half full.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)

    var count: Int { counts.count }

    /// The bytes of word `id`.
    func withWord<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offsets[id] ..< offsets[id + 1]])) }
    }

    /// The word `id` as a string.
    func word(_ id: Int) -> String {
        withWord(id) { String(decoding: $0, as: UTF8.self) }
    }

    /// The id of `key` (whose hash is `hash`, from `WordHash`), or -1.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return -1 }
                if hashes[entry - 1] == hash && matches(entry - 1, key) { return entry - 1 }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Counts one occurrence of `key` in document number `document`, adding it if new.
    @inline(__always)
    mutating func count(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, document: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        var id = -1
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if hashes[entry - 1] == hash && matches(entry - 1, key) { id = entry - 1; break }
            slot = (slot + 1) & mask
        }
        if id < 0 {
            id = counts.count
            slots[slot] = Int32(id + 1)
            arena.append(contentsOf: key)
            offsets.append(arena.count)
            counts.append(0)
            docs.append(0)
            hashes.append(hash)
            lastDocument.append(-1)
            if counts.count * 2 > slots.count { grow() }
        }
        counts[id] += 1
        if lastDocument[id] != document {
            lastDocument[id] = document
            docs[id] += 1
        }
    }

    @inline(__always)
    private func matches(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[id]
        guard offsets[id + 1] - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            key.isEmpty || memoryEqual(arena.baseAddress! + start, key.baseAddress!, key.count)
        }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for id in 0 ..< counts.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(id + 1)
        }
        slots = bigger
    }
}

/// Byte-wise equality without Foundation.
@inline(__always)
private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
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

/// The hash of a token's bytes; both tokenizing paths must use exactly this.
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
