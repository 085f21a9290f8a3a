import EmbeddingFormats
import EmbeddingKit

/// `phrases`: learns collocations from a corpus file into a phrase model (gensim's `Phrases`,
/// frozen as `FrozenPhrases`), and writes corpora with the phrases joined (`new york` →
/// `new_york`); `phrases NAME apply …` phrases another file with a learned model.
enum PhrasesCommand {
    static let all = [phrases]

    private static let name = Positional.one("NAME", .name, help: "the phrase model (a phraser): a new name, or with apply one "
                                             + "learned before")
    private static let action = Positional.optional("apply", .choice(["apply"]),
                                                    help: "phrase file= into out= with NAME's phrases instead of learning")
    private static let corpus = Option.requiredPath("file", help: "corpus: a sentence per line, words separated by blanks (read as a stream)")
    private static let out = Option.path("out", help: "write the corpus with its phrases joined here, a line per line "
                                         + "(replaced only once complete; required with apply)")
    private static let minCount = Option.int("min_count", 1...Int.max, default: 5,
                                             help: "subtracted from a bigram's count by the default score; npmi: the least bigram count")
    private static let threshold = Option.double("threshold", -1...Double.greatestFiniteMagnitude, default: 10,
                                                 help: "a bigram scoring above this is a phrase (default scoring: more than 0; "
                                                     + "npmi: above -1, at most 1)")
    private static let scoring = Option.choice("scoring", default: PhraseScoring.default,
                                               help: "default: word2vec's (count(a b) − min_count) / (count(a)·count(b)) · entries; "
                                                   + "npmi: normalized pointwise mutual information")
    private static let delimiter = Option.text("delimiter", default: "_", help: "joins the words of a phrase")
    private static let connectors = Option.choice("connectors", default: PhraseConnectors.none,
                                                  help: "words a phrase may hold inside but not start or end with (bank_of_america); "
                                                      + "english: gensim's ENGLISH_CONNECTOR_WORDS; none: gensim's default",
                                                  aliases: [.spelling("connector_words")])
    private static let maxVocabSize = Option.int("max_vocab_size", 1...Int.max, default: 40_000_000,
                                                 help: "prune the rarest words and bigrams once more are counted (gensim's pruning)")
    private static let passes = Option.int("passes", 1...PhrasesConfig.maxPasses, default: 1,
                                           help: "each pass learns from the previous pass's output, so 2 finds new_york_city "
                                               + "(gensim: Phrases(bigram[corpus]))")
    private static let threads = Option.int("threads", 1...1_024, help: "threads writing out= (default: `set threads`)",
                                            aliases: [.spelling("workers")])

    /// The learning settings, each of which `PhrasesConfig.validate` may name.
    private static let settings: [any OptionDeclaration] = [minCount, threshold, scoring, delimiter, connectors, maxVocabSize, passes]

