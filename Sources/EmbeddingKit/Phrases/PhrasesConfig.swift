/// How a candidate phrase is scored (gensim's `scoring`).
public enum PhraseScoring: String, CaseIterable, Sendable {
    /// word2vec.c's word2phrase and gensim's `original_scorer`:
    /// (count(a b) − min_count) / (count(a) · count(b)) · vocabulary size, above `threshold` (> 0).
    case `default`
    /// Normalized pointwise mutual information (Bouma 2009), in −1…1, for bigrams seen at least
    /// `min_count` times.
    case npmi
}

/// The words a phrase may hold inside but never start or end with (gensim's `connector_words`).
public enum PhraseConnectors: String, CaseIterable, Sendable {
    /// None, gensim's default: every word may start or end a phrase.
    case none
    /// gensim's `ENGLISH_CONNECTOR_WORDS`: articles, common prepositions, `and`, `or`
    /// (`bank_of_america`).
    case english

    /// The words themselves.
    public var words: [String] {
        switch self {
        case .none: []
        case .english: ["a", "an", "the", "for", "of", "with", "without", "at", "from", "to", "in", "on", "by", "and", "or"]
        }
    }
}

/// Settings of phrase learning, with gensim `Phrases`'s defaults.
public struct PhrasesConfig: Equatable, Sendable {
    /// Added to the formula (default scoring) or the least bigram count (npmi).
    public var minCount = 5
    /// A candidate becomes a phrase when its score is above this.
    public var threshold = 10.0
    public var scoring = PhraseScoring.default
    /// Joins a phrase's words (`new_york`); one or more bytes, none of them whitespace.
    public var delimiter = "_"
    public var connectors = PhraseConnectors.none
    /// When the counts hold more entries than this (words and bigrams), the rarest are dropped
    /// as gensim does: first those seen once, next time twice, and so on.
    public var maxVocabSize = 40_000_000
    /// How many times the corpus is phrased: each pass learns from the previous pass's output,
    /// so 2 can join `new_york` and `city` into `new_york_city` (gensim: `Phrases(bigram[corpus])`).
    public var passes = 1

    /// The most passes a run takes (a phrase can at most double its words per pass).
    public static let maxPasses = 10

    public init() {}

    /// Throws `PhrasesError.invalidSetting` for a value gensim refuses or that cannot work.
    public func validate() throws(PhrasesError) {
        func check(_ ok: Bool, _ name: String, _ value: String, _ expected: String) throws(PhrasesError) {
            if !ok { throw .invalidSetting(name: name, value: value, expected: expected) }
        }
        try check(minCount >= 1, "min_count", "\(minCount)", "at least 1")
        switch scoring {
        case .default: try check(threshold > 0 && threshold.isFinite, "threshold", "\(threshold)", "more than 0 with scoring=default")
        // gensim also takes −1, which every bigram seen min_count times passes: refused as a mistake.
        case .npmi: try check(threshold > -1 && threshold <= 1, "threshold", "\(threshold)", "above -1 and at most 1 with scoring=npmi")
        }
        try check(!delimiter.isEmpty && delimiter.utf8.count <= 16 && !delimiter.utf8.contains(where: Self.isWhitespace),
                  "delimiter", "\"\(delimiter)\"", "1 to 16 bytes without whitespace")
        try check(maxVocabSize >= 1, "max_vocab_size", "\(maxVocabSize)", "at least 1")
        try check((1 ... Self.maxPasses).contains(passes), "passes", "\(passes)", "from 1 to \(Self.maxPasses)")
    }

    /// The bytes between words (as `forEachWord` splits them).
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 32 || (byte >= 9 && byte <= 13) }
}

/// Why phrases could not be learned.
public enum PhrasesError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidSetting(name: String, value: String, expected: String)
    /// The counts could not take more entries (see `WordTableError`).
    case tooManyEntries(String)

    public var description: String {
        switch self {
        case .invalidSetting(let name, let value, let expected): "\(name) must be \(expected) (got \(value))"
        case .tooManyEntries(let reason): "\(reason); set max_vocab_size lower"
        }
    }
}
