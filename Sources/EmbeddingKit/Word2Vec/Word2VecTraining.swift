/// Text word2vec can read several times (once to count, once per epoch), a line at a time.
/// The kit holds no files: `EmbeddingFormats` streams corpus files through this.
public protocol Word2VecCorpus {
    /// Calls `work` with every line, on one thread per part: each part gets whole blocks of
    /// consecutive lines, and `afterBlock` runs on the calling thread after each block a
    /// part finished, for blocks in file order. Throws `Interrupted` (checked between
    /// blocks) or a read error.
    func forEachLine<Part: AnyObject & Sendable>(parts: [Part], interruption: Interruption,
                                                 work: @escaping @Sendable (Part, UnsafeBufferPointer<UInt8>) -> Void,
                                                 afterBlock: (Part) throws -> Void) throws
}

/// Where a training run stands, computed for the progress callback.
public struct Word2VecProgress: Equatable, Sendable {
    /// Share of all epochs' words trained, 0…1.
    public var fraction: Double
    /// The epoch under way, from 1.
    public var epoch: Int
    public var epochs: Int
    /// Corpus tokens read so far over all epochs.
    public var words: Int
    public var wordsPerSecond: Double
    public var learningRate: Double
    /// Mean loss per training example since the previous report.
    public var loss: Double
    public var seconds: Double
    /// Seconds still to go at the rate so far; nil before any progress.
    public var remainingSeconds: Double?

    public init(fraction: Double, epoch: Int, epochs: Int, words: Int, seconds: Double, learningRate: Double, loss: Double) {
        self.fraction = fraction
        self.epoch = epoch
        self.epochs = epochs
        self.words = words
        self.seconds = seconds
        self.learningRate = learningRate
        self.loss = loss
        wordsPerSecond = seconds > 0 ? Double(words) / seconds : 0
        remainingSeconds = fraction > 0 ? seconds * (1 - fraction) / fraction : nil
    }
}

/// A trained table and how the run went.
public struct Word2VecResult: Sendable {
    /// The input vectors, labelled by the vocabulary (most frequent first) with counts.
    public var table: EmbeddingTable
    public var vocabulary: Word2VecVocabulary
    /// Corpus tokens read by all epochs.
    public var words: Int
    /// Wall time of the whole run, and of the training passes alone (without counting).
    public var seconds: Double
    public var trainingSeconds: Double
    /// Mean loss per training example over the last epoch trained.
    public var loss: Double
    /// Share of the planned training done: below 1 when a stop was requested.
    public var fraction: Double

    /// Whether training stopped early; the vectors hold what was trained until then.
    public var isPartial: Bool { fraction < 1 }
}

/// Trains word vectors with word2vec (skip-gram or CBOW with negative sampling).
public enum Word2Vec {
    /// Counts the corpus, builds the vocabulary and trains `config.epochs` passes on
    /// `config.threads` threads, calling `progress` on the calling thread every
    /// `progressInterval` seconds at most. A stop request during counting throws
    /// `Interrupted`; during training it returns the vectors trained so far (`isPartial`).
    /// Throws `Word2VecError.diverged` as soon as a block's loss is not finite or has blown up.
    public static func train(corpus: some Word2VecCorpus, config: Word2VecConfig, interruption: Interruption = .never,
                             progressInterval: Double = 0.25, progress: (Word2VecProgress) -> Void = { _ in })
        throws -> Word2VecResult {
        try config.validate()
        let passes = CorpusPasses(config: config, interruption: interruption)
        let vocabulary = try passes.vocabulary(of: corpus)
        try Word2VecModel.checkMemory(words: vocabulary.count, config: config)
        let trainingStart = passes.elapsed()
        let model = Word2VecModel(vocabulary: vocabulary, config: config, interruption: interruption)
        let workers = (0 ..< config.threads).map { Word2VecWorker(model: model, index: $0) }
        let (words, loss) = try passes.train(corpus, workers: workers, fraction: { model.schedule.fraction },
                                             progressInterval: progressInterval, progress: progress)
        let seconds = passes.elapsed()
        return Word2VecResult(table: try model.table(), vocabulary: vocabulary, words: words, seconds: seconds,
                              trainingSeconds: seconds - trainingStart, loss: loss, fraction: model.schedule.fraction)
    }
}

extension Word2Vec {
    /// The largest mean loss per example a sane run reaches. A saturated noise example's loss
    /// is its score, so a mean this high means the vectors have blown up (too high an alpha);
    /// a run starts near (1 + negative) · log 2 and goes down from there.
    static let largestSaneLoss = 1e4

    /// Whether a block's total `loss` over `examples` is that of a run still converging.
    static func isSane(loss: Double, examples: Int) -> Bool {
        loss.isFinite && loss <= largestSaneLoss * Double(max(examples, 1))
    }
}

/// Lines held in memory as a corpus, in blocks of `linesPerBlock` lines (for tests and
/// short texts; files are streamed by `EmbeddingFormats`).
public struct Word2VecLines: Word2VecCorpus, Sendable {
    public let lines: [String]
    public let linesPerBlock: Int

    public init(_ lines: [String], linesPerBlock: Int = 64) {
        self.lines = lines
        self.linesPerBlock = max(1, linesPerBlock)
    }

    public func forEachLine<Part: AnyObject & Sendable>(parts: [Part], interruption: Interruption,
                                                        work: @escaping @Sendable (Part, UnsafeBufferPointer<UInt8>) -> Void,
                                                        afterBlock: (Part) throws -> Void) throws {
        let blocks = stride(from: 0, to: lines.count, by: linesPerBlock).map { $0 ..< min($0 + linesPerBlock, lines.count) }
        var next = 0
        while next < blocks.count {
            try interruption.checkpoint()
            let round = Array(blocks[next ..< min(next + parts.count, blocks.count)])
            Parallel.forEachChunk(count: round.count, minimumPerChunk: 1, chunks: round.count) { range in
                for i in range {
                    for var line in lines[round[i]] { line.withUTF8 { work(parts[i], $0) } }
                }
            }
            for i in round.indices { try afterBlock(parts[i]) }
            next += round.count
        }
    }
}
