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
        ranked = Array(counts.indices)
        ranked.sort { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
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
}
