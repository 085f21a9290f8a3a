import EmbeddingFormats
import EmbeddingKit

/// `similarity`, `nearest`, `analogy`, `doesntmatch`, `evaluate`: questions asked of a
/// labelled table, with gensim's definitions.
enum SimilarityCommands {
    static let all = [similarity, nearest, analogy, doesntmatch, evaluate]

    /// The table a command asks, its first argument.
    private static let subject = Positional.object("TABLE", .table, help: "the table")
    private static let first = Positional.one("A", help: "a word or row index", completion: .word)
    private static let second = Positional.one("B", help: "a word or row index", completion: .word)

    static let similarity = CommandSpec(
        "similarity", group: .tables, summary: "cosine similarity of two words (or rows)",
        positionals: [subject, first, second],
        examples: ["similarity vectors king queen"],
        jsonFields: ["score", "composed"],
        instead: [.model: "extract"]
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let a = arguments[first], b = arguments[second]
        let composed = ComposedWords.composed([a.text, b.text], in: table)
        if !composed.isEmpty, let u = ComposedWords.vector(a.text, in: table), let v = ComposedWords.vector(b.text, in: table) {
            let score = try wordErrors([a, b]) { try EmbeddingTable.similarity(u, v) }
            return ComposedWords.noted(Report([.fields([("cosine(\(a.text), \(b.text))", formatNumber(Double(score), precision: 6))])],
                                              json: .object([("score", .float(score))])), composed)
        }
        let rows = [try TableCommands.rowIndex(of: a, in: table), try TableCommands.rowIndex(of: b, in: table)]
        let score = try wordErrors([a, b]) { try table.similarity(rows: rows[0], rows[1], words: (a.text, b.text)) }
        return Report([.fields([("cosine(\(a.text), \(b.text))", formatNumber(Double(score), precision: 6))])]
                      + zeroVectorWarnings(table, rows: rows, items: [a, b]),
                      json: .object([("score", .float(score))]))
    }

    private static let query = Positional.words("QUERY", arity: .many,
                                                help: "a word, or words and vectors like [0.1,-0.2,0.3] joined by + and -",
                                                completion: .word)
    private static let k = Option.int("k", 0...Int.max, default: 10, help: "number of results (0: none, as gensim's topn=0)",
                                      aliases: [.spelling("topn")])
    private static let restrict = Option.int("restrict", 1...Int.max, help: "search only the first N rows (most frequent words)",
                                             aliases: [.spelling("restrict_vocab")])

    private static let exact = Option.bool("exact", help: "scan every row even when the table has an index (see index)")

    /// The table named by `subject`, without its index when `exact=true`.
    private static func searched(_ session: Session, _ arguments: Arguments, _ subject: Positional<Token>) throws -> EmbeddingTable {
        let table = try session.table(arguments[subject].text)
        return arguments[exact] ? table.withoutIndex : table
    }

    private static let queryMethod = Option.choice("method", default: AnalogyMethod.add,
                                                   help: "add: the mean of the terms (most_similar); mul: 3CosMul (most_similar_cosmul)")

