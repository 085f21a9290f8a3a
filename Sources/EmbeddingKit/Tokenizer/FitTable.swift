/// The counting state of a fit in progress, in manually managed memory so the per-token
/// loop touches no array bookkeeping. Built from a `Vocabulary` and turned back into one.
/// Limits: fewer than 2^32 words, a word arena under 4 GiB, fewer than 2^32 documents
/// per word (exceeding a count traps).
final class FitTable {
    /// One word, in first-seen order (frequent words come early): its head (so a short word
    /// is matched here, where its counts are) and counts.
    private struct Entry {
        var head: UInt64
        var count: Int
        var docs: UInt32
        /// Last document that counted this word in `docs` (truncated; only compared).
        var lastDocument: UInt32
    }

    private var entries: UnsafeMutablePointer<Entry>
    /// `WordSlot.span` of each word.
    private var spans: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private var count = 0
    /// `WordSlot.meta` values (8 bytes per slot keeps the table small).
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int

    init(_ vocabulary: Vocabulary) {
        capacity = max(1024, vocabulary.count * 2)
        entries = .allocate(capacity: capacity)
        spans = .allocate(capacity: capacity)
        slotCount = 16
        while slotCount < capacity * 2 { slotCount *= 2 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        arenaCapacity = max(1 << 16, vocabulary.arena.count * 2)
        arena = .allocate(capacity: arenaCapacity)
        for id in 0 ..< vocabulary.count {
            vocabulary.withWord(id) { word in
                let hash = WordHash.hash(word)
                insert(word, hash: hash, at: find(word, hash: hash, head: wordHead(word)).slot)
                entries[id] = Entry(head: wordHead(word), count: vocabulary.counts[id],
                                    docs: UInt32(vocabulary.docs[id]), lastDocument: 0)
            }
        }
    }

    deinit {
        entries.deallocate()
        spans.deallocate()
        slots.deallocate()
        arena.deallocate()
    }

    /// Counts the tokens of one document (number `document`); returns how many there were.
    func add(_ text: UnsafeBufferPointer<UInt8>, document: Int, scanner: TokenScanner) -> Int {
        let document = UInt32(truncatingIfNeeded: document)
        var tokens = 0
        var entries = self.entries
        scanner.forEachBatch(in: text) { batch in
            tokens += batch.count
            for token in batch {
                let (id, slot) = find(token.bytes, hash: token.hash, head: token.head)
                if id >= 0 {
                    entries[id].count += 1
                    if entries[id].lastDocument != document {
                        entries[id].lastDocument = document
                        entries[id].docs += 1
                    }
                } else {
                    let id = insert(token.bytes, hash: token.hash, at: slot)
                    entries = self.entries
                    entries[id] = Entry(head: token.head, count: 1, docs: 1, lastDocument: document)
                }
            }
        }
        return tokens
    }

    /// The counts as plain arrays.
    func makeVocabulary() -> Vocabulary {
        Vocabulary(arena: Array(UnsafeBufferPointer(start: arena, count: arenaCount)),
                   offsets: [0] + (0 ..< count).map { Int(spans[$0] >> 32) + Int(spans[$0] & 0xFFFF_FFFF) },
                   counts: (0 ..< count).map { entries[$0].count },
                   docs: (0 ..< count).map { Int(entries[$0].docs) })
    }

    /// Adds a new word, with its entry uninitialized, at the empty `slot` its probe ended on.
    @discardableResult
    private func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, at slot: Int) -> Int {
        if count == capacity {
            capacity *= 2
            let biggerEntries = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
            biggerEntries.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = biggerEntries
            let biggerSpans = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            biggerSpans.moveInitialize(from: spans, count: count)
            spans.deallocate()
            spans = biggerSpans
        }
        if arenaCount + word.count > arenaCapacity {
            while arenaCount + word.count > arenaCapacity { arenaCapacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
            bigger.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = bigger
        }
        let id = count
        (arena + arenaCount).update(from: word.baseAddress!, count: word.count)
        spans[id] = WordSlot.span(start: arenaCount, length: word.count)
        arenaCount += word.count
        count += 1
        slots[slot] = WordSlot.meta(hash: hash, length: word.count, value: id)
        if count * 2 > slotCount { rehash() }
        return id
    }

    /// Probes for `token`; returns its id, or -1 and the empty slot where it would go.
    @inline(__always)
    private func find(_ token: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64) -> (id: Int, slot: Int) {
        let expected = WordSlot.meta(hash: hash, length: token.count, value: -1)
        let mask = slotCount - 1
        var slot = home(hash)
        while true {
            let meta = slots[slot]
            if meta == 0 { return (-1, slot) }
            if meta & 0xFFFF_FFFF_0000_0000 == expected {
                let id = Int(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1
                if entries[id].head == head {
                    if token.count <= 8 { return (id, slot) }
                    let span = spans[id]
                    if Int(truncatingIfNeeded: span & 0xFFFF_FFFF) == token.count
                        && bytesEqual(arena + Int(span >> 32) + 8, token.baseAddress! + 8, token.count - 8) {
                        return (id, slot)
                    }
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// A word's first slot: the top bits of its hash, so growing the table can place words
    /// from the hash bits kept in their slots.
    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> UInt64(64 - slotCount.trailingZeroBitCount))
    }

    private func rehash() {
        let old = slots
        let oldCount = slotCount
        slotCount *= 2
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        let mask = slotCount - 1
        let bits = slotCount.trailingZeroBitCount
        for i in 0 ..< oldCount where old[i] != 0 {
            var hash = old[i]
            if bits > 24 {
                let span = spans[Int(truncatingIfNeeded: old[i] & 0xFFFF_FFFF) - 1]
                hash = WordHash.hash(UnsafeBufferPointer(start: arena + Int(span >> 32), count: Int(span & 0xFFFF_FFFF)))
            }
            var slot = home(hash)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = old[i]
        }
        old.deallocate()
    }
}
