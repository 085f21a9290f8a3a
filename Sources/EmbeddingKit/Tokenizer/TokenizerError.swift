/// Invalid tokenizer settings or input, each naming the offending value.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `num_words` must be at least 1 (or absent).
    case invalidNumWords(Int)
    /// The split separator must not be empty.
    case emptySplit
    /// A matrix mode name that is not binary, count, freq or tfidf.
    case unknownMatrixMode(String)
    /// A padding or truncating side that is not pre or post.
    case unknownSide(String)
    /// `maxlen` must be at least 0 (or absent).
    case invalidMaxlen(Int)
    /// A sequence value does not fit in the int32 output.
    case valueOutOfInt32Range(Int)
    /// The matrix needs a width: set `num_words` or fit first.
    case matrixNeedsWidth
    /// tfidf needs document counts: fit first.
    case tfidfNeedsFit
    /// A stored tokenizer state that does not hold together.
    case invalidState(String)

    public var description: String {
        switch self {
        case .invalidNumWords(let n): "num_words must be at least 1, got \(n)"
        case .emptySplit: "split separator must not be empty"
        case .unknownMatrixMode(let m):
            "unknown matrix mode '\(m)' (expected one of: \(MatrixMode.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .unknownSide(let s): "unknown side '\(s)' (expected pre or post)"
        case .invalidMaxlen(let n): "maxlen must be at least 0, got \(n)"
        case .valueOutOfInt32Range(let v): "value \(v) does not fit in int32"
        case .matrixNeedsWidth: "specify num_words or fit the tokenizer on some text first"
        case .tfidfNeedsFit: "fit the tokenizer on some text before using tfidf mode"
        case .invalidState(let reason): "invalid tokenizer state: \(reason)"
        }
    }
}
