/// Words keyed by their UTF-8 bytes, numbered 0, 1, … in insertion order, each with a
/// count. Manually managed memory, so the per-token probe touches no array bookkeeping;
/// after it is built a table is only read, and threads may share it.
final class WordTable: @unchecked Sendable {
    private var slots: UnsafeMutablePointer<WordSlot>
    private var mask: Int
    /// `WordSlot.span` of each word.
    private var spans: UnsafeMutablePointer<UInt64>
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    private var capacity: Int
    /// Occurrences of each word.
    private(set) var counts: UnsafeMutablePointer<Int>
    /// Number of words.
    private(set) var count = 0
    /// Why the table stopped taking new words, if it did (see `WordTableGrowth`).
    private(set) var refusal: WordTableError?

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        (slots, mask) = Self.emptySlots(for: self.capacity)
        spans = .allocate(capacity: self.capacity)
        counts = .allocate(capacity: self.capacity)
        arenaCapacity = self.capacity * 8
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        slots.deallocate()
        spans.deallocate()
        counts.deallocate()
        arena.deallocate()
    }

    /// The number of `word`, or -1.
    @inline(__always)
    func id(of word: UnsafeBufferPointer<UInt8>) -> Int {
        WordSlot.find(word, hash: WordHash.hash(word), head: wordHead(word), in: slots, mask: mask,
                      arena: arena, spans: spans)
    }

    /// Adds `occurrences` to the count of `word`, inserting it first if it is new.
    func add(_ word: UnsafeBufferPointer<UInt8>, occurrences: Int = 1) {
        let hash = WordHash.hash(word), head = wordHead(word)
        let found = WordSlot.find(word, hash: hash, head: head, in: slots, mask: mask, arena: arena, spans: spans)
        if found >= 0 {
            counts[found] += occurrences
        } else {
            let id = insert(word, hash: hash, head: head)  // may move `counts`
            if id >= 0 { counts[id] = occurrences }
        }
    }

    /// The bytes of word `id`, valid while the table lives and is not changed.
    func word(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        let span = spans[id]
        return UnsafeBufferPointer(start: arena + Int(span >> 32), count: Int(span & 0xFFFF_FFFF))
    }

    /// Forgets every word, keeping the memory (and any refusal).
    func removeAll() {
        slots.update(repeating: .empty, count: mask + 1)
        count = 0
        arenaCount = 0
    }

    /// Inserts a word known to be absent; returns its number, or -1 when the table cannot grow.
    private func insert(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64) -> Int {
        // Per word: span and count (16 bytes), and two 16-byte slots.
        guard WordTableGrowth.allows(count: count, capacity: capacity, arenaCount: arenaCount, arenaCapacity: arenaCapacity,
                                     length: word.count, bytesPerWord: 48, refusal: &refusal) else { return -1 }
        if count == capacity { grow() }
        if arenaCount + word.count > arenaCapacity {
            arenaCapacity = max(arenaCapacity * 2, arenaCount + word.count)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
            bigger.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = bigger
        }
        if let base = word.baseAddress { (arena + arenaCount).update(from: base, count: word.count) }
        let id = count
        spans[id] = WordSlot.span(start: arenaCount, length: word.count)
        arenaCount += word.count
        count += 1
        place(id, hash: hash, head: head, length: word.count)
        return id
    }

    private func place(_ id: Int, hash: UInt64, head: UInt64, length: Int) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].meta != 0 { slot = (slot + 1) & mask }
        slots[slot] = WordSlot(head: head, meta: WordSlot.meta(hash: hash, length: length, value: id))
    }

    /// Empty slots for `capacity` words: a power of two, at most half full.
    private static func emptySlots(for capacity: Int) -> (UnsafeMutablePointer<WordSlot>, Int) {
        var slotCount = 16
        while slotCount < capacity * 2 { slotCount *= 2 }
        let slots = UnsafeMutablePointer<WordSlot>.allocate(capacity: slotCount)
        slots.initialize(repeating: .empty, count: slotCount)
        return (slots, slotCount - 1)
    }

    /// Doubles the word capacity and rehashes.
    private func grow() {
        capacity *= 2
        func enlarged<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        spans = enlarged(spans)
        counts = enlarged(counts)
        slots.deallocate()
        (slots, mask) = Self.emptySlots(for: capacity)
        for id in 0 ..< count {
            let word = self.word(id)
            place(id, hash: WordHash.hash(word), head: wordHead(word), length: word.count)
        }
    }
}

/// Calls `body` with each run of bytes between ASCII whitespace (space, tab, LF, VT, FF,
/// CR), as word2vec.c reads words.
@inline(__always)
func forEachWord(in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard let base = text.baseAddress else { return }
    let end = text.count
    var i = 0
    while i < end {
        while i < end && isWordSeparator(base[i]) { i &+= 1 }
        let start = i
        while i < end && !isWordSeparator(base[i]) { i &+= 1 }
        if i > start { body(UnsafeBufferPointer(start: base + start, count: i &- start)) }
    }
}

@inline(__always)
private func isWordSeparator(_ byte: UInt8) -> Bool {
    byte == 32 || (byte >= 9 && byte <= 13)
}
