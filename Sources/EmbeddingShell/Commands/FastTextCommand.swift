import EmbeddingFormats
import EmbeddingKit

/// `fasttext`: trains fastText's subword vectors on a corpus file, with word2vec's options plus
/// the n-gram settings; the table composes vectors for words outside it.
enum FastTextCommand {
    static let all = [fasttext]

    private static let minn = Option.int("minn", 0...SubwordSettings.maxLength, default: 3,
                                         help: "shortest character n-gram (0 counts as 1, as in fastText)")
    private static let maxn = Option.int("maxn", 0...SubwordSettings.maxLength, default: 6,
                                         help: "longest character n-gram (0: none, plain word vectors)", aliases: [.spelling("max_n")])
    private static let bucket = Option.int("bucket", 1...SubwordSettings.maxBucket, default: 2_000_000,
                                           help: "rows the n-grams are hashed into", aliases: [.spelling("buckets")])
    private static let subwordOptions: [any OptionDeclaration] = [minn, maxn, bucket]
    /// word2vec's learning rate and subsampling options with fastText's defaults.
    private static let alpha = Option.double("alpha", 1e-9...10, default: FastText.defaultConfig().startingAlpha,
                                             help: "starting learning rate")
    private static let sample = Option.double("sample", 0...1, default: FastText.defaultConfig().sample,
                                              help: "subsampling threshold for frequent words (0: keep all)")
    /// hs= trains hierarchical softmax alone, as fastText's -loss hs (one output matrix).
    private static let hs = Option.bool("hs", help: "train hierarchical softmax over a Huffman tree of the vocabulary instead "
                                        + "of negative sampling (fastText's -loss hs; negative is then 0)")
    /// word2vec's settings with fastText's defaults and its hs=.
    private static let settings: [any OptionDeclaration] = Word2VecCommand.settings.compactMap {
        switch $0.spec.key {
        case "hs": hs
        case "alpha": alpha
        case "sample": sample
        default: $0
        }
    }

    static let fasttext = CommandSpec(
        "fasttext", group: .models,
        summary: "train fastText subword vectors (skip-gram or CBOW; words outside the vocabulary get vectors from their n-grams)",
        positionals: [Word2VecCommand.newName],
        options: [Word2VecCommand.corpus] + settings + subwordOptions + [CommonOptions.replace],
        examples: ["fasttext ft file=corpus.txt", "fasttext ft file=corpus.txt arch=cbow minn=2 maxn=5 bucket=200000 dim=50",
                   "fasttext ft file=corpus.txt hs=true",
                   "fasttext ft file=corpus.txt vector_size=50 sg=1 workers=2 epochs=10"],
        jsonFields: ["words", "vocab_size", "buckets", "seconds", "words_per_second", "loss", "partial"],
        details: "A word's vector is the mean of its own vector and those of its character n-grams (minn to maxn "
            + "characters of the word between < and >, hashed into bucket rows with fastText's FNV-1a hash), as in "
            + "fastText and gensim's FastText; lookup, similarity, nearest, analogy and explain compose vectors for words "
            + "outside the table from their n-grams. As in fastText, every line ends with the word </s>, trained and kept "
            + "like the others. Also as in fastText, an epoch is as many words as the corpus has tokens, words under min_count "
            + "included, for subsampling's frequencies and for the run's length, so a corpus with words under min_count trains "
            + "a little more than epochs passes (never more than twice epochs: the count stops at twice the vocabulary's "
            + "words). Options as word2vec's, with fastText's defaults for alpha and sample. The "
            + "n-gram vectors are saved with the session and exported with format=fasttext-bin."
    ) { session, arguments, context in
        let name = arguments[Word2VecCommand.newName].text
        let replace = arguments[CommonOptions.replace]
        do { try session.checkInsert(name, replace: replace) } catch ShellError.objectExists(_, let kind) {
            throw ShellError.message("a \(kind.rawValue) named '\(name)' already exists (replace=true replaces it)",
                                     offset: arguments[Word2VecCommand.newName].offset)
        }
        var config = Word2VecCommand.configuration(arguments, context.settings)
        (config.alpha, config.sample, config.hierarchicalSoftmax) = (arguments[alpha], arguments[sample], arguments[hs])
        if config.hierarchicalSoftmax {
            if let token = arguments.token(of: Word2VecCommand.negative), config.negative > 0 {
                throw ShellError.usage(command: "fasttext", message: "fasttext: hs=true trains hierarchical softmax alone, as "
                    + "fastText's -loss hs does: leave negative= out or give negative=0", offset: token.offset)
            }
            config.negative = 0
        }
        let subwords = SubwordSettings(minn: arguments[minn], maxn: arguments[maxn], bucket: arguments[bucket])
        let corpus = try CorpusReader(path: arguments[Word2VecCommand.corpus])
        try corpus.checkIsText()
        let line = ProgressLine("fasttext", context: context)
        let result: Word2VecResult
        do {
            defer { line.finish() }
            result = try FastText.train(corpus: corpus, config: config, subwords: subwords, interruption: context.interruption) { progress in
                line.update(fraction: progress.fraction, details: Word2VecCommand.describe(progress), seconds: progress.seconds)
            }
        } catch Word2VecError.invalidSetting(let option, let value, let expected) {
            let options = settings + subwordOptions
            throw ShellError.message("\(option) must be \(expected) (got \(value))",
                                     offset: options.first { $0.spec.key == option }.flatMap { arguments.token(of: $0) }?.offset)
        } catch let error as Word2VecError {
            throw ShellError.message(error.description + (session.contains(name) ? "; \(name) is unchanged" : ""),
                                     offset: arguments.token(of: alpha)?.offset)
        }
        let percent = formatFixed(result.fraction * 100, digits: 1)
        if result.isPartial, session.contains(name) {
            throw ShellError.message("stopped at \(percent)%: \(name) keeps its old vectors (a stopped run does not replace an "
                                     + "object); run fasttext again to replace it", offset: nil)
        }
        try session.insert(.table(result.table), as: name, replace: replace,
                           remark: result.isPartial ? "partial: training was stopped at \(percent)%; the vectors hold what was trained until then" : nil)
        let vocabulary = result.vocabulary
        let summary = (result.isPartial ? "stopped at \(percent)%: \(name) holds the vectors trained so far (partial); " : "trained \(name): ")
            + "\(vocabulary.count) words × \(config.dim)"
            + (subwords.maxn == 0 ? " without n-grams (maxn=0: plain word vectors; " : " and \(subwords.bucket) n-gram buckets (\(subwords.minn)–\(subwords.maxn) characters; ")
            + "\(config.architecture.rawValue)\(Word2VecCommand.objective(config)), \(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), "
            + "\(result.words) words read), "
            + "loss \(formatFixed(result.loss, digits: 4))"
        return Report([result.isPartial ? .warning(summary) : .note(summary)], json: .object([
            ("words", .int(result.words)), ("vocab_size", .int(vocabulary.count)), ("buckets", .int(subwords.bucket)),
            ("seconds", .double(result.seconds)),
            ("words_per_second", .double(result.trainingSeconds > 0 ? Double(result.words) / result.trainingSeconds : 0)),
            ("loss", .double(result.loss)), ("partial", .bool(result.isPartial)),
        ]))
    }
}