    static let nearest = CommandSpec(
        "nearest", aliases: ["most_similar", "similar_by_word", "similar_by_key", "similar_by_vector"], group: .tables,
        summary: "the k nearest words by cosine to a word, a vector, or an expression like king - man + woman",
        positionals: [subject, query],
        options: [k, restrict, queryMethod, QueryTokens.weights, exact],
        examples: ["nearest vectors king", "nearest vectors king - man + woman k=5", "nearest vectors \"new york\"",
                   "nearest vectors [0.1,-0.2,0.3] k=3", "nearest vectors king + [0.1,-0.2,0.3]",
                   "nearest vectors king + woman - man method=mul", "nearest vectors king + woman - man weights=2,0.5,1"],
        jsonFields: ["results[].word", "results[].score", "composed"],
        instead: [.model: "extract"],
        details: "Words are unit-normalised and vectors taken as written, then averaged with their signs (gensim "
            + "most_similar, weights= as its (key, weight) pairs; a lone vector is similar_by_vector); method=mul multiplies their shifted cosines instead "
            + "(most_similar_cosmul). Query words are left out of the results. With an index (see index), method=add takes "
            + "its candidates from the index and scores them exactly; exact=true scans every row."
    ) { session, arguments, context in
        let table = try searched(session, arguments, subject)
        let count = try checkedK(arguments, k, table: table)
        let terms = try QueryTokens.terms(arguments[query])
        try QueryTokens.checkLengths(terms, dim: table.dim)
        let words = terms.compactMap { term -> String? in if case .word(let word) = term.item { return word }; return nil }
        let composed = ComposedWords.composed(words, in: table)
        let items = ComposedWords.resolve(try QueryTokens.weighted(terms, arguments), in: table)
        if arguments[queryMethod] == .mul, let token = arguments.token(of: QueryTokens.weights) {
            throw ShellError.message("weights go with method=add (gensim's most_similar_cosmul takes none)", offset: token.offset)
        }
        let results = try wordErrors(terms.map(\.token)) {
            try ranked(table, k: count) {
                switch arguments[queryMethod] {
                case .add: return try table.nearest(items: items, k: $0, restrict: arguments[restrict], interruption: context.interruption)
                case .mul: return try table.cosmul(items: items, k: $0, restrict: arguments[restrict], interruption: context.interruption)
                }
            }
        }
        return ComposedWords.noted(scoredReport(results, title: nil), composed)
    }

    private static let a = Positional.one("A", help: "word", completion: .word)
    private static let b = Positional.one("B", help: "word", completion: .word)
    private static let c = Positional.one("C", help: "word", completion: .word)
    private static let answers = Option.int("k", 0...Int.max, default: 1, help: "number of answers (0: none, as gensim's topn=0)",
                                            aliases: [.spelling("topn")])
    private static let method = Option.choice("method", default: AnalogyMethod.add,
                                              help: "add: 3CosAdd (most_similar); mul: 3CosMul (most_similar_cosmul)")

    static let analogy = CommandSpec(
        "analogy", group: .tables, summary: "A is to B as C is to ? (man king woman → queen)",
        positionals: [subject, a, b, c],
        options: [answers, method, restrict, exact],
        examples: ["analogy vectors man king woman", "analogy vectors paris france rome k=3 method=mul"],
        jsonFields: ["results[].word", "results[].score", "composed"],
        instead: [.model: "extract"]
    ) { session, arguments, context in
        let table = try searched(session, arguments, subject)
        let count = try checkedK(arguments, answers, table: table)
        let words = [arguments[a], arguments[b], arguments[c]]
        let composed = ComposedWords.composed(words.map(\.text), in: table)
        let results = try wordErrors(words) {
            try ranked(table, k: count) {
                if !composed.isEmpty {
                    // b + c - a, as gensim's most_similar(positive=[b, c], negative=[a]) and most_similar_cosmul.
                    let items = ComposedWords.resolve([(.word(words[1].text), 1), (.word(words[2].text), 1), (.word(words[0].text), -1)], in: table)
                    switch arguments[method] {
                    case .add: return try table.nearest(items: items, k: $0, restrict: arguments[restrict], interruption: context.interruption)
                    case .mul: return try table.cosmul(items: items, k: $0, restrict: arguments[restrict], interruption: context.interruption)
                    }
                }
                return try table.analogy(words[0].text, words[1].text, words[2].text, k: $0, method: arguments[method],
                                  restrict: arguments[restrict], interruption: context.interruption)
            }
        }
        return ComposedWords.noted(scoredReport(results, title: "\(words[0].text) : \(words[1].text) :: \(words[2].text) : ?"), composed)
    }

    private static let group = Positional.words("WORD", arity: .many, help: "two or more words", completion: .word)

