/// Settings of a Keras 3 `TextVectorization` layer, with Keras's argument names and defaults.
public struct TextVectorizerConfig: Equatable, Sendable {
    /// How a text is cleaned before splitting (`standardize`).
    public enum Standardize: String, CaseIterable, Sendable {
        /// ASCII letters lowercased, then ASCII punctuation removed (the default).
        case lowerAndStripPunctuation = "lower_and_strip_punctuation"
        /// ASCII letters lowercased (`tf.strings.lower`: other letters are kept as they are).
        case lower
        /// ASCII punctuation ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`` removed.
        case stripPunctuation = "strip_punctuation"
        /// The text as it is (Keras `standardize=None`).
        case none
    }

    /// How a cleaned text becomes tokens (`split`).
    public enum Split: String, CaseIterable, Sendable {
        /// Runs of ASCII whitespace (space, tab, LF, VT, FF, CR) separate tokens.
        case whitespace
        /// Every Unicode scalar is a token (spaces too).
        case character
    }

    /// What the layer outputs (`output_mode`).
    public enum OutputMode: String, CaseIterable, Sendable {
        /// Token indices: 0 is padding, 1 the out-of-vocabulary token `[UNK]`.
        case int
        /// 1 in the column of each token present (`[UNK]` is column 0).
        case multiHot = "multi_hot"
        /// Occurrences of each token.
        case count
        /// Occurrences times the token's inverse document frequency.
        case tfIdf = "tf_idf"
    }

    /// The largest n-gram width accepted.
    public static let maxNgramWidth = 64
    /// The largest `max_tokens` accepted (the most rows a table can have).
    public static let maxTokensLimit = 1_000_000_000

    /// Vocabulary size, special tokens included (nil: every token seen).
    public var maxTokens: Int?
    public var standardize: Standardize
    public var split: Split
    /// The n-gram widths, in output order (Keras `ngrams=N` is `1...N`); nil: tokens as split.
    public var ngrams: [Int]?
    public var outputMode: OutputMode
    /// int mode: pad or cut every output to this length (nil: pad a batch to its longest).
    public var outputSequenceLength: Int?
    /// Non-int modes: make the output `max_tokens` wide even when the vocabulary is smaller.
    public var padToMaxTokens: Bool

    /// Creates a configuration; call `validate()` (or `TextVectorizer(config:)`) to check it.
    public init(maxTokens: Int? = nil, standardize: Standardize = .lowerAndStripPunctuation, split: Split = .whitespace,
                ngrams: [Int]? = nil, outputMode: OutputMode = .int, outputSequenceLength: Int? = nil,
                padToMaxTokens: Bool = false) {
        self.maxTokens = maxTokens
        self.standardize = standardize
        self.split = split
        self.ngrams = ngrams
        self.outputMode = outputMode
        self.outputSequenceLength = outputSequenceLength
        self.padToMaxTokens = padToMaxTokens
    }

    /// Throws `TextVectorizerError` for what Keras refuses (`max_tokens` leaving no room for a
    /// learned token: Keras fails at `adapt` for 2 in int mode,
    /// `pad_to_max_tokens` without `max_tokens`, `output_sequence_length` outside int mode)
    /// and for values embsh bounds (n-gram widths, sequence length).
    public func validate() throws(TextVectorizerError) {
        if let n = maxTokens, n <= tokenStart || n > Self.maxTokensLimit { throw .invalidMaxTokens(n, minimum: tokenStart + 1) }
        if padToMaxTokens && maxTokens == nil { throw .padNeedsMaxTokens }
        if let length = outputSequenceLength {
            guard outputMode == .int else { throw .sequenceLengthOutsideIntMode(outputMode) }
            guard (1 ... SequenceLimits.maxLength).contains(length) else { throw .invalidSequenceLength(length) }
        }
        if let widths = ngrams {
            guard !widths.isEmpty else { throw .noNgramWidths }
            if let bad = widths.first(where: { !(1 ... Self.maxNgramWidth).contains($0) }) { throw .invalidNgramWidth(bad) }
        }
    }

    /// The first index of a learned token: after '' and '[UNK]' in int mode, after '[UNK]' otherwise.
    public var tokenStart: Int { outputMode == .int ? 2 : 1 }

    /// The index of '[UNK]', the out-of-vocabulary token.
    public var oovIndex: Int { outputMode == .int ? 1 : 0 }
}
