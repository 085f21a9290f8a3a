import EmbeddingFormats
import EmbeddingKit

/// `similarity`, `nearest`, `analogy`, `doesntmatch`, `evaluate`: questions asked of a
/// labelled table, with gensim's definitions.
enum SimilarityCommands {
    static let all = [similarity, nearest, analogy, doesntmatch, evaluate]

    static let similarity = CommandSpec(
        "similarity", group: .tables, summary: "cosine similarity of two words (or rows)",
        positionals: [.object("TABLE", .table, help: "the table"),
                      PositionalSpec("A", help: "a word or row index", completion: .word),
                      PositionalSpec("B", help: "a word or row index", completion: .word)],
        examples: ["similarity vectors king queen"]
    ) { session, arguments, _ in
        let table = try session.table(arguments.positional("TABLE")!)
        let a = arguments.tokens("A")[0], b = arguments.tokens("B")[0]
        let rows = [try TableCommands.rowIndex(of: a, in: table), try TableCommands.rowIndex(of: b, in: table)]
        let score: Float
        do { score = try table.similarity(rows: rows[0], rows[1], words: (a.text, b.text)) } catch let error as EmbeddingError {
            switch error {
            case .zeroVector(let word?), .nonFiniteVector(let word?):
                throw ShellError.message(error.description, offset: word == a.text ? a.offset : b.offset)
            default: throw error
            }
        }
        return Report([.fields([("cosine(\(a.text), \(b.text))", formatNumber(Double(score), precision: 6))])],
                      json: .object([("score", .float(score))]))
    }

    static let nearest = CommandSpec(
        "nearest", aliases: ["most_similar"], group: .tables,
        summary: "the k nearest words by cosine to a word or an expression like king - man + woman",
        positionals: [.object("TABLE", .table, help: "the table"),
                      PositionalSpec("QUERY", arity: .many, help: "a word, or words joined by + and -", completion: .word)],
        options: [OptionSpec("k", .int(1...Int.max), default: "10", help: "number of results"),
                  OptionSpec("restrict", .int(1...Int.max), help: "search only the first N rows (most frequent words)")],
        examples: ["nearest vectors king", "nearest vectors king - man + woman k=5"]
    ) { session, arguments, shell in
        let table = try session.table(arguments.positional("TABLE")!)
        let k = try checkedK(arguments, table: table)
        let query = arguments.positionals("QUERY").joined(separator: " ")
        let results = try wordErrors(arguments) {
            try ranked(table, k: k) { try table.nearest(query: query, k: $0, restrict: arguments.int("restrict"), interruption: shell.interruption) }
        }
        return scoredReport(results, title: nil)
    }

    static let analogy = CommandSpec(
        "analogy", group: .tables, summary: "A is to B as C is to ? (man king woman → queen)",
        positionals: [.object("TABLE", .table, help: "the table"),
                      PositionalSpec("A", help: "word", completion: .word), PositionalSpec("B", help: "word", completion: .word),
                      PositionalSpec("C", help: "word", completion: .word)],
        options: [OptionSpec("k", .int(1...Int.max), default: "1", help: "number of answers"),
                  OptionSpec("method", .choice(AnalogyMethod.allCases.map(\.rawValue)), default: "add",
                             help: "add: 3CosAdd (most_similar); mul: 3CosMul (most_similar_cosmul)"),
                  OptionSpec("restrict", .int(1...Int.max), help: "search only the first N rows")],
        examples: ["analogy vectors man king woman", "analogy vectors paris france rome k=3 method=mul"]
    ) { session, arguments, shell in
        let table = try session.table(arguments.positional("TABLE")!)
        let k = try checkedK(arguments, table: table)
        let (a, b, c) = (arguments.positional("A")!, arguments.positional("B")!, arguments.positional("C")!)
        let method = arguments.choice("method", as: AnalogyMethod.self) ?? .add
        let results = try wordErrors(arguments) {
            try ranked(table, k: k) {
                try table.analogy(a, b, c, k: $0, method: method, restrict: arguments.int("restrict"), interruption: shell.interruption)
            }
        }
        return scoredReport(results, title: "\(a) : \(b) :: \(c) : ?")
    }

    static let doesntmatch = CommandSpec(
        "doesntmatch", aliases: ["doesnt_match"], group: .tables,
        summary: "the word furthest from the mean of the others (gensim doesnt_match)",
        positionals: [.object("TABLE", .table, help: "the table"),
                      PositionalSpec("WORD", arity: .many, help: "two or more words", completion: .word)],
        examples: ["doesntmatch vectors breakfast cereal dinner lunch"]
    ) { session, arguments, _ in
        let table = try session.table(arguments.positional("TABLE")!)
        let words = arguments.positionals("WORD")
        guard words.count >= 2 else {
            throw ShellError.usage(command: "doesntmatch", message: "give at least two words", offset: nil)
        }
        let odd = try wordErrors(arguments) { try table.doesntMatch(words) }
        return Report([.fields([("doesn't match", odd.word), ("cosine with the mean", formatNumber(Double(odd.score), precision: 4))])],
                      json: .object([("word", .string(odd.word)), ("score", .float(odd.score))]))
    }

