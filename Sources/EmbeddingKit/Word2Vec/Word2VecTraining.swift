/// Text word2vec can read several times (once to count, once per epoch), a line at a time.
/// The kit holds no files: `EmbeddingFormats` streams corpus files through this.
public protocol Word2VecCorpus {
    /// Calls `work` with every line, on one thread per part, each part taking whole blocks of
    /// consecutive lines as `split` says. `afterBlock` runs on the calling thread after each
    /// block a part finished, in part order. Throws `Interrupted` (checked between blocks) or
    /// a read error.
    func forEachLine<Part: AnyObject & Sendable>(parts: [Part], split: CorpusSplit, interruption: Interruption,
                                                 work: @escaping @Sendable (Part, UnsafeBufferPointer<UInt8>) -> Void,
                                                 afterBlock: (Part) throws -> Void) throws
}

/// How the parts of `Word2VecCorpus.forEachLine` divide a corpus.
public enum CorpusSplit: Sendable {
    /// Each round, part `i` reads the `i`-th of the next `parts.count` blocks, so `afterBlock`
    /// sees the blocks in corpus order (for output written in order).
    case consecutiveBlocks
    /// Part `i` reads the `i`-th of `parts.count` consecutive shares of the corpus, as
    /// word2vec.c's and fastText's threads each read their share of the file: at any moment the
    /// threads train on far-apart text, not on neighbouring lines.
    case shares
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

/// Lines held in memory as a corpus, read in blocks of `linesPerBlock` lines (for tests and
/// short texts; files are streamed by `EmbeddingFormats`).
public struct Word2VecLines: Word2VecCorpus, Sendable {
    public let lines: [String]
    public let linesPerBlock: Int

    public init(_ lines: [String], linesPerBlock: Int = 64) {
        self.lines = lines
        self.linesPerBlock = max(1, linesPerBlock)
    }

    public func forEachLine<Part: AnyObject & Sendable>(parts: [Part], split: CorpusSplit, interruption: Interruption,
                                                        work: @escaping @Sendable (Part, UnsafeBufferPointer<UInt8>) -> Void,
                                                        afterBlock: (Part) throws -> Void) throws {
        let count = max(1, parts.count)
        // A round: (part, lines) for each part with lines left.
        var rounds: [[(part: Int, lines: Range<Int>)]] = []
        switch split {
        case .consecutiveBlocks:
            let blocks = stride(from: 0, to: lines.count, by: linesPerBlock).map { $0 ..< min($0 + linesPerBlock, lines.count) }
            rounds = stride(from: 0, to: blocks.count, by: count).map { first in
                (first ..< min(first + count, blocks.count)).map { (part: $0 - first, lines: blocks[$0]) }
            }
        case .shares:
            let shares = (0 ..< count).map { lines.count * $0 / count ..< lines.count * ($0 + 1) / count }
            var next = shares.map(\.lowerBound)
            while true {
                let round = shares.indices.filter { next[$0] < shares[$0].upperBound }
                    .map { (part: $0, lines: next[$0] ..< min(next[$0] + linesPerBlock, shares[$0].upperBound)) }
                if round.isEmpty { break }
                for block in round { next[block.part] = block.lines.upperBound }
                rounds.append(round)
            }
        }
        for round in rounds {
            try interruption.checkpoint()
            Parallel.forEachChunk(count: round.count, minimumPerChunk: 1, chunks: round.count) { range in
                for r in range {
                    for var line in lines[round[r].lines] { line.withUTF8 { work(parts[round[r].part], $0) } }
                }
            }
            for block in round { try afterBlock(parts[block.part]) }
        }
    }
}
