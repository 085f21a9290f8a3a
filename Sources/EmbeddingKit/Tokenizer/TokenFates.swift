/// What became of one token of a text on its way to a sequence (for explaining it).
public enum TokenFate: Equatable, Sendable {
    /// Kept with its index.
    case kept(index: Int)
    /// Not in the vocabulary: replaced by the OOV token's index.
    case unknown(oovIndex: Int)
    /// Not in the vocabulary and there is no OOV token: left out.
    case unknownDropped
    /// In the vocabulary at `index`, but `index >= num_words`: replaced by the OOV index.
    case beyondNumWords(index: Int, oovIndex: Int)
    /// In the vocabulary at `index`, but `index >= num_words` and there is no OOV token: left out.
    case beyondNumWordsDropped(index: Int)

    /// The index the token contributes to the sequence, or nil when it is left out.
    public var sequenceIndex: Int? {
        switch self {
        case .kept(let index): return index
        case .unknown(let oov), .beyondNumWords(_, let oov): return oov
        case .unknownDropped, .beyondNumWordsDropped: return nil
        }
    }
}

extension Tokenizer {
    /// The tokens of `text` after lowercasing, filters and splitting (Keras
    /// `text_to_word_sequence`), each with what `texts_to_sequences` does with it.
    public func tokenFates(_ text: String) -> [(token: String, fate: TokenFate)] {
        let limit = config.numWords ?? Int.max
        let oov = index.oovIndex
        var result: [(token: String, fate: TokenFate)] = []
        var text = text
        text.withUTF8 { bytes in
            lookup.withFinder { finder in
                scanner.forEachBatch(in: bytes) { tokens in
                    for token in tokens {
                        let word = String(decoding: token.bytes, as: UTF8.self)
                        let i = finder.index(of: token.bytes, hash: token.hash, head: token.head)
                        let fate: TokenFate
                        switch (i >= 0, i < limit, oov) {
                        case (true, true, _): fate = .kept(index: i)
                        case (true, false, let oov?): fate = .beyondNumWords(index: i, oovIndex: oov)
                        case (true, false, nil): fate = .beyondNumWordsDropped(index: i)
                        case (false, _, let oov?): fate = .unknown(oovIndex: oov)
                        case (false, _, nil): fate = .unknownDropped
                        }
                        result.append((word, fate))
                    }
                }
            }
        }
        return result
    }
}