    static let doesntmatch = CommandSpec(
        "doesntmatch", aliases: ["doesnt_match"], group: .tables,
        summary: "the word furthest from the mean of the others (gensim doesnt_match; unknown words are left out)",
        positionals: [subject, group],
        examples: ["doesntmatch vectors breakfast cereal dinner lunch"],
        jsonFields: ["word", "score", "composed"],
        details: ComposedWords.details
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let words = arguments[group]
        guard words.count >= 2 else {
            throw ShellError.usage(command: "doesntmatch", message: "give at least two words", offset: nil)
        }
        let known = words.contains { table.holdsVector(for: $0.text) }
        let odd = try wordErrors(words) { try table.doesntMatch(words.map(\.text), ignoreUnknown: known) }
        let report = Report([.fields([("doesn't match", odd.word), ("cosine with the mean", formatNumber(Double(odd.score), precision: 4))])]
                            + leftOutWarning(table, words.map(\.text)),
                            json: .object([("word", .string(odd.word)), ("score", .float(odd.score))]))
        return ComposedWords.noted(report, ComposedWords.composed(words.map(\.text), in: table))
    }

    private static let evaluated = Positional.object("NAME", nil, help: "a table or a trained model")
    private static let pairs = Option.path("pairs", help: "table: word-pair file: word1 TAB word2 TAB score, # comments (e.g. WordSim-353)")
    private static let analogies = Option.path("analogies", help: "table: analogy file: ': section' headers, then a b c d per line")
    private static let evaluationRestrict = Option.int("restrict", 1...Int.max, default: 300_000, help: "table: use only the first N rows",
                                                      aliases: [.spelling("restrict_vocab")])
    private static let caseInsensitive = Option.bool("case_insensitive", default: true, help: "table: compare words uppercased, as gensim")
    private static let data = Option.path("data", help: "model: labelled texts, as for train")

    static let evaluate = CommandSpec(
        "evaluate", group: .tables,
        summary: "a table: word-pair similarity or analogy accuracy (as gensim); a model: loss, accuracy, confusion matrix",
        positionals: [evaluated],
        options: [pairs, analogies, evaluationRestrict, caseInsensitive, exact, data] + LabelledDataOptions.all,
        examples: ["evaluate vectors pairs=wordsim353.tsv", "evaluate vectors analogies=questions-words.txt restrict=30000",
                   "evaluate clf data=tweets-test.tsv"],
        jsonFields: ["spearman", "pearson", "pairs", "oov_ratio", "oov_pairs", "malformed_lines", "accuracy", "correct",
                     "total", "sections[].section", "sections[].correct", "sections[].total", "oov_questions",
                     "invalid_lines", "loss", "samples", "labels", "confusion"],
        details: "A table is evaluated as gensim's evaluate_word_pairs and evaluate_word_analogies do: pairs and questions "
            + "with a word outside the first restrict= rows are skipped and counted, even in a subword table (fasttext, "
            + "or a .bin) that could compose it, since gensim checks the vocabulary there too."
    ) { session, arguments, context in
        let name = arguments[evaluated].text
        if case .model(let classifier) = try session.object(name) {
            guard let path = arguments[data] else {
                throw ShellError.usage(command: "evaluate", message: "evaluate: give a model labelled texts with data=FILE", offset: nil)
            }
            return try ModelTraining.evaluate(classifier, name: name, path: path, arguments: arguments, threads: context.settings.threads)
        }
        let table = try searched(session, arguments, evaluated)
        let restrict = arguments[evaluationRestrict], caseInsensitive = arguments[caseInsensitive]
        switch (arguments[pairs], arguments[analogies]) {
        case (let path?, nil):
            let lines = try readLines(path, interruption: context.interruption)
            let result = try table.evaluatePairs(lines: lines, restrictVocab: restrict, caseInsensitive: caseInsensitive,
                                                 interruption: context.interruption)
            return EvaluationReports.pairs(result, path: path)
        case (nil, let path?):
            let lines = try readLines(path, interruption: context.interruption)
            let result = try table.evaluateAnalogies(lines: lines, restrictVocab: restrict, caseInsensitive: caseInsensitive,
                                                     interruption: context.interruption)
            let report = EvaluationReports.analogies(result, path: path)
            guard let index = table.usableIndex(limit: min(restrict, table.rows)) else { return report }
            return Report(report.blocks + [.note("answered through \(name)'s \(index.parameters.method.rawValue) index, which is "
                + "approximate: exact=true scans every row, as gensim does")], json: report.json)
        case (.some, .some):
            throw ShellError.usage(command: "evaluate", message: "give pairs= or analogies=, not both",
                                   offset: arguments.token(of: analogies)?.offset)
        case (nil, nil):
            throw ShellError.usage(command: "evaluate", message: "give pairs=FILE or analogies=FILE", offset: nil)
        }
    }

