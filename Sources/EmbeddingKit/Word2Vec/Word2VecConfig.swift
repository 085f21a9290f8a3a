/// The two word2vec objectives.
public enum Word2VecArchitecture: String, CaseIterable, Sendable {
    /// Skip-gram: each word predicts the words around it.
    case sg
    /// Continuous bag of words: the mean of the surrounding words predicts the word.
    case cbow
}

/// Settings of a word2vec training run, with word2vec.c's defaults.
public struct Word2VecConfig: Equatable, Sendable {
    public var architecture: Word2VecArchitecture = .sg
    /// Vector size.
    public var dim = 100
    /// Largest distance between the word and a context word; each word draws a window of
    /// 1…`window` (word2vec.c's reduced window) while `shrinkWindows` is on, else takes all of it.
    public var window = 5
    /// Whether each word draws its window (word2vec.c, fastText, gensim's `shrink_windows`).
    public var shrinkWindows = true
    /// Noise words drawn per positive example from the unigram distribution raised to
    /// `noiseExponent`; 0 turns negative sampling off (then `hierarchicalSoftmax` must be on).
    public var negative = 5
    /// The power of the counts noise words are drawn by (gensim's `ns_exponent`); nil takes the
    /// model's own: 0.75 for word2vec, 0.5 for fastText.
    public var noiseExponent: Double?
    /// Also (or, with `negative` 0, only) train hierarchical softmax over a Huffman tree of
    /// the vocabulary (word2vec.c's and gensim's `hs`).
    public var hierarchicalSoftmax = false
    /// Words seen fewer times are dropped from the vocabulary (and from the text).
    public var minCount = 5
    /// Keep at most this many of the most frequent words (gensim's `max_final_vocab`).
    public var maxVocab: Int?
    /// Subsampling threshold for frequent words; 0 keeps every occurrence.
    public var sample = 1e-3
    /// Starting learning rate; nil takes the architecture's default (`defaultAlpha`).
    public var alpha: Double?
    /// The learning rate reached at the end of the last epoch.
    public var minAlpha = 0.0001
    public var epochs = 5
    /// Worker threads updating the shared vectors without locks (Hogwild).
    public var threads = 1
    /// Seeds the initial vectors and each thread's random numbers; with one thread a run is
    /// bit-identical to any other with the same seed, corpus and settings.
    public var seed: UInt64 = 1

    /// Lines longer than this many tokens are trained as several sentences (as in gensim).
    public static let maxSentenceLength = 10_000
    /// The most epochs and threads a run takes.
    public static let maxEpochs = 1_000_000, maxThreads = 1024
    /// The largest |ns_exponent|: a power of a count that stays a finite Double (counts < 2^63).
    public static let maxNoiseExponent = 10.0

    public init() {}

    /// word2vec.c's starting learning rate: 0.025 for skip-gram, 0.05 for CBOW.
    public static func defaultAlpha(_ architecture: Word2VecArchitecture) -> Double {
        architecture == .sg ? 0.025 : 0.05
    }

    /// The starting learning rate in effect.
    public var startingAlpha: Double { alpha ?? Self.defaultAlpha(architecture) }

    /// The learning rate once `fraction` (0…1) of all epochs' words are trained: linear from
    /// the starting alpha down to `minAlpha`.
    public func learningRate(at fraction: Double) -> Double {
        startingAlpha - (startingAlpha - minAlpha) * min(max(fraction, 0), 1)
    }

    /// Throws `Word2VecError.invalidSetting` for a value out of range.
    public func validate() throws(Word2VecError) {
        func check(_ ok: Bool, _ name: String, _ value: String, _ expected: String) throws(Word2VecError) {
            if !ok { throw .invalidSetting(name: name, value: value, expected: expected) }
        }
        try check((1 ... EmbeddingTable.maxDimension).contains(dim), "dim", "\(dim)", "from 1 to \(EmbeddingTable.maxDimension)")
        try check((1 ... Self.maxSentenceLength).contains(window), "window", "\(window)", "from 1 to \(Self.maxSentenceLength)")
        try check((0 ... Self.maxSentenceLength).contains(negative), "negative", "\(negative)", "from 0 to \(Self.maxSentenceLength)")
        try check(negative > 0 || hierarchicalSoftmax, "negative", "\(negative)",
                  "at least 1 without hierarchical softmax (hs=true), which would leave nothing to train")
        try check(noiseExponent.map { (-Self.maxNoiseExponent ... Self.maxNoiseExponent).contains($0) } ?? true, "ns_exponent",
                  "\(noiseExponent ?? 0)", "from -\(Self.maxNoiseExponent) to \(Self.maxNoiseExponent)")
        try check(minCount >= 1, "min_count", "\(minCount)", "at least 1")
        try check((maxVocab ?? 1) >= 1, "max_vocab", "\(maxVocab ?? 0)", "at least 1")
        try check(sample >= 0 && sample.isFinite, "sample", "\(sample)", "0 or more")
        try check(startingAlpha > 0 && startingAlpha.isFinite, "alpha", "\(startingAlpha)", "more than 0")
        try check(minAlpha >= 0 && minAlpha <= startingAlpha, "min_alpha", "\(minAlpha)", "between 0 and alpha")
        try check((1 ... Self.maxEpochs).contains(epochs), "epochs", "\(epochs)", "from 1 to \(Self.maxEpochs)")
        try check((1 ... Self.maxThreads).contains(threads), "threads", "\(threads)", "from 1 to \(Self.maxThreads)")
    }
}

/// Why a word2vec run could not start.
public enum Word2VecError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidSetting(name: String, value: String, expected: String)
    /// The corpus holds no word at all.
    case noWords
    /// No word occurs `minCount` times; `mostFrequent` is the highest count seen.
    case noWordReachesMinCount(minCount: Int, distinctWords: Int, mostFrequent: Int)
    /// The mean loss per example blew up to `loss` (huge, ∞ or NaN) `fraction` (0…1) into
    /// training, in `epoch`, with the starting learning rate `alpha`; the vectors were thrown away.
    case diverged(fraction: Double, epoch: Int, alpha: Double, loss: Double)

    public var description: String {
        switch self {
        case .invalidSetting(let name, let value, let expected): "\(name) must be \(expected) (got \(value))"
        case .noWords: "the corpus has no words"
        case .noWordReachesMinCount(let minCount, let distinct, let most):
            "no word occurs min_count=\(minCount) times (\(distinct) distinct word\(distinct == 1 ? "" : "s"), "
                + "the most frequent \(most) time\(most == 1 ? "" : "s")); lower min_count"
        case .diverged(let fraction, let epoch, let alpha, let loss):
            "training diverged: the loss per example reached \(loss) at \(Self.percent(fraction)) (epoch \(epoch)), "
                + "so the vectors were thrown away; lower alpha (it was \(alpha))"
        }
    }

    /// `12.5%`, without going through an integer.
    private static func percent(_ fraction: Double) -> String {
        let tenths = (fraction * 1000).rounded()
        guard tenths.isFinite, abs(tenths) < 1e6 else { return "?%" }
        return "\(tenths / 10)%"
    }
}
