extension EmbeddingTable {
    /// The vector of `word` composed from its n-grams, when the table has subword vectors and
    /// the word is not one of its rows (fastText's and gensim's vector for an unseen word);
    /// nil otherwise, or when the word has no n-gram.
    public func composedVector(_ word: String) -> [Float]? {
        guard let subwords, index(of: word) == nil else { return nil }
        return subwords.compose(word)
    }

    /// gensim's `word in vectors`: `word` is a row, or the table has subword vectors (gensim's
    /// `FastTextKeyedVectors` holds every word then).
    public func holdsVector(for word: String) -> Bool {
        contains(word) || subwords != nil
    }

    /// gensim's `get_vector(word, norm: normalize)`: the word's row (unit when `normalize`; a
    /// zero or non-finite row is then an error, where gensim gives NaN), or its vector composed
    /// from n-grams (unit when `normalize`; the zero vector when it has no n-gram, as gensim and
    /// fastText give). Unknown words are an error.
    func keyedVector(_ word: String, normalize: Bool) throws -> [Float] {
        if let row = index(of: word) {
            guard normalize else { return try self.row(row) }
            let cache = normCache
            try checkDirection(row: row, cache)
            return unitRow(row, cache)
        }
        guard subwords != nil else { throw unknownWordsError([word]) }
        let composed = composedVector(word) ?? [Float](repeating: 0, count: dim)
        return normalize ? VectorMath.unit(composed) ?? composed : composed
    }
}
