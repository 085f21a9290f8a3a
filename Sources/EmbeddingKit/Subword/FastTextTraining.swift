/// Trains fastText's subword model (Bojanowski et al. 2017): a word's vector is the mean of its
/// own vector and its character n-grams' (`SubwordSettings`), trained by skip-gram or CBOW with
/// negative sampling or hierarchical softmax (one of them, as fastText's `-loss ns|hs`) as word2vec
/// is (`Word2VecConfig`: the same window, subsampling, learning
/// rate schedule, threads and progress). As fastText reads text, every line ends with the word
/// `lineEnd`, counted, kept by `min_count`, subsampled and trained like any other word (it has
/// no n-grams: `SubwordSettings.forEachNgram`).
public enum FastText {
    /// fastText's end-of-line word (its `EOS`).
    public static let lineEnd = "</s>"

    /// The words an epoch counts (`CorpusSchedule`'s `epochTokens`): as fastText, every token of
    /// the corpus, words under min_count too, but at most twice the vocabulary's words, so that
    /// a corpus made mostly of words under min_count trains at most twice `epochs` passes, not
    /// the thousands fastText would.
    static func epochTokens(_ vocabulary: Word2VecVocabulary) -> Int {
        min(vocabulary.corpusWords, 2 * vocabulary.trainWords)
    }

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
        if config.hierarchicalSoftmax && config.negative > 0 {
            throw Word2VecError.invalidSetting(name: "negative", value: "\(config.negative)",
                                               expected: "0 with hs=true (fastText trains one loss, as its -loss hs)")
        }
        if let problem = settings.problem {
            throw Word2VecError.invalidSetting(name: problem.name, value: "\(problem.value)", expected: problem.expected)
        }
        let passes = CorpusPasses(config: config, interruption: interruption, lineEnd: lineEnd)
        let vocabulary = try passes.vocabulary(of: corpus)
        try FastTextModel.checkMemory(words: vocabulary.count, settings: settings, config: config)
        let trainingStart = passes.elapsed()
        let model = FastTextModel(vocabulary: vocabulary, settings: settings, config: config, interruption: interruption)
        let workers = (0 ..< config.threads).map { FastTextWorker(model: model, index: $0) }
        let (words, loss) = try passes.train(corpus, workers: workers, fraction: { model.schedule.fraction },
                                             progressInterval: progressInterval, progress: progress)
        let seconds = passes.elapsed()
        return Word2VecResult(table: try model.table(), vocabulary: vocabulary, words: words, seconds: seconds,
                              trainingSeconds: seconds - trainingStart, loss: loss, fraction: model.schedule.fraction)
    }
}
