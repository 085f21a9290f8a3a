/// Either kind of tokenizer that turns texts into index sequences for tables and models:
/// a Keras `Tokenizer`, or a `TextVectorizer` in int mode (its sequences unpadded).
public enum TextTokenizer: Sendable {
    case keras(Tokenizer)
    case vectorizer(TextVectorizer)

    /// Each text's index sequence (`texts_to_sequences`, or the vectorizer's ragged lookup).
    public func textsToSequences(_ texts: [String]) -> [[Int]] {
        switch self {
        case .keras(let tokenizer): tokenizer.textsToSequences(texts)
        case .vectorizer(let vectorizer): vectorizer.textsToSequences(texts)
        }
    }

    /// The word (token) at `index`, nil where there is none.
    public func word(at index: Int) -> String? {
        switch self {
        case .keras(let tokenizer): tokenizer.word(at: index)
        case .vectorizer(let vectorizer): vectorizer.token(at: index)
        }
    }

    /// The highest index `textsToSequences` can give.
    public var highestIndex: Int {
        switch self {
        case .keras(let tokenizer): tokenizer.highestIndex
        case .vectorizer(let vectorizer): vectorizer.vocabularySize - 1
        }
    }

    /// Rows an embedding table needs for every index: `num_words`, or the word index and
    /// padding; the vectorizer's vocabulary size.
    public var indexCount: Int {
        switch self {
        case .keras(let tokenizer): tokenizer.config.numWords ?? tokenizer.wordIndexCount + 1
        case .vectorizer(let vectorizer): vectorizer.vocabularySize
        }
    }

    /// Whether it has learned a vocabulary (fit, or adapt).
    public var isFitted: Bool {
        switch self {
        case .keras(let tokenizer): tokenizer.vocabularySize > 0
        case .vectorizer(let vectorizer): vectorizer.isAdapted
        }
    }

    /// The sequence length and side a vectorizer pads and cuts at (`output_sequence_length`,
    /// at the end as the layer does); nil for a Keras tokenizer, which leaves it to `pad_sequences`.
    public var outputSequenceLength: Int? {
        if case .vectorizer(let vectorizer) = self { return vectorizer.config.outputSequenceLength }
        return nil
    }

    /// Fits on `texts`: more counts for a Keras tokenizer, a new vocabulary for a vectorizer.
    public mutating func fit(texts: [String]) throws {
        switch self {
        case .keras(var tokenizer):
            try tokenizer.fit(texts: texts)
            self = .keras(tokenizer)
        case .vectorizer(var vectorizer):
            try vectorizer.adapt(texts: texts)
            self = .vectorizer(vectorizer)
        }
    }

    /// The tokens of `text`, each with what becomes of it in the sequence.
    public func tokenFates(_ text: String) -> [(token: String, fate: TokenFate)] {
        switch self {
        case .keras(let tokenizer):
            return tokenizer.tokenFates(text)
        case .vectorizer(let vectorizer):
            return vectorizer.tokens(text).map { token in
                (token, vectorizer.index(of: token).map { .kept(index: $0) } ?? .unknown(oovIndex: vectorizer.config.oovIndex))
            }
        }
    }
}

/// A `TextTokenizer`'s state, to store and restore.
public enum TextTokenizerState: Equatable, Sendable {
    case keras(TokenizerState)
    case vectorizer(TextVectorizerState)
}

extension TextTokenizer {
    /// The state to store.
    public var state: TextTokenizerState {
        switch self {
        case .keras(let tokenizer): .keras(tokenizer.state)
        case .vectorizer(let vectorizer): .vectorizer(vectorizer.state)
        }
    }

    /// Restores a stored state; throws `TokenizerError` or `TextVectorizerError`.
    public init(state: TextTokenizerState) throws {
        switch state {
        case .keras(let stored): self = .keras(try Tokenizer(state: stored))
        case .vectorizer(let stored): self = .vectorizer(try TextVectorizer(state: stored))
        }
    }
}
