import EmbeddingFormats
import EmbeddingKit

/// `word2vec`: trains word vectors on a corpus file into a table labelled by its vocabulary.
enum Word2VecCommand {
    static let all = [word2vec]

    static let word2vec = CommandSpec(
        "word2vec", group: .models, summary: "train word vectors (skip-gram or CBOW, negative sampling) on a corpus file",
        positionals: [PositionalSpec("NAME", .name, help: "name of the new table")],
        options: [
            OptionSpec("file", .path, help: "corpus: a sentence per line, words separated by spaces (read as a stream)"),
            OptionSpec("arch", .choice(Word2VecArchitecture.allCases.map(\.rawValue)), default: "sg",
                       help: "sg: skip-gram (a word predicts its context); cbow: the context's mean predicts the word"),
            OptionSpec("dim", .int(1...10_000), default: "100", help: "vector size"),
            OptionSpec("window", .int(1...1_000), default: "5", help: "largest distance to a context word (each word draws 1…window)"),
            OptionSpec("negative", .int(1...1_000), default: "5",
                       help: "noise words per example (negative sampling is the only objective, so at least 1)"),
            OptionSpec("min_count", .int(1...Int.max), default: "5", help: "drop words seen fewer times"),
            OptionSpec("max_vocab", .int(1...Int.max), help: "keep only this many of the most frequent words"),
            OptionSpec("sample", .double(0...1), default: "1e-3", help: "subsampling threshold for frequent words (0: keep all)"),
            OptionSpec("alpha", .double(1e-9...10), help: "starting learning rate (default 0.025 for sg, 0.05 for cbow)"),
            OptionSpec("min_alpha", .double(0...10), default: "0.0001", help: "learning rate at the end (linear decay over all epochs)"),
            OptionSpec("epochs", .int(1...10_000), default: "5", help: "passes over the corpus"),
            OptionSpec("threads", .int(1...1_024), help: "worker threads (default: `set threads`); 1 makes runs repeatable"),
            OptionSpec("seed", .int(0...Int.max), help: "random seed (default: `set seed`)"),
            OptionSpec("replace", .bool, default: "false", help: "replace an existing object of the same name"),
        ],
        examples: ["word2vec w2v file=corpus.txt", "word2vec w2v file=corpus.txt arch=cbow dim=50 epochs=10 threads=1 seed=7"]
    ) { session, arguments, shell in
        let name = arguments.positional("NAME")!
        let replace = arguments.bool("replace") ?? false
        do { try session.checkInsert(name, replace: replace) } catch ShellError.objectExists(_, let kind) {
            throw ShellError.message("a \(kind.rawValue) named '\(name)' already exists (replace=true replaces it)",
                                     offset: arguments.tokens("NAME").first?.offset)
        }
        guard let path = arguments.string("file") else {
            throw ShellError.usage(command: "word2vec", message: "file= is required", offset: nil)
        }
        let config = configuration(arguments, shell.settings)
        let corpus = try CorpusReader(path: path)
        try corpus.checkIsText()
        let line = ProgressLine("word2vec", shell: shell)
        let result: Word2VecResult
        do {
            defer { line.finish() }
            result = try Word2Vec.train(corpus: corpus, config: config, interruption: shell.interruption) { progress in
                line.update(fraction: progress.fraction, details: describe(progress), seconds: progress.seconds)
            }
        } catch Word2VecError.invalidSetting(let option, let value, let expected) {
            throw ShellError.message("\(option) must be \(expected) (got \(value))", offset: arguments.optionToken(option)?.offset)
        } catch let error as Word2VecError {
            throw ShellError.message(error.description + (session.contains(name) ? "; \(name) is unchanged" : ""),
                                     offset: arguments.optionToken("alpha")?.offset)
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
            + "\(vocabulary.count) words × \(config.dim) (\(config.architecture.rawValue), \(config.epochs) epoch\(config.epochs == 1 ? "" : "s"), "
            + "\(result.words) words read), loss \(formatFixed(result.loss, digits: 4))"
        return Report([result.isPartial ? .warning(summary) : .note(summary)], json: .object([
            ("words", .int(result.words)), ("vocab_size", .int(vocabulary.count)), ("seconds", .double(result.seconds)),
            ("words_per_second", .double(result.trainingSeconds > 0 ? Double(result.words) / result.trainingSeconds : 0)),
            ("loss", .double(result.loss)), ("partial", .bool(result.isPartial)),
        ]))
    }

    private static func configuration(_ arguments: Arguments, _ settings: Settings) -> Word2VecConfig {
        var config = Word2VecConfig()
        config.architecture = arguments.choice("arch", as: Word2VecArchitecture.self) ?? .sg
        config.dim = arguments.int("dim") ?? config.dim
        config.window = arguments.int("window") ?? config.window
        config.negative = arguments.int("negative") ?? config.negative
        config.minCount = arguments.int("min_count") ?? config.minCount
        config.maxVocab = arguments.int("max_vocab")
        config.sample = arguments.double("sample") ?? config.sample
        config.alpha = arguments.double("alpha")
        config.minAlpha = arguments.double("min_alpha") ?? config.minAlpha
        config.epochs = arguments.int("epochs") ?? config.epochs
        config.threads = arguments.int("threads") ?? settings.threads
        config.seed = UInt64(arguments.int("seed") ?? settings.seed)
        return config
    }

    /// `epoch 2/5  612k words/s  lr 0.01570  loss 2.1340  ETA 0:41`
    static func describe(_ progress: Word2VecProgress) -> String {
        "epoch \(progress.epoch)/\(progress.epochs)  \(formatRate(progress.wordsPerSecond)) words/s  "
            + "lr \(formatFixed(progress.learningRate, digits: 5))  loss \(formatFixed(progress.loss, digits: 4))"
            + (progress.remainingSeconds.map { "  ETA \(formatDuration($0))" } ?? "")
    }
}
