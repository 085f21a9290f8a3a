/// Keras's `word_index` / `index_word`, derived from the vocabulary after each fit.
///
/// Words are ranked by count, descending, ties in first-seen order (Python's stable sort),
/// and numbered from 1; an OOV token comes first. Like Keras's
/// `dict(zip(sorted_voc, range(1, …)))`, an OOV token that also occurs in the texts takes
/// its later position, leaving index 1 without a word.
struct WordIndex: Sendable {
    /// Index → vocabulary id, or `WordIndex.none` (index 0, a vacated 1) or `WordIndex.oov`
    /// (the OOV token when it is not a fitted word).
    private(set) var idAtIndex: [Int]
    /// Vocabulary id → index.
    private(set) var indexOfID: [Int]
    /// Vocabulary ids by index order (most frequent first).
    private(set) var ranked: [Int]
    /// Index of the OOV token, if there is one.
    let oovIndex: Int?
    /// Number of entries in Keras's `word_index`.
    let count: Int

    static let none = -1
    static let oov = -2

    init(_ vocabulary: Vocabulary, oovID: Int?, hasOOV: Bool) {
        let counts = vocabulary.counts
        ranked = WordIndex.rank(counts)
        let first = hasOOV ? 2 : 1
        idAtIndex = [WordIndex.none] + (hasOOV ? [WordIndex.oov] : []) + ranked
        indexOfID = Array(repeating: 0, count: counts.count)
        for (rank, id) in ranked.enumerated() { indexOfID[id] = rank + first }
        if let oovID {
            idAtIndex[1] = WordIndex.none
            oovIndex = indexOfID[oovID]
            count = counts.count
        } else {
            oovIndex = hasOOV ? 1 : nil
            count = counts.count + (hasOOV ? 1 : 0)
        }
    }

    /// Ids by count, descending, ties by id: a stable counting sort for counts below 2^16
    /// (almost all words), a comparison sort for the few above.
    private static func rank(_ counts: [Int]) -> [Int] {
        let buckets = 1 << 16
        var large: [Int] = []
        var starts = [Int](repeating: 0, count: buckets + 1)
        for (id, count) in counts.enumerated() {
            if count < buckets { starts[buckets - count] += 1 } else { large.append(id) }
        }
        large.sort { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        starts[0] = large.count
        for i in 1 ... buckets { starts[i] += starts[i - 1] }
        var ranked = [Int](repeating: 0, count: counts.count)
        for (rank, id) in large.enumerated() { ranked[rank] = id }
        for (id, count) in counts.enumerated() where count < buckets {
            ranked[starts[buckets - 1 - count]] = id
            starts[buckets - 1 - count] += 1
        }
        return ranked
    }
}
