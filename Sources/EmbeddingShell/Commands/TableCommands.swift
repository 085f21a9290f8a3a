import EmbeddingKit

/// `table`, `lookup`, `normalize`: embedding tables as lookup matrices.
enum TableCommands {
    static let all = [table, lookup, normalize]

    /// Label of row 0 in tables sized from a tokenizer (Keras reserves index 0 for padding).
    static let paddingLabel = "<pad>"
    /// What `show` says of a table made by `table` (and `explain` reads: its values are not learned).
    /// Memory a row label takes at most (a String and its characters).
    static let bytesPerLabel = 48
    static let untrainedRemark = "initial values (not trained): similarities between its rows are arbitrary"

    private static let newName = Positional.one("NAME", .name, help: "name of the new table")
    private static let rowCount = Option.int("rows", 1...EmbeddingTable.maxRows, help: "number of rows (input_dim)",
                                             aliases: [.spelling("input_dim")])
    private static let vocab = Option.name("vocab", of: .tokenizer, help: "size the table from this tokenizer and label its rows with its words")
    private static let dim = Option.int("dim", 1...EmbeddingTable.maxDimension, help: "length of each vector (output_dim)",
                                        aliases: [.spelling("output_dim")])
    private static let initKind = Option.choice("init", default: TableInit.uniform,
                                                help: "uniform(-scale, scale) as Keras, normal(0, scale), or zeros")
    private static let scale = Option.double("scale", 0...1e6, default: 0.05, help: "range or standard deviation of the random values")

    static let table = CommandSpec(
        "table", group: .tables, summary: "create a rows×dim float32 lookup table (Keras Embedding initialisation)",
        positionals: [newName],
        options: [rowCount, vocab, dim, initKind, scale, CommonOptions.seed],
        examples: ["table emb rows=1000 dim=16", "table emb vocab=tok dim=8 init=normal seed=7"],
        jsonFields: ["created", "kind", "shape", "memory_bytes"]
    ) { session, arguments, context in
        let name = arguments[newName].text
        guard let dim = arguments[dim] else {
            throw ShellError.usage(command: "table", message: "dim= is required", offset: nil)
        }
        var labels: [String]?
        let rows: Int
        switch (arguments[rowCount], arguments[vocab]) {
        case (let count?, nil):
            rows = count
        case (nil, let tokenizerName?):
            let tokenizer = try session.textTokenizer(tokenizerName)
            rows = tokenizer.indexCount
            try MemoryBudget.reserve([rows], elementSize: dim * MemoryLayout<Float>.size + bytesPerLabel,
                                     for: "a \(rows) × \(dim) table with a word per row",
                                     lower: "lower dim or num_words of \(tokenizerName)")
            labels = [paddingLabel] + (1 ..< rows).map { tokenizer.word(at: $0) ?? "<unused:\($0)>" }
        case (.some, .some):
            throw ShellError.usage(command: "table", message: "give rows= or vocab=, not both", offset: arguments.token(of: vocab)?.offset)
        case (nil, nil):
            throw ShellError.usage(command: "table", message: "rows= or vocab= is required", offset: nil)
        }
        let initKind = arguments[initKind]
        let made = try EmbeddingTable(rows: rows, dim: dim, init: initKind, scale: Float(arguments[scale]),
                                      seed: UInt64(arguments[CommonOptions.seed] ?? context.settings.seed), labels: labels,
                                      interruption: context.interruption)
        try session.insert(.table(made), as: name, remark: untrainedRemark)
        let summary = "created table \(name): \(rows)×\(dim) float32 (\(formatBytes(made.memoryBytes))), init \(initKind.rawValue)"
            + (arguments[vocab].map { ", row i = word index i of \($0), row 0 = padding" } ?? "")
        return .note(summary, json: .object([("created", .string(name)), ("kind", .string("table")),
                                             ("shape", .array([.int(rows), .int(dim)])), ("memory_bytes", .int(made.memoryBytes))]))
    }

    /// The table a command works with, its first argument.
    private static let subject = Positional.object("TABLE", .table, help: "the table")
    private static let items = Positional.words("ITEM", arity: .many, help: "row indices or words; with via=, quoted texts",
                                                completion: .word)
    private static let via = Option.name("via", of: .tokenizer, help: "tokenize each ITEM with this tokenizer; texts are padded to the longest")

    static let lookup = CommandSpec(
        "lookup", group: .tables, summary: "rows of a table by index, by word, or for texts through a tokenizer (via=)",
        positionals: [subject, items],
        options: [via],
        examples: ["lookup emb 1 2 3", "lookup vectors king queen", "lookup emb \"the cat sat\" via=tok"],
        jsonFields: ["shape", "rows", "labels", "composed"],
        instead: [.model: "extract", .tokenizer: "tokenize"]
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let items = arguments[items]
        if let tokenizerName = arguments[via] {
            let tokenizer = try session.textTokenizer(tokenizerName)
            let sequences = try padSequences(tokenizer.textsToSequences(items.map(\.text)))
            for (sequence, item) in zip(sequences, items) {
                if let bad = sequence.first(where: { $0 >= table.rows }) {
                    throw ShellError.message("'\(tokenizer.word(at: bad) ?? "?")' has index \(bad) in \(tokenizerName), "
                                             + "but the table has only \(table.rows) rows", offset: item.offset)
                }
            }
            return LookupReport.make(table, sequences: sequences, texts: items.map(\.text), tokenizer: tokenizer)
        }
        let composed = ComposedWords.composed(items.map(\.text).filter { Int($0) == nil }, in: table)
        if !composed.isEmpty {
            let rows = try items.map { item throws(ShellError) -> (row: Int?, label: String, vector: [Float]) in
                if composed.contains(item.text), let vector = table.composedVector(item.text) { return (nil, item.text, vector) }
                let row = try rowIndex(of: item, in: table)
                return (row, LookupReport.label(of: row, in: table), try! table.row(row))
            }
            return ComposedWords.noted(LookupReport.make(rows, dim: table.dim), composed)
        }
        let indices = try items.map { item throws(ShellError) in try rowIndex(of: item, in: table) }
        return LookupReport.make(table, indices: indices)
    }

    static let normalize = CommandSpec(
        "normalize", group: .tables, summary: "scale every row of a table to unit length (zero rows stay zero)",
        positionals: [subject],
        examples: ["normalize vectors"],
        jsonFields: ["normalized", "rows"]
    ) { session, arguments, _ in
        let name = arguments[subject].text
        var table = try session.table(name)
        let hadIndex = table.neighborIndex != nil
        table.normalize()
        session.update(.table(table), as: name)
        return .note("normalized \(table.rows) rows of \(name)"
                     + (hadIndex ? " and dropped its index, which described the old rows ('index \(name)' builds a new one)" : ""),
                     json: .object([("normalized", .string(name)), ("rows", .int(table.rows))]))
    }

    /// A row by word label or, failing that, by integer index; errors name the item and
    /// suggest close labels.
    static func rowIndex(of item: Token, in table: EmbeddingTable) throws(ShellError) -> Int {
        if let i = table.index(of: item.text) { return i }
        if let i = Int(item.text) {
            guard i >= 0 && i < table.rows else {
                throw .message("row \(i) is out of range: the table has rows 0 to \(table.rows - 1)", offset: item.offset)
            }
            return i
        }
        guard table.hasLabels else {
            throw .message("'\(item.text)' is not a row index, and the table has no word labels", offset: item.offset)
        }
        throw .message(EmbeddingError.unknownWords([UnknownWord(word: item.text, suggestions: table.suggestions(for: item.text))]).description,
                       offset: item.offset)
    }
}
