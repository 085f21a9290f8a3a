/// Settings of a Keras-compatible tokenizer (keras_preprocessing 1.1.2 `Tokenizer` arguments).
public struct TokenizerConfig: Equatable, Sendable {
    /// Keras's default filters: ASCII punctuation (backtick included), tab and newline.
    public static let defaultFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n"

    /// Keep only words with index below this (`nil`: keep all). At least 1.
    public var numWords: Int?
    /// Characters replaced by `split` before splitting (each Unicode scalar is one filter).
    public var filters: String
    /// Lowercase with Python `str.lower()` rules before anything else.
    public var lower: Bool
    /// Exact separator (may be several characters); not whitespace splitting.
    public var split: String
    /// Every Unicode scalar (after lowercasing) is a token; filters are not applied.
    public var charLevel: Bool
    /// Token standing for unknown or cut-off words; gets index 1.
    public var oovToken: String?

    /// Creates a configuration; call `validate()` (or `Tokenizer(config:)`) to check it.
    public init(numWords: Int? = nil, filters: String = TokenizerConfig.defaultFilters, lower: Bool = true,
                split: String = " ", charLevel: Bool = false, oovToken: String? = nil) {
        self.numWords = numWords
        self.filters = filters
        self.lower = lower
        self.split = split
        self.charLevel = charLevel
        self.oovToken = oovToken
    }

    /// Throws `TokenizerError` for `numWords` below 1 or an empty `split`.
    public func validate() throws {
        if let n = numWords, n < 1 { throw TokenizerError.invalidNumWords(n) }
        if split.isEmpty && !charLevel { throw TokenizerError.emptySplit }
    }
}