    static let phrases = CommandSpec(
        "phrases", group: .models, summary: "learn collocations from a corpus file and join them into single tokens (gensim Phrases)",
        positionals: [name, action],
        options: [corpus, out] + settings + [threads, CommonOptions.replace],
        examples: ["phrases bigrams file=corpus.txt out=phrased.txt", "phrases ph file=corpus.txt min_count=3 threshold=5 passes=2",
                   "phrases ph file=corpus.txt scoring=npmi threshold=0.5 connectors=english",
                   "phrases bigrams apply file=other.txt out=other-phrased.txt"],
        jsonFields: ["name", "phrases", "passes", "words", "file", "out", "lines", "tokens_out", "joined", "seconds"]
    ) { session, arguments, context in
        let modelName = arguments[name].text
        let reader = try CorpusReader(path: arguments[corpus])
        try reader.checkIsText()
        let clock = ContinuousClock(), start = clock.now
        let model: PhraseModel
        if arguments[action] != nil {
            model = try session.phrases(modelName)
            if let given = settings.compactMap({ arguments.token(of: $0) }).first {
                throw ShellError.message("apply phrases with \(modelName)'s own settings; learning options such as "
                                         + "\(given.text.prefix { $0 != "=" }) are for learning", offset: given.offset)
            }
            guard arguments[out] != nil else { throw ShellError.message("apply needs out=FILE, where the phrased corpus goes", offset: nil) }
        } else {
            let replace = arguments[CommonOptions.replace]
            do { try session.checkInsert(modelName, replace: replace) } catch ShellError.objectExists(_, let kind) {
                throw ShellError.message("a \(kind.rawValue) named '\(modelName)' already exists (replace=true replaces it)",
                                         offset: arguments[name].offset)
            }
            if let path = arguments[out] { try AtomicFile.checkCanWrite(path) }
            do {
                model = try Phrases.learn(corpus: reader, config: configuration(arguments), interruption: context.interruption)
            } catch PhrasesError.invalidSetting(let option, let value, let expected) {
                throw ShellError.message("\(option) must be \(expected) (got \(value))",
                                         offset: settings.first { $0.spec.key == option }.flatMap { arguments.token(of: $0) }?.offset)
            }
        }
        var report: PhrasingReport?
        if let path = arguments[out] {
            try AtomicFile.write(to: path) { descriptor in
                report = try Phrases.apply(model, corpus: reader, threads: arguments[threads] ?? context.settings.threads,
                                           interruption: context.interruption) { bytes in
                    try AtomicFile.writeAll(descriptor, bytes, path: path)
                }
            }
        }
        if arguments[action] == nil {
            try session.insert(.phrases(model), as: modelName, replace: arguments[CommonOptions.replace])
        }
        let seconds = Double((clock.now - start).components.attoseconds) * 1e-18 + Double((clock.now - start).components.seconds)
        var lines: [String] = []
        if arguments[action] == nil {
            let counts = model.stages.map { String($0.phrases.count) }.joined(separator: " + ")
            lines.append("learned \(modelName): \(counts) phrase\(model.phraseCount == 1 ? "" : "s") in \(model.config.passes) "
                         + "pass\(model.config.passes == 1 ? "" : "es") over \(model.stages[0].corpusWords) words")
        }
        if let report, let path = arguments[out] {
            lines.append("wrote \(path): \(report.lines) line\(report.lines == 1 ? "" : "s"), \(report.wordsIn) words → "
                         + "\(report.tokensOut) tokens (\(report.phrasesJoined) phrase\(report.phrasesJoined == 1 ? "" : "s") joined)")
        }
        return Report(lines.map { .note($0) }, json: .object([
            ("name", .string(modelName)), ("phrases", .int(model.phraseCount)), ("passes", .int(model.config.passes)),
            ("words", .int(model.stages[0].corpusWords)), ("file", .string(arguments[corpus])),
            ("out", arguments[out].map { .string($0) } ?? .null), ("lines", report.map { .int($0.lines) } ?? .null),
            ("tokens_out", report.map { .int($0.tokensOut) } ?? .null), ("joined", report.map { .int($0.phrasesJoined) } ?? .null),
            ("seconds", .double(seconds)),
        ]))
    }

    private static func configuration(_ arguments: Arguments) -> PhrasesConfig {
        var config = PhrasesConfig()
        config.minCount = arguments[minCount]
        config.threshold = arguments[threshold]
        config.scoring = arguments[scoring]
        config.delimiter = arguments[delimiter]
        config.connectors = arguments[connectors]
        config.maxVocabSize = arguments[maxVocabSize]
        config.passes = arguments[passes]
        return config
    }

    /// What `show` reports about a phrase model: its settings, and each pass's most frequent phrases.
    static func details(name: String, _ model: PhraseModel) -> Report {
        let config = model.config
        let fields: [(String, String)] = [
            ("phraser", name), ("min_count", String(config.minCount)), ("threshold", String(config.threshold)),
            ("scoring", config.scoring.rawValue), ("delimiter", config.delimiter), ("connectors", config.connectors.rawValue),
            ("max_vocab_size", String(config.maxVocabSize)),
        ] + model.stages.enumerated().map { index, stage in
            ("pass \(index + 1)", "\(stage.phrases.count) phrases from \(stage.corpusWords) words (\(stage.vocabularySize) words and bigrams counted)")
        }
        var blocks: [Block] = [.fields(fields)]
        for (index, stage) in model.stages.enumerated() where !stage.phrases.isEmpty {
            blocks.append(.text("pass \(index + 1), most frequent phrases:"))
            let rows: [[Cell]] = stage.phrases.indices.prefix(topPhrases).map { [.text(stage.phrases[$0]), .int(stage.counts[$0]),
                                                                                   .number(stage.scores[$0])] }
            blocks.append(.table(TextTable(headers: ["phrase", "count", "score"], rows: rows)))
        }
        let json = JSON.object([
            ("name", .string(name)), ("kind", .string(ObjectKind.phrases.rawValue)),
            ("config", .object([("min_count", .int(config.minCount)), ("threshold", .double(config.threshold)),
                                ("scoring", .string(config.scoring.rawValue)), ("delimiter", .string(config.delimiter)),
                                ("connectors", .string(config.connectors.rawValue)), ("max_vocab_size", .int(config.maxVocabSize)),
                                ("passes", .int(config.passes))])),
            ("passes", .array(model.stages.map { stage in
                .object([("words", .int(stage.corpusWords)), ("entries", .int(stage.vocabularySize)),
                         ("phrases", .array(stage.phrases.indices.prefix(topPhrases).map { i in
                             .object([("phrase", .string(stage.phrases[i])), ("count", .int(stage.counts[i])),
                                      ("score", .double(stage.scores[i]))])
                         })), ("phrase_count", .int(stage.phrases.count))])
            })),
        ])
        return Report(blocks, json: json)
    }

    /// Phrases `show` lists per pass.
    static let topPhrases = 20
}
