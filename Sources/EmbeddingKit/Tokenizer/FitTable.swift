import CKernels

/// The counting state of a fit in progress, in manually managed memory so the per-token
/// loop touches no array bookkeeping. Built from a `Vocabulary` and turned back into one.
/// Limits: those of `WordTableGrowth` (a growth past them is refused and kept in `refusal`),
/// and fewer than 2^32 documents (`TokenizerFitter` counts them).
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
    /// Where each word was first seen: block number (high half) and id there (low half).
    /// Kept apart from `entries`, which the per-token loop reads, as it is written only once.
    private var firstSeen: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private var count = 0
    /// `WordSlot.meta` values (8 bytes per slot keeps the table small).
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// Why the table stopped taking new words, if it did.
    private(set) var refusal: WordTableError?

    init(_ vocabulary: Vocabulary) {
        capacity = max(1024, vocabulary.count * 2)
        entries = .allocate(capacity: capacity)
        spans = .allocate(capacity: capacity)
        firstSeen = .allocate(capacity: capacity)
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
                firstSeen[id] = UInt64(id)
            }
        }
    }

    deinit {
        entries.deallocate()
        spans.deallocate()
        firstSeen.deallocate()
        slots.deallocate()
        arena.deallocate()
    }

    /// Counts the tokens of one document (number `document`, from block number `block` of
    /// a corpus); returns how many there were. The slots of the tokens 16 ahead and the
    /// entries of those 8 ahead are prefetched, so the cache misses of rare words overlap.
    func add(_ text: UnsafeBufferPointer<UInt8>, document: Int, block: Int, scanner: TokenScanner) -> Int {
        let document = UInt32(truncatingIfNeeded: document)
        let block = UInt64(block) << 32
        var tokens = 0
        var entries = self.entries
        scanner.forEachBatch(in: text) { batch in
            tokens += batch.count
            for (k, token) in batch.enumerated() {
                if k + 16 < batch.count { prefetchSlot(batch[k + 16].hash) }
                if k + 8 < batch.count { prefetchEntry(batch[k + 8].hash) }
                let (id, slot) = find(token.bytes, hash: token.hash, head: token.head)
                if id >= 0 {
                    entries[id].count += 1
                    if entries[id].lastDocument != document {
                        entries[id].lastDocument = document
                        entries[id].docs += 1
                    }
                } else {
                    let id = insert(token.bytes, hash: token.hash, at: slot)
                    if id < 0 { continue }
                    entries = self.entries
                    entries[id] = Entry(head: token.head, count: 1, docs: 1, lastDocument: document)
                    firstSeen[id] = block | UInt64(id)
                }
            }
        }
        return tokens
    }

    /// Adds the counts of `parts`, tables of documents that come after this table's, counted
    /// separately (on other threads) block by block: words new here are appended in the order
    /// they were first seen across the parts, so the result is as if every document had been
    /// added here in corpus order. Consumes `parts` (the first one collects the others).
    func merge(_ parts: [FitTable]) {
        guard let combined = parts.first else { return }
        for part in parts.dropFirst() { combined.absorbAll(part) }
        combined.sortByFirstSeen()
        if count == 0 {
            swapStorage(with: combined)
        } else {
            absorbAll(combined)
        }
    }

    /// Renumbers the words in the order they were first seen (a no-op when they already are).
    private func sortByFirstSeen() {
        let keys = Array(UnsafeBufferPointer(start: firstSeen, count: count))
        guard zip(keys, keys.dropFirst()).contains(where: { $0 >= $1 }) else { return }
        let order = (0 ..< count).sorted { keys[$0] < keys[$1] }
        var newID = [Int](repeating: 0, count: count)
        let sortedEntries = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        let sortedSpans = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        for (new, old) in order.enumerated() {
            newID[old] = new
            (sortedEntries + new).initialize(to: entries[old])
            (sortedSpans + new).initialize(to: spans[old])
            firstSeen[new] = keys[old]
        }
        entries.deallocate()
        spans.deallocate()
        entries = sortedEntries
        spans = sortedSpans
        for slot in 0 ..< slotCount where slots[slot] != 0 {
            let old = Int(truncatingIfNeeded: slots[slot] & 0xFFFF_FFFF) - 1
            slots[slot] = (slots[slot] & 0xFFFF_FFFF_0000_0000) | UInt64(newID[old] + 1)
        }
    }

    /// Exchanges everything with `other`. (Plain assignments: overlapping `inout` accesses
    /// to these properties would make every access to them checked at run time.)
    private func swapStorage(with other: FitTable) {
        let mine = (entries, spans, firstSeen, capacity, count, slots, slotCount, arena, arenaCount, arenaCapacity)
        (entries, spans, firstSeen, capacity, count) = (other.entries, other.spans, other.firstSeen, other.capacity, other.count)
        (slots, slotCount, arena, arenaCount, arenaCapacity) = (other.slots, other.slotCount, other.arena, other.arenaCount, other.arenaCapacity)
        (other.entries, other.spans, other.firstSeen, other.capacity, other.count) = (mine.0, mine.1, mine.2, mine.3, mine.4)
        (other.slots, other.slotCount, other.arena, other.arenaCount, other.arenaCapacity) = (mine.5, mine.6, mine.7, mine.8, mine.9)
    }

    /// Absorbs every entry of `other`, hashing ahead and prefetching the slots a few words
    /// early so that the cache misses of this table's probes overlap.
    private func absorbAll(_ other: FitTable) {
        let lookahead = 8
        let hashes = (0 ..< other.count).map { WordHash.hash(other.word($0)) }
        for id in 0 ..< other.count {
            if id + lookahead < other.count { prefetchSlot(hashes[id + lookahead]) }
            absorb(other, id, hash: hashes[id])
        }
    }

    /// Adds entry `id` of `other` (whose word hashes to `hash`): its counts to the same word
    /// here, or as a new word keeping the earlier first sighting.
    private func absorb(_ other: FitTable, _ id: Int, hash: UInt64) {
        let word = other.word(id)
        let theirs = other.entries[id]
        let (found, slot) = find(word, hash: hash, head: theirs.head)
        if found >= 0 {
            entries[found].count += theirs.count
            entries[found].docs += theirs.docs
            firstSeen[found] = min(firstSeen[found], other.firstSeen[id])
        } else {
            let new = insert(word, hash: hash, at: slot)
            if new < 0 { return }
            entries[new] = Entry(head: theirs.head, count: theirs.count, docs: theirs.docs, lastDocument: 0)
            firstSeen[new] = other.firstSeen[id]
        }
    }

    /// Starts loading the first slot a word with `hash` probes.
    @inline(__always)
    private func prefetchSlot(_ hash: UInt64) {
        embsh_prefetch(slots + Self.home(hash, slotCount: slotCount))
    }

    /// Starts loading the entry of the word in that slot (prefetched earlier), the likely match.
    @inline(__always)
    private func prefetchEntry(_ hash: UInt64) {
        let meta = slots[Self.home(hash, slotCount: slotCount)]
        if meta != 0 { embsh_prefetch(entries + (Int(truncatingIfNeeded: meta & 0xFFFF_FFFF) - 1)) }
    }

    /// Word `id`'s bytes.
    private func word(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        let span = spans[id]
        return UnsafeBufferPointer(start: arena + Int(span >> 32), count: Int(span & 0xFFFF_FFFF))
    }

    /// The counts as plain arrays.
    func makeVocabulary() -> Vocabulary {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(arenaCount)
        var offsets = [0]
        offsets.reserveCapacity(count + 1)
        for id in 0 ..< count {
            bytes.append(contentsOf: word(id))
            offsets.append(bytes.count)
        }
        return Vocabulary(arena: bytes, offsets: offsets,
                          counts: (0 ..< count).map { entries[$0].count },
                          docs: (0 ..< count).map { Int(entries[$0].docs) })
    }

    /// Adds a new word, with its entry uninitialized, at the empty `slot` its probe ended on;
    /// returns its id, or -1 when the table cannot grow (see `refusal`).
    @discardableResult
    private func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, at slot: Int) -> Int {
        // Per word: entry, span and first sighting (40 bytes), and two slots (16).
        guard WordTableGrowth.allows(count: count, capacity: capacity, arenaCount: arenaCount, arenaCapacity: arenaCapacity,
                                     length: word.count, bytesPerWord: 56, refusal: &refusal) else { return -1 }
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
            let biggerFirstSeen = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            biggerFirstSeen.moveInitialize(from: firstSeen, count: count)
            firstSeen.deallocate()
            firstSeen = biggerFirstSeen
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
        var slot = Self.home(hash, slotCount: slotCount)
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
    private static func home(_ hash: UInt64, slotCount: Int) -> Int {
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
                hash = WordHash.hash(word(Int(truncatingIfNeeded: old[i] & 0xFFFF_FFFF) - 1))
            }
            var slot = Self.home(hash, slotCount: slotCount)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = old[i]
        }
        old.deallocate()
    }
}
