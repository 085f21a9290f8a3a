/// Invalid vectorizer settings, state or use, each naming the offending option or value.
public enum TextVectorizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `max_tokens` below `minimum` (the special tokens and one learned token) or too large.
    case invalidMaxTokens(Int, minimum: Int)
    case padNeedsMaxTokens
    case sequenceLengthOutsideIntMode(TextVectorizerConfig.OutputMode)
    case invalidSequenceLength(Int)
    case noNgramWidths
    case invalidNgramWidth(Int)
    /// Used before `adapt` gave it a vocabulary.
    case notAdapted
    /// Index sequences were asked of a vectorizer whose output is a matrix.
    case notIntMode(TextVectorizerConfig.OutputMode)
    /// More distinct tokens than a vocabulary can hold.
    case tooManyTokens(limit: Int)
    /// A stored state that does not hold together.
    case invalidState(String)

    public var description: String {
        switch self {
        case let .invalidMaxTokens(n, minimum):
            "max_tokens must be \(minimum) to \(TextVectorizerConfig.maxTokensLimit) (it counts the special tokens"
                + (minimum == 3 ? " '' and '[UNK]'" : " '[UNK]'") + "), got \(n)"
        case .padNeedsMaxTokens: "pad_to_max_tokens=true needs max_tokens"
        case .sequenceLengthOutsideIntMode(let mode):
            "output_sequence_length goes with output_mode=int, not output_mode=\(mode.rawValue)"
        case .invalidSequenceLength(let n): "output_sequence_length must be 1 to \(SequenceLimits.maxLength), got \(n)"
        case .noNgramWidths: "ngrams needs at least one width"
        case .invalidNgramWidth(let n): "ngrams widths must be 1 to \(TextVectorizerConfig.maxNgramWidth), got \(n)"
        case .notAdapted: "the vectorizer has no vocabulary yet: fit it on some texts first"
        case .notIntMode(let mode):
            "the vectorizer's output_mode is \(mode.rawValue), which gives a matrix; index sequences need output_mode=int"
        case .tooManyTokens(let limit): "more than \(limit) distinct tokens"
        case .invalidState(let reason): "invalid vectorizer state: \(reason)"
        }
    }
}
