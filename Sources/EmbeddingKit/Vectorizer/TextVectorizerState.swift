/// A vectorizer's whole state as plain values, to store (e.g. in a session file) and restore
/// with `TextVectorizer(state:)`; the lookup table and TF-IDF weights are derived again.
public struct TextVectorizerState: Equatable, Sendable {
    public var config: TextVectorizerConfig
    /// Whether `adapt` gave it a vocabulary.
    public var isAdapted: Bool
    /// Documents of the last adaptation.
    public var documentCount: Int
    /// Learned tokens in index order.
    public var tokens: [String]
    /// Occurrences of each token in the adapted documents.
    public var counts: [Int]
    /// Adapted documents holding each token.
    public var documentCounts: [Int]

    public init(config: TextVectorizerConfig, isAdapted: Bool, documentCount: Int, tokens: [String], counts: [Int],
                documentCounts: [Int]) {
        self.config = config
        self.isAdapted = isAdapted
        self.documentCount = documentCount
        self.tokens = tokens
        self.counts = counts
        self.documentCounts = documentCounts
    }
}

extension TextVectorizer {
    /// The state to store.
    public var state: TextVectorizerState {
        TextVectorizerState(config: config, isAdapted: isAdapted, documentCount: documentCount,
                            tokens: (0 ..< table.count).map(table.token), counts: counts, documentCounts: documentCounts)
    }

    /// Restores a stored state; throws `TextVectorizerError` for an invalid configuration or a
    /// state `adapt` cannot leave (naming what is wrong): tokens without an adaptation, more
    /// than `max_tokens` allows, empty, special or repeated tokens, counts outside 1 to
    /// `Tokenizer.maximumCount`, document counts above the token's count or the documents.
    public init(state: TextVectorizerState) throws(TextVectorizerError) {
        try state.config.validate()
        guard (0 ... Tokenizer.maximumCount).contains(state.documentCount), state.isAdapted || state.documentCount == 0 else {
            throw .invalidState("\(state.documentCount) documents " + (state.isAdapted ? "" : "without an adaptation"))
        }
        guard state.counts.count == state.tokens.count, state.documentCounts.count == state.tokens.count else {
            throw .invalidState("\(state.tokens.count) tokens but \(state.counts.count) counts and "
                + "\(state.documentCounts.count) document counts")
        }
        guard state.isAdapted || state.tokens.isEmpty else { throw .invalidState("tokens without an adaptation") }
        let room = state.config.maxTokens.map { $0 - state.config.tokenStart } ?? TokenTable.maxCount
        guard state.tokens.count <= room else {
            throw .invalidState("\(state.tokens.count) tokens where max_tokens leaves room for \(room)")
        }
        var table = TokenTable()
        for (i, token) in state.tokens.enumerated() {
            var token = token
            let (count, docs) = (state.counts[i], state.documentCounts[i])
            guard !token.isEmpty, token != Self.oovToken else { throw .invalidState("special token '\(token)' among the learned ones") }
            let added = token.withUTF8 { bytes in
                table.find(bytes) < 0 && table.append(bytes, hash: WordHash.hash(bytes)) >= 0
            }
            guard added else { throw .invalidState("repeated token '\(token)'") }
            guard count >= 1, count <= Tokenizer.maximumCount, docs >= 1, docs <= count, docs <= state.documentCount else {
                throw .invalidState("token '\(token)' has count \(count) and document count \(docs) "
                    + "(of \(state.documentCount) documents)")
            }
        }
        self.init(config: state.config, table: table, counts: state.counts, documentCounts: state.documentCounts,
                  documentCount: state.documentCount, isAdapted: state.isAdapted)
    }
}
