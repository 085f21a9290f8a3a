#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Distinct tokens (UTF-8 bytes) numbered 0, 1, … in insertion order, with an open-addressing
/// hash index over them. Plain arrays, so it is a value and can be stored as is.
struct TokenTable: Sendable {
    /// The tokens' bytes, back to back.
    private(set) var arena: [UInt8] = []
    /// Token `id` is `arena[offsets[id] ..< offsets[id + 1]]`.
    private(set) var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Per token: its first eight bytes (`wordHead`) and its length, side by side, so most
    /// lookups compare a token without reading the arena.
    private var keys: [UInt64] = []
    /// By hash slot: the high half of the token's hash and its id + 1 in the low half, 0 for
    /// an empty slot (so most mismatches are told without reading the token); a power of two,
    /// at most half full.
    private var slots = [UInt64](repeating: 0, count: 16)
    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// The most tokens a table holds (ids + 1 are 32-bit).
    static let maxCount = Int(Int32.max) / 2

    init() {}

    /// A table of `tokens` in this order (they must be distinct).
    init<S: Sequence<String>>(_ tokens: S) {
        for token in tokens {
            var token = token
            token.withUTF8 { bytes in _ = append(bytes, hash: WordHash.hash(bytes)) }
        }
    }

    /// The id of `token`, or -1, for a token whose hash is not known yet.
    func find(_ token: UnsafeBufferPointer<UInt8>) -> Int {
        find(token, hash: WordHash.hash(token), head: wordHead(token))
    }

    var count: Int { hashes.count }

    /// The id of `token` (its `WordHash` and `wordHead` given), or -1.
    @inline(__always)
    func find(_ token: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64) -> Int {
        let tag = hash & Self.tagMask
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return -1 }
                if entry & Self.tagMask == tag {
                    let id = Int(truncatingIfNeeded: entry & ~Self.tagMask) - 1
                    if matches(id, token, head: head) { return id }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Whether token `id` has the bytes of `token`, whose first eight are `head`.
    @inline(__always)
    private func matches(_ id: Int, _ token: UnsafeBufferPointer<UInt8>, head: UInt64) -> Bool {
        let same = keys.withUnsafeBufferPointer { keys in keys[2 * id] == head && keys[2 * id + 1] == UInt64(token.count) }
        guard same else { return false }
        if token.count <= 8 { return true }
        let start = offsets[id] + 8
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, token.baseAddress! + 8, token.count - 8) == 0 }
    }

    /// Adds a token that is not in the table yet; returns its id.
    mutating func append(_ token: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let id = hashes.count
        arena.append(contentsOf: token)
        offsets.append(arena.count)
        hashes.append(hash)
        keys.append(wordHead(token))
        keys.append(UInt64(token.count))
        if 2 * hashes.count > slots.count {
            slots = [UInt64](repeating: 0, count: slots.count * 2)
            for (other, h) in hashes.enumerated() { place(other, hash: h) }
        } else {
            place(id, hash: hash)
        }
        return id
    }

    private mutating func place(_ id: Int, hash: UInt64) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash & Self.tagMask | UInt64(id + 1)
        }
    }

    /// The bytes of token `id`.
    func withToken<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offsets[id] ..< offsets[id + 1]])) }
    }

    /// Token `id` as a string.
    func token(_ id: Int) -> String {
        withToken(id) { String(decoding: $0, as: UTF8.self) }
    }

    /// The hash of token `id`.
    func hash(_ id: Int) -> UInt64 { hashes[id] }

    /// Whether token `a` sorts before token `b` bytewise (as numpy compares bytes).
    func bytesPrecede(_ a: Int, _ b: Int) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            let (sa, la) = (offsets[a], offsets[a + 1] - offsets[a])
            let (sb, lb) = (offsets[b], offsets[b + 1] - offsets[b])
            let common = min(la, lb)
            let order = common == 0 ? 0 : memcmp(arena.baseAddress! + sa, arena.baseAddress! + sb, common)
            return order != 0 ? order < 0 : la < lb
        }
    }
}
