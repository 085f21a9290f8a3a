/// A tokenizer's whole state as plain values, to store it (e.g. in a session file) and
/// restore it with `Tokenizer(state:)`; the word index is derived again on restore.
public struct TokenizerState: Equatable, Sendable {
    public var config: TokenizerConfig
    /// `document_count`.
    public var documentCount: Int
    /// Fitted words in first-seen order.
    public var words: [String]
    /// Occurrences of each word.
    public var counts: [Int]
    /// Number of documents containing each word.
    public var documentCounts: [Int]

    public init(config: TokenizerConfig, documentCount: Int, words: [String], counts: [Int], documentCounts: [Int]) {
        self.config = config
        self.documentCount = documentCount
        self.words = words
        self.counts = counts
        self.documentCounts = documentCounts
    }
}

extension Tokenizer {
    /// Largest count (of documents or of a word's occurrences) a stored state may hold: more
    /// than any corpus gives, exact as a Double, and far from overflowing as fitting goes on.
    public static let maximumCount = 1 << 53

    /// The state to store.
    public var state: TokenizerState {
        TokenizerState(config: config, documentCount: documentCount,
                       words: vocabulary.counts.indices.map(vocabulary.word), counts: vocabulary.counts,
                       documentCounts: vocabulary.docs)
    }

    /// Restores a stored state; throws `TokenizerError` for an invalid configuration or
    /// inconsistent state (naming what is wrong): counts outside 1 to `maximumCount`, document
    /// counts above the word's count or the number of documents, empty or repeated words.
    public init(state: TokenizerState) throws {
        try state.config.validate()
        guard (0 ... Self.maximumCount).contains(state.documentCount) else {
            throw TokenizerError.invalidState("document count \(state.documentCount), expected 0 to \(Self.maximumCount)")
        }
        guard state.counts.count == state.words.count && state.documentCounts.count == state.words.count else {
            throw TokenizerError.invalidState("\(state.words.count) words but \(state.counts.count) counts "
                + "and \(state.documentCounts.count) document counts")
        }
        var arena: [UInt8] = []
        var offsets = [0]
        var seen = Set<[UInt8]>()
        for (i, word) in state.words.enumerated() {
            let bytes = Array(word.utf8)
            let (count, docs) = (state.counts[i], state.documentCounts[i])
            guard !bytes.isEmpty, seen.insert(bytes).inserted else {
                throw TokenizerError.invalidState(bytes.isEmpty ? "empty word" : "duplicate word '\(word)'")
            }
            guard count >= 1, count <= Self.maximumCount, docs >= 1, docs <= count, docs <= state.documentCount else {
                throw TokenizerError.invalidState("word '\(word)' has count \(count) and document count \(docs) "
                    + "(of \(state.documentCount) documents)")
            }
            arena += bytes
            offsets.append(arena.count)
        }
        self.init(config: state.config,
                  vocabulary: Vocabulary(arena: arena, offsets: offsets, counts: state.counts, docs: state.documentCounts),
                  documentCount: state.documentCount, scanner: TokenScanner(state.config))
    }
}
