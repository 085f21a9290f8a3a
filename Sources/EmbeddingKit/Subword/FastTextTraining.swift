/// Trains fastText's subword model (Bojanowski et al. 2017): a word's vector is the mean of its
/// own vector and its character n-grams' (`SubwordSettings`), trained by skip-gram or CBOW with
/// negative sampling as word2vec is (`Word2VecConfig`: the same window, subsampling, learning
/// rate schedule, threads and progress).
public enum FastText {
    /// fastText's defaults where they differ from word2vec.c's: learning rate 0.05 for both
    /// architectures and subsampling threshold 1e-4.
    public static func defaultConfig() -> Word2VecConfig {
        var config = Word2VecConfig()
        config.alpha = 0.05
        config.sample = 1e-4
        return config
    }

    /// Counts the corpus, builds the vocabulary and trains, as `Word2Vec.train` does; the table
    /// carries the n-gram vectors (`EmbeddingTable.subwords`), so words outside it get vectors.
    public static func train(corpus: some Word2VecCorpus, config: Word2VecConfig, subwords settings: SubwordSettings,
                             interruption: Interruption = .never, progressInterval: Double = 0.25,
                             progress: (Word2VecProgress) -> Void = { _ in }) throws -> Word2VecResult {
        try config.validate()
        if let problem = settings.problem {
            throw Word2VecError.invalidSetting(name: problem.name, value: "\(problem.value)", expected: problem.expected)
        }
        let clock = ContinuousClock(), start = clock.now
        func elapsed() -> Double {
            let d = (clock.now - start).components
            return Double(d.seconds) + Double(d.attoseconds) * 1e-18
        }
        let counters = (0 ..< config.threads).map { _ in Word2VecCounter() }
        let total = Word2VecCounter()
        try corpus.forEachLine(parts: counters, interruption: interruption,
                               work: { counter, line in counter.add(utf8: line) },
                               afterBlock: { counter in
            if let refusal = counter.refusal ?? total.refusal { throw refusal }
            total.absorb(counter)
        })
        if let refusal = total.refusal { throw refusal }
        let vocabulary = try Word2VecVocabulary(counting: total, minCount: config.minCount, maxVocab: config.maxVocab)
        try FastTextModel.checkMemory(words: vocabulary.count, settings: settings, config: config)
        guard MemoryBudget.product([config.epochs, vocabulary.trainWords]) != nil else {
            throw Word2VecError.invalidSetting(name: "epochs", value: "\(config.epochs)", expected: "fewer for a corpus this large")
        }

        let trainingStart = elapsed()
        let model = FastTextModel(vocabulary: vocabulary, settings: settings, config: config, interruption: interruption)
        let workers = (0 ..< config.threads).map { FastTextWorker(model: model, index: $0) }
        var words = 0, lastLoss = 0.0, recentLoss = 0.0, recentExamples = 0, lastReport = 0.0
        for epoch in 1 ... config.epochs {
            var epochLoss = 0.0, epochExamples = 0
            do {
                try corpus.forEachLine(parts: workers, interruption: interruption,
                                       work: { worker, line in worker.train(line: line) },
                                       afterBlock: { worker in
                    guard Word2Vec.isSane(loss: worker.loss, examples: worker.examples) else {
                        throw Word2VecError.diverged(fraction: model.fraction, epoch: epoch, alpha: config.startingAlpha,
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
                        let fraction = model.fraction
                        progress(Word2VecProgress(fraction: fraction, epoch: epoch, epochs: config.epochs, words: words, seconds: now,
                                                  learningRate: config.learningRate(at: fraction),
                                                  loss: recentExamples > 0 ? recentLoss / Double(recentExamples) : 0))
                        (recentLoss, recentExamples, lastReport) = (0, 0, now)
                    }
                })
            } catch is Interrupted {}
            if epochExamples > 0 { lastLoss = epochLoss / Double(epochExamples) }
            if workers.contains(where: \.stopped) || interruption.isRequested { break }
        }
        let seconds = elapsed()
        return Word2VecResult(table: try model.table(), vocabulary: vocabulary, words: words, seconds: seconds,
                              trainingSeconds: seconds - trainingStart, loss: lastLoss, fraction: model.fraction)
    }
}
