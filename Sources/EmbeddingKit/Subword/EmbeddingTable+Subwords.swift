extension EmbeddingTable {
    /// The vector of `word` composed from its n-grams, when the table has subword vectors and
    /// the word is not one of its rows (fastText's and gensim's vector for an unseen word);
    /// nil otherwise, or when the word has no n-gram.
    public func composedVector(_ word: String) -> [Float]? {
        guard let subwords, index(of: word) == nil else { return nil }
        return subwords.compose(word)
    }

    /// Whether `word` is a row, or can be composed from n-grams.
    public func canVectorize(_ word: String) -> Bool {
        index(of: word) != nil || composedVector(word) != nil
    }
}
