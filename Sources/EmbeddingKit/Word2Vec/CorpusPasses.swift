/// One training thread of word2vec or fastText, as `CorpusPasses` drives it: it trains on the
/// lines it is given and keeps what it read and its loss until the driver takes them.
protocol CorpusTrainer: AnyObject, Sendable {
    /// Trains on one line of text.
    func train(line: UnsafeBufferPointer<UInt8>)
    /// Reports the words read to the model, takes the new learning rate and checks for a stop.
    func report()
    /// Whether the run's words are all trained or a stop request was seen: the rest of the work is skipped.
    var stopped: Bool { get }
    /// Tokens read, and the loss over examples trained, since the driver last took them.
    var tokens: Int { get set }
    var loss: Double { get set }
    var examples: Int { get set }
}

/// What word2vec and fastText training share around their threads: the clock, counting the
/// corpus into a vocabulary, and the passes over it with progress reports.
struct CorpusPasses {
    let config: Word2VecConfig
    let interruption: Interruption
    /// The word counted at the end of every line (fastText's `</s>`), if any.
    let lineEnd: String?
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init(config: Word2VecConfig, interruption: Interruption, lineEnd: String? = nil) {
        self.config = config
        self.interruption = interruption
        self.lineEnd = lineEnd
        start = clock.now
    }

    /// Seconds since the run started.
    func elapsed() -> Double {
        let d = (clock.now - start).components
        return Double(d.seconds) + Double(d.attoseconds) * 1e-18
    }

    /// Counts the corpus on `config.threads` threads and builds the vocabulary (`min_count`,
    /// `max_vocab`); a table too large for its counts is refused.
    func vocabulary(of corpus: some Word2VecCorpus) throws -> Word2VecVocabulary {
        let counters = (0 ..< config.threads).map { _ in Word2VecCounter(lineEnd: lineEnd) }
        let total = Word2VecCounter(lineEnd: lineEnd)
        try corpus.forEachLine(parts: counters, split: .consecutiveBlocks, interruption: interruption,
                               work: { counter, line in counter.add(utf8: line) },
                               afterBlock: { counter in
            if let refusal = counter.refusal ?? total.refusal { throw refusal }
            total.absorb(counter)
        })
        if let refusal = total.refusal { throw refusal }
        let vocabulary = try Word2VecVocabulary(counting: total, minCount: config.minCount, maxVocab: config.maxVocab)
        guard MemoryBudget.product([config.epochs, vocabulary.corpusWords]) != nil else {
            throw Word2VecError.invalidSetting(name: "epochs", value: "\(config.epochs)", expected: "fewer for a corpus this large")
        }
        return vocabulary
    }

    /// Runs passes of `workers` over the corpus, each worker on its own share of it
    /// (`CorpusSplit.shares`), until `fraction` (the share of the run done) reaches 1 — after
    /// `config.epochs` passes for word2vec, part of a pass later for fastText (`CorpusSchedule`'s
    /// `epochTokens`) — or a stop request, calling `progress` on the calling thread every
    /// `progressInterval` seconds at most. Returns the tokens read and the mean loss per example
    /// of the last pass. Throws `Word2VecError.diverged` as soon as a block's loss is not finite
    /// or has blown up.
    func train(_ corpus: some Word2VecCorpus, workers: [some CorpusTrainer], fraction: () -> Double,
               progressInterval: Double, progress: (Word2VecProgress) -> Void) throws -> (words: Int, loss: Double) {
        var words = 0, lastLoss = 0.0, recentLoss = 0.0, recentExamples = 0, lastReport = 0.0
        var pass = 0
        while true {
            pass += 1
            let epoch = min(pass, config.epochs), doneBefore = fraction()
            var epochLoss = 0.0, epochExamples = 0
            do {
                try corpus.forEachLine(parts: workers, split: .shares, interruption: interruption,
                                       work: { worker, line in worker.train(line: line) },
                                       afterBlock: { worker in
                    guard Word2Vec.isSane(loss: worker.loss, examples: worker.examples) else {
                        throw Word2VecError.diverged(fraction: fraction(), epoch: epoch, alpha: config.startingAlpha,
                                                     loss: worker.loss / Double(max(worker.examples, 1)))
                    }
                    worker.report()
                    words += worker.tokens
                    epochLoss += worker.loss
                    epochExamples += worker.examples
                    recentLoss += worker.loss
                    recentExamples += worker.examples
                    (worker.tokens, worker.loss, worker.examples) = (0, 0, 0)
                    let now = elapsed()
                    if now - lastReport >= progressInterval {
                        let done = fraction()
                        progress(Word2VecProgress(fraction: done, epoch: epoch, epochs: config.epochs, words: words, seconds: now,
                                                  learningRate: config.learningRate(at: done),
                                                  loss: recentExamples > 0 ? recentLoss / Double(recentExamples) : 0))
                        (recentLoss, recentExamples, lastReport) = (0, 0, now)
                    }
                })
            } catch is Interrupted {}
            if epochExamples > 0 { lastLoss = epochLoss / Double(epochExamples) }
            // A pass that trained no vocabulary word (the file changed meanwhile) would never end the run.
            let done = fraction()
            if workers.contains(where: \.stopped) || interruption.isRequested || done >= 1 || done <= doneBefore { break }
        }
        return (words, lastLoss)
    }
}
