import EmbeddingFormats
import EmbeddingKit

/// `word2vec`: trains word vectors on a corpus file into a table labelled by its vocabulary.
enum Word2VecCommand {
    static let all = [word2vec]

    static let newName = Positional.one("NAME", .name, help: "name of the new table")
    static let corpus = Option.requiredPath("file", help: "corpus: a sentence per line, words separated by spaces (read as a stream)")
    static let arch = Option.choice("arch", default: Word2VecArchitecture.sg,
                                            help: "sg: skip-gram (a word predicts its context); cbow: the context's mean predicts the word",
                                            aliases: [.mapping("sg", ["1": "sg", "0": "cbow"])])
    static let dim = Option.int("dim", 1...10_000, default: 100, help: "vector size",
                                        aliases: [.spelling("vector_size"), .spelling("size")])
    static let window = Option.int("window", 1...1_000, default: 5, help: "largest distance to a context word (each word draws 1…window)")
    static let negative = Option.int("negative", 0...1_000, default: 5,
                                             help: "noise words per example; 0 turns negative sampling off (then hs=true)")
    static let hs = Option.bool("hs", help: "also train hierarchical softmax over a Huffman tree of the vocabulary "
                                        + "(word2vec.c's and gensim's hs; hs=true negative=0 trains it alone)")
    static let nsExponent = Option.double("ns_exponent", -Word2VecConfig.maxNoiseExponent...Word2VecConfig.maxNoiseExponent,
                                          help: "noise words are drawn by count to this power (default 0.75; fastText 0.5; "
                                              + "gensim's ns_exponent)")
    static let shrinkWindows = Option.bool("shrink_windows", default: true,
                                           help: "each word draws its window from 1…window (false: always the whole window; gensim's shrink_windows)")
    static let minCount = Option.int("min_count", 1...Int.max, default: 5, help: "drop words seen fewer times")
    static let maxVocab = Option.int("max_vocab", 1...Int.max, help: "keep only this many of the most frequent words",
                                             aliases: [.spelling("max_final_vocab")])
    static let sample = Option.double("sample", 0...1, default: 1e-3, help: "subsampling threshold for frequent words (0: keep all)")
    static let alpha = Option.double("alpha", 1e-9...10, help: "starting learning rate (default 0.025 for sg, 0.05 for cbow)")
    static let minAlpha = Option.double("min_alpha", 0...10, default: 0.0001,
                                                help: "learning rate at the end (linear decay over all epochs)")
    static let epochs = Option.int("epochs", 1...10_000, default: 5, help: "passes over the corpus", aliases: [.spelling("iter")])
    static let threads = Option.int("threads", 1...1_024,
                                    help: "worker threads, each on its own share of the corpus as in word2vec.c and fastText "
                                        + "(default: `set threads`); 1 makes runs repeatable",
                                    aliases: [.spelling("workers")])

    /// The training settings, each of which `Word2VecConfig.validate` may name.
    static let settings: [any OptionDeclaration] = [arch, dim, window, shrinkWindows, negative, nsExponent, hs, minCount, maxVocab,
                                                    sample, alpha, minAlpha, epochs, threads, CommonOptions.seed]