    // MARK: Helpers

    /// `k=` (the `option` given), at most the table's rows: more asks for every row, as gensim's
    /// topn beyond the vocabulary does.
    private static func checkedK(_ arguments: Arguments, _ option: Option<Int>, table: EmbeddingTable) -> Int {
        min(arguments[option], table.rows)
    }

    /// The first row that is a word: 1 in a table sized from a tokenizer (row 0 is its padding
    /// row, no word), else 0.
    static func firstWord(of table: EmbeddingTable) -> Int { table.label(0) == TableCommands.paddingLabel ? 1 : 0 }

    /// Runs a ranked query for one result more than wanted when the table is sized from a
    /// tokenizer, and drops its padding row (row 0 is no word).
    private static func ranked(_ table: EmbeddingTable, k: Int, _ query: (Int) throws -> [ScoredWord]) throws -> [ScoredWord] {
        guard firstWord(of: table) > 0 else { return try query(k) }
        return Array(try query(min(k + 1, table.rows)).filter { $0.row != 0 }.prefix(k))
    }

    /// Runs `body`, turning errors about words (unknown ones, zero or non-finite vectors) into
    /// errors that point at the first of them among `tokens`.
    static func wordErrors<T>(_ tokens: [Token], _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as EmbeddingError {
            let word: String?
            switch error {
            case .unknownWords(let words): word = words.first?.word
            case .zeroVector(let named), .nonFiniteVector(let named): word = named
            default: word = nil
            }
            throw ShellError.message(error.description, offset: word.flatMap { word in tokens.first { $0.text == word }?.offset })
        }
    }

    /// Ranked words as a table under `title`, followed by `blocks` (warnings).
    static func scoredReport(_ results: [ScoredWord], title: String?, blocks more: [Block] = []) -> Report {
        let rows: [[Cell]] = results.enumerated().map { [.int($0.offset + 1), .text($0.element.word), .number(Double($0.element.score))] }
        var blocks: [Block] = title.map { [.text($0)] } ?? []
        blocks.append(.table(TextTable(headers: ["rank", "word", "score"], rows: rows)))
        blocks += more
        return Report(blocks, json: .object([("results", .array(results.map {
            .object([("word", .string($0.word)), ("score", .float($0.score))])
        }))]))
    }

    /// A warning naming the words of `words` the table has no vector for, which gensim leaves
    /// out of the query (with close spellings); none when every word has one (in a subword table,
    /// every word: those outside it are composed).
    static func leftOutWarning(_ table: EmbeddingTable, _ words: [String]) -> [Block] {
        var missing: [String] = []
        for word in words where !table.holdsVector(for: word) && !missing.contains(word) { missing.append(word) }
        guard !missing.isEmpty else { return [] }
        return [.warning("left out (as gensim does): " + table.unknownWordsError(missing).description)]
    }

    /// A warning for each of `rows` that is a zero vector, whose cosine gensim takes as 0.
    private static func zeroVectorWarnings(_ table: EmbeddingTable, rows: [Int], items: [Token]) -> [Block] {
        let norms = table.norms
        var named: [String] = []
        for (row, item) in zip(rows, items) where norms[row] == 0 && !named.contains(item.text) { named.append(item.text) }
        return named.map { .warning("'\($0)' has a zero vector: its cosine with any vector is taken as 0, as gensim does") }
    }

    /// The lines of a text file (invalid UTF-8 replaced).
    private static func readLines(_ path: String, interruption: Interruption) throws -> [String] {
        var lines: [String] = []
        try LineReader(path: path).forEachLine(interruption: interruption) { bytes, _ in
            lines.append(String(decoding: bytes, as: UTF8.self))
        }
        return lines
    }
}
