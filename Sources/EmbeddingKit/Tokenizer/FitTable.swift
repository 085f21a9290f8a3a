/// The counting state of a fit in progress, in manually managed memory so the per-token
/// loop touches no array bookkeeping. Built from a `Vocabulary` and turned back into one.
final class FitTable {
    private struct Entry {
        var hash: UInt64
        var start: Int
        var length: Int
        var count: Int
        var docs: Int
        var lastDocument: Int
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var entryCapacity: Int
    private var count = 0
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int

    init(_ vocabulary: Vocabulary) {
        entryCapacity = max(1024, vocabulary.count * 2)
        entries = .allocate(capacity: entryCapacity)
        slotCount = 16
        while slotCount < entryCapacity * 2 { slotCount *= 2 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        arenaCapacity = max(1 << 16, vocabulary.arena.count * 2)
        arena = .allocate(capacity: arenaCapacity)
        for id in 0 ..< vocabulary.count {
            _ = vocabulary.withWord(id) { insert($0, hash: WordHash.hash($0), at: nil) }
            entries[id].count = vocabulary.counts[id]
            entries[id].docs = vocabulary.docs[id]
        }
    }

    deinit {
        entries.deallocate()
        slots.deallocate()
        arena.deallocate()
    }

    /// Counts the tokens of one document (number `document`); returns how many there were.
    func add(_ text: UnsafeBufferPointer<UInt8>, document: Int, scanner: TokenScanner) -> Int {
        var tokens = 0
        var entries = self.entries
        var slots = self.slots
        var mask = slotCount - 1
        var arena = self.arena
        scanner.forEachToken(in: text) { token, hash in
            tokens += 1
            let tag = hash & 0xFFFF_FFFF_0000_0000
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let value = slots[slot]
                if value == 0 {
                    let id = insert(token, hash: hash, at: slot)
                    entries = self.entries
                    slots = self.slots
                    mask = slotCount - 1
                    arena = self.arena
                    entries[id].count = 1
                    entries[id].docs = 1
                    entries[id].lastDocument = document
                    return
                }
                if value & 0xFFFF_FFFF_0000_0000 == tag {
                    let id = Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1
                    if entries[id].length == token.count
                        && bytesEqual(arena + entries[id].start, token.baseAddress!, token.count) {
                        entries[id].count += 1
                        if entries[id].lastDocument != document {
                            entries[id].lastDocument = document
                            entries[id].docs += 1
                        }
                        return
                    }
                }
                slot = (slot + 1) & mask
            }
        }
        return tokens
    }

    /// The counts as plain arrays.
    func makeVocabulary() -> Vocabulary {
        Vocabulary(arena: Array(UnsafeBufferPointer(start: arena, count: arenaCount)),
                   offsets: [0] + (0 ..< count).map { entries[$0].start + entries[$0].length },
                   counts: (0 ..< count).map { entries[$0].count },
                   docs: (0 ..< count).map { entries[$0].docs },
                   slots: Array(UnsafeBufferPointer(start: slots, count: slotCount)))
    }

    /// Adds a new word with zero counts at `slot` (its empty home found by probing), or
    /// probes for one when `slot` is nil; returns its id.
    private func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, at slot: Int?) -> Int {
        if count == entryCapacity {
            let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: entryCapacity * 2)
            bigger.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = bigger
            entryCapacity *= 2
        }
        if arenaCount + word.count > arenaCapacity {
            while arenaCount + word.count > arenaCapacity { arenaCapacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
            bigger.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = bigger
        }
        let id = count
        if let base = word.baseAddress { (arena + arenaCount).update(from: base, count: word.count) }
        (entries + id).initialize(to: Entry(hash: hash, start: arenaCount, length: word.count,
                                            count: 0, docs: 0, lastDocument: -1))
        arenaCount += word.count
        count += 1
        if count * 2 > slotCount {
            rehash(slotCount * 2)
        } else {
            slots[slot ?? emptySlot(for: hash)] = slotValue(hash, id)
        }
        return id
    }

    private func slotValue(_ hash: UInt64, _ id: Int) -> UInt64 {
        (hash & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
    }

    private func emptySlot(for hash: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
        while slots[slot] != 0 { slot = (slot + 1) & (slotCount - 1) }
        return slot
    }

    private func rehash(_ size: Int) {
        slots.deallocate()
        slotCount = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        for id in 0 ..< count {
            slots[emptySlot(for: entries[id].hash)] = slotValue(entries[id].hash, id)
        }
    }
}