    static let word2vec = CommandSpec(
        "word2vec", group: .models, summary: "train word vectors (skip-gram or CBOW, negative sampling or hierarchical softmax) on a corpus file",
        positionals: [newName],
        options: [corpus] + settings + [CommonOptions.replace],
        examples: ["word2vec w2v file=corpus.txt", "word2vec w2v file=corpus.txt arch=cbow dim=50 epochs=10 threads=1 seed=7",
                   "word2vec w2v file=corpus.txt vector_size=50 sg=0 workers=2", "word2vec w2v file=corpus.txt hs=true negative=0"],
        jsonFields: ["words", "vocab_size", "seconds", "words_per_second", "loss", "partial"]
    ) { session, arguments, context in
        let name = arguments[newName].text
        let replace = arguments[CommonOptions.replace]
        do { try session.checkInsert(name, replace: replace) } catch ShellError.objectExists(_, let kind) {
            throw ShellError.message("a \(kind.rawValue) named '\(name)' already exists (replace=true replaces it)",
                                     offset: arguments[newName].offset)
        }
        let config = configuration(arguments, context.settings)
        let corpus = try CorpusReader(path: arguments[corpus])
        try corpus.checkIsText()
        let line = ProgressLine("word2vec", context: context)
        let result: Word2VecResult
        do {
            defer { line.finish() }
            result = try Word2Vec.train(corpus: corpus, config: config, interruption: context.interruption) { progress in
                line.update(fraction: progress.fraction, details: describe(progress), seconds: progress.seconds)
            }
        } catch Word2VecError.invalidSetting(let option, let value, let expected) {
            throw ShellError.message("\(option) must be \(expected) (got \(value))",
                                     offset: settings.first { $0.spec.key == option }.flatMap { arguments.token(of: $0) }?.offset)
        } catch let error as Word2VecError {
            throw ShellError.message(error.description + (session.contains(name) ? "; \(name) is unchanged" : ""),
                                     offset: arguments.token(of: alpha)?.offset)
        }
        let percent = formatFixed(result.fraction * 100, digits: 1)
        if result.isPartial, session.contains(name) {
            throw ShellError.message("stopped at \(percent)%: \(name) keeps its old vectors (a stopped run does not replace an "
                                     + "object); run word2vec again to replace it", offset: nil)
        }
        try session.insert(.table(result.table), as: name, replace: replace,
                           remark: result.isPartial ? "partial: training was stopped at \(percent)%; the vectors hold what was trained until then" : nil)
        let vocabulary = result.vocabulary
        let summary = (result.isPartial ? "stopped at \(percent)%: \(name) holds the vectors trained so far (partial); " : "trained \(name): ")
            + "\(vocabulary.count) words × \(config.dim) (\(config.architecture.rawValue)\(objective(config)), \(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), "
            + "\(result.words) words read), loss \(formatFixed(result.loss, digits: 4))"
        return Report([result.isPartial ? .warning(summary) : .note(summary)], json: .object([
            ("words", .int(result.words)), ("vocab_size", .int(vocabulary.count)), ("seconds", .double(result.seconds)),
            ("words_per_second", .double(result.trainingSeconds > 0 ? Double(result.words) / result.trainingSeconds : 0)),
            ("loss", .double(result.loss)), ("partial", .bool(result.isPartial)),
        ]))
    }

    static func configuration(_ arguments: Arguments, _ settings: Settings) -> Word2VecConfig {
        var config = Word2VecConfig()
        config.architecture = arguments[arch]
        config.dim = arguments[dim]
        config.window = arguments[window]
        config.shrinkWindows = arguments[shrinkWindows]
        config.negative = arguments[negative]
        config.noiseExponent = arguments[nsExponent]
        config.hierarchicalSoftmax = arguments[hs]
        config.minCount = arguments[minCount]
        config.maxVocab = arguments[maxVocab]
        config.sample = arguments[sample]
        config.alpha = arguments[alpha]
        config.minAlpha = arguments[minAlpha]
        config.epochs = arguments[epochs]
        config.threads = arguments[threads] ?? settings.threads
        config.seed = UInt64(arguments[CommonOptions.seed] ?? settings.seed)
        return config
    }

    /// How the summary names the objective: nothing for negative sampling alone (the default).
    static func objective(_ config: Word2VecConfig) -> String {
        config.hierarchicalSoftmax ? (config.negative > 0 ? ", hs + negative \(config.negative)" : ", hs") : ""
    }

    /// `epoch 2/5  612k words/s  lr 0.01570  loss 2.1340  ETA 0:41`
    static func describe(_ progress: Word2VecProgress) -> String {
        "epoch \(progress.epoch)/\(progress.epochs)  \(formatRate(progress.wordsPerSecond)) words/s  "
            + "lr \(formatFixed(progress.learningRate, digits: 5))  loss \(formatFixed(progress.loss, digits: 4))"
            + (progress.remainingSeconds.map { "  ETA \(formatDuration($0))" } ?? "")
    }
}