    static let evaluate = CommandSpec(
        "evaluate", group: .tables,
        summary: "a table: word-pair similarity or analogy accuracy (as gensim); a model: loss, accuracy, confusion matrix",
        positionals: [.object("NAME", nil, help: "a table or a trained model")],
        options: [OptionSpec("pairs", .path, help: "table: word-pair file: word1 TAB word2 TAB score, # comments (e.g. WordSim-353)"),
                  OptionSpec("analogies", .path, help: "table: analogy file: ': section' headers, then a b c d per line"),
                  OptionSpec("restrict", .int(1...Int.max), default: "300000", help: "table: use only the first N rows"),
                  OptionSpec("case_insensitive", .bool, default: "true", help: "table: compare words uppercased, as gensim"),
                  OptionSpec("data", .path, help: "model: labelled texts, as for train"),
                  OptionSpec("format", .choice(LabelledTexts.Format.allCases.map(\.rawValue)), help: "model: data format (default as for train)"),
                  OptionSpec("label_column", .text, help: "model, CSV data: the label column"),
                  OptionSpec("text_column", .text, help: "model, CSV data: the text column")],
        examples: ["evaluate vectors pairs=wordsim353.tsv", "evaluate vectors analogies=questions-words.txt restrict=30000",
                   "evaluate clf data=tweets-test.tsv"]
    ) { session, arguments, shell in
        let name = arguments.positional("NAME")!
        if case .model(let classifier) = try session.object(name) {
            guard let path = arguments.string("data") else {
                throw ShellError.usage(command: "evaluate", message: "evaluate: give a model labelled texts with data=FILE", offset: nil)
            }
            return try ModelTraining.evaluate(classifier, name: name, path: path, arguments: arguments, threads: shell.settings.threads)
        }
        let table = try session.table(name)
        let restrict = arguments.int("restrict") ?? 300_000
        let caseInsensitive = arguments.bool("case_insensitive") ?? true
        switch (arguments.string("pairs"), arguments.string("analogies")) {
        case (let path?, nil):
            let lines = try readLines(path, interruption: shell.interruption)
            let result = try table.evaluatePairs(lines: lines, restrictVocab: restrict, caseInsensitive: caseInsensitive,
                                                 interruption: shell.interruption)
            return EvaluationReports.pairs(result, path: path)
        case (nil, let path?):
            let lines = try readLines(path, interruption: shell.interruption)
            let result = try table.evaluateAnalogies(lines: lines, restrictVocab: restrict, caseInsensitive: caseInsensitive,
                                                     interruption: shell.interruption)
            return EvaluationReports.analogies(result, path: path)
        case (.some, .some):
            throw ShellError.usage(command: "evaluate", message: "give pairs= or analogies=, not both", offset: arguments.optionToken("analogies")?.offset)
        case (nil, nil):
            throw ShellError.usage(command: "evaluate", message: "give pairs=FILE or analogies=FILE", offset: nil)
        }
    }

    // MARK: Helpers

    /// `k=`: refused when the user asks for more than the table holds; the default is
    /// clamped to the table.
    private static func checkedK(_ arguments: Arguments, table: EmbeddingTable) throws(ShellError) -> Int {
        let k = arguments.int("k")!
        guard k <= table.rows else {
            guard let token = arguments.optionToken("k") else { return table.rows }
            throw .message("k=\(k) is larger than the table (\(table.rows) rows)", offset: token.offset)
        }
        return k
    }

    /// Runs a ranked query for one result more than wanted when the table is sized from a
    /// tokenizer, and drops its padding row (row 0 is no word).
    private static func ranked(_ table: EmbeddingTable, k: Int, _ query: (Int) throws -> [ScoredWord]) throws -> [ScoredWord] {
        guard table.labels?.first == TableCommands.paddingLabel else { return try query(k) }
        return Array(try query(min(k + 1, table.rows)).filter { $0.row != 0 }.prefix(k))
    }

    /// Runs `body`, turning unknown words into an error that points at the first of them.
    private static func wordErrors<T>(_ arguments: Arguments, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as EmbeddingError {
            if case .unknownWords(let words) = error, let first = words.first {
                throw ShellError.message(error.description, offset: arguments.offset(of: first.word))
            }
            throw ShellError.message(error.description, offset: nil)
        }
    }

    private static func scoredReport(_ results: [ScoredWord], title: String?) -> Report {
        let rows: [[Cell]] = results.enumerated().map { [.int($0.offset + 1), .text($0.element.word), .number(Double($0.element.score))] }
        var blocks: [Block] = title.map { [.text($0)] } ?? []
        blocks.append(.table(TextTable(headers: ["rank", "word", "score"], rows: rows)))
        return Report(blocks, json: .object([("results", .array(results.map {
            .object([("word", .string($0.word)), ("score", .float($0.score))])
        }))]))
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
