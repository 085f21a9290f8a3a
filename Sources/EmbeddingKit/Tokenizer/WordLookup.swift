import CKernels

/// Lookup from word bytes to word index, derived from a vocabulary and its word index.
/// Slots hold the index itself, so a short word costs one probe and no other memory.
struct WordLookup: Sendable {
    private let slots: [WordSlot]
    /// Span of the word at each index (0 where there is none).
    private let spans: [UInt64]
    private let arena: [UInt8]

    init(_ vocabulary: Vocabulary, _ index: WordIndex) {
        var size = 16
        while size < vocabulary.count * 2 { size *= 2 }
        var slots = [WordSlot](repeating: .empty, count: size)
        var spans = [UInt64](repeating: 0, count: index.idAtIndex.count)
        vocabulary.arena.withUnsafeBufferPointer { arena in
            slots.withUnsafeMutableBufferPointer { slots in
                func word(_ id: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: arena[vocabulary.offsets[id] ..< vocabulary.offsets[id + 1]])
                }
                // Hashed first, so each word's slot can be prefetched a few words ahead of its
                // probe and the cache misses overlap.
                let hashes = (0 ..< vocabulary.count).map { WordHash.hash(word($0)) }
                let lookahead = 8
                for id in 0 ..< vocabulary.count {
                    if id + lookahead < hashes.count { embsh_prefetch(slots.baseAddress! + Int(truncatingIfNeeded: hashes[id + lookahead]) & (size - 1)) }
                    let word = word(id), hash = hashes[id]
                    var slot = Int(truncatingIfNeeded: hash) & (size - 1)
                    while slots[slot].meta != 0 { slot = (slot + 1) & (size - 1) }
                    let number = index.indexOfID[id]
                    slots[slot] = WordSlot(head: wordHead(word), meta: WordSlot.meta(hash: hash, length: word.count, value: number))
                    spans[number] = WordSlot.span(start: vocabulary.offsets[id], length: word.count)
                }
            }
        }
        self.slots = slots
        self.spans = spans
        arena = vocabulary.arena
    }

    /// The index of a fitted word, or -1.
    func index(of word: UnsafeBufferPointer<UInt8>) -> Int {
        withFinder { $0.index(of: word, hash: WordHash.hash(word), head: wordHead(word)) }
    }

    /// Calls `body` with a finder valid during the call.
    func withFinder<R>(_ body: (Finder) -> R) -> R {
        slots.withUnsafeBufferPointer { slots in
            spans.withUnsafeBufferPointer { spans in
                arena.withUnsafeBufferPointer { arena in
                    body(Finder(slots: slots.baseAddress!, mask: slots.count - 1, spans: spans.baseAddress!,
                                arena: arena.baseAddress ?? UnsafePointer(bitPattern: 1)!))
                }
            }
        }
    }

    /// Unsafe view for per-token lookups.
    struct Finder {
        let slots: UnsafePointer<WordSlot>
        let mask: Int
        let spans: UnsafePointer<UInt64>
        let arena: UnsafePointer<UInt8>

        /// The index of `token`, whose `WordHash` is `hash`, or -1 if it is not a fitted word.
        @inline(__always)
        func index(of token: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64) -> Int {
            WordSlot.find(token, hash: hash, head: head, in: slots, mask: mask, arena: arena, spans: spans)
        }
    }
}
