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

    static let table = CommandSpec(
        "table", group: .tables, summary: "create a rows×dim float32 lookup table (Keras Embedding initialisation)",
        positionals: [PositionalSpec("NAME", .name, help: "name of the new table")],
        options: [
            OptionSpec("rows", .int(1...EmbeddingTable.maxRows), help: "number of rows (input_dim)"),
            OptionSpec("vocab", .name, help: "size the table from this tokenizer and label its rows with its words",
                       completion: .object(.tokenizer)),
            OptionSpec("dim", .int(1...EmbeddingTable.maxDimension), help: "length of each vector (output_dim)"),
            OptionSpec("init", .choice(TableInit.allCases.map(\.rawValue)), default: "uniform",
                       help: "uniform(-scale, scale) as Keras, normal(0, scale), or zeros"),
            OptionSpec("scale", .double(0...1e6), default: "0.05", help: "range or standard deviation of the random values"),
            OptionSpec("seed", .int(0...Int.max), help: "random seed (default: the session's `set seed`)"),
        ],
        examples: ["table emb rows=1000 dim=16", "table emb vocab=tok dim=8 init=normal seed=7"]
    ) { session, arguments, shell in
        let name = arguments.positional("NAME")!
        guard let dim = arguments.int("dim") else {
            throw ShellError.usage(command: "table", message: "dim= is required", offset: nil)
        }
        var labels: [String]?
        let rows: Int
        switch (arguments.int("rows"), arguments.string("vocab")) {
        case (let count?, nil):
            rows = count
        case (nil, let tokenizerName?):
            let tokenizer = try session.tokenizer(tokenizerName)
            rows = tokenizer.config.numWords ?? tokenizer.wordIndexCount + 1
            try MemoryBudget.reserve([rows], elementSize: dim * MemoryLayout<Float>.size + bytesPerLabel,
                                     for: "a \(rows) × \(dim) table with a word per row",
                                     lower: "lower dim or num_words of \(tokenizerName)")
            labels = [paddingLabel] + (1 ..< rows).map { tokenizer.word(at: $0) ?? "<unused:\($0)>" }
        case (.some, .some):
            throw ShellError.usage(command: "table", message: "give rows= or vocab=, not both", offset: arguments.optionToken("vocab")?.offset)
        case (nil, nil):
            throw ShellError.usage(command: "table", message: "rows= or vocab= is required", offset: nil)
        }
        let initKind = arguments.choice("init", as: TableInit.self) ?? .uniform
        let made = try EmbeddingTable(rows: rows, dim: dim, init: initKind, scale: Float(arguments.double("scale") ?? 0.05),
                                      seed: UInt64(arguments.int("seed") ?? shell.settings.seed), labels: labels,
                                      interruption: shell.interruption)
        try session.insert(.table(made), as: name, remark: untrainedRemark)
        let summary = "created table \(name): \(rows)×\(dim) float32 (\(formatBytes(made.memoryBytes))), init \(initKind.rawValue)"
            + (labels == nil ? "" : ", row i = word index i of \(arguments.string("vocab")!), row 0 = padding")
        return .note(summary, json: .object([("created", .string(name)), ("kind", .string("table")),
                                             ("shape", .array([.int(rows), .int(dim)])), ("memory_bytes", .int(made.memoryBytes))]))
    }

    static let lookup = CommandSpec(
        "lookup", group: .tables, summary: "rows of a table by index, by word, or for texts through a tokenizer (via=)",
        positionals: [.object("TABLE", .table, help: "the table"),
                      PositionalSpec("ITEM", arity: .many, help: "row indices or words; with via=, quoted texts", completion: .word)],
        options: [OptionSpec("via", .name, help: "tokenize each ITEM with this tokenizer; texts are padded to the longest",
                             completion: .object(.tokenizer))],
        examples: ["lookup emb 1 2 3", "lookup vectors king queen", "lookup emb \"the cat sat\" via=tok"]
    ) { session, arguments, _ in
        let table = try session.table(arguments.positional("TABLE")!)
        let items = arguments.tokens("ITEM")
        if let tokenizerName = arguments.string("via") {
            let tokenizer = try session.tokenizer(tokenizerName)
            let sequences = try padSequences(tokenizer.textsToSequences(items.map(\.text)))
            for (sequence, item) in zip(sequences, items) {
                if let bad = sequence.first(where: { $0 >= table.rows }) {
                    throw ShellError.message("'\(tokenizer.word(at: bad) ?? "?")' has index \(bad) in \(tokenizerName), "
                                             + "but the table has only \(table.rows) rows", offset: item.offset)
                }
            }
            return LookupReport.make(table, sequences: sequences, texts: items.map(\.text), tokenizer: tokenizer)
        }
        let indices = try items.map { item throws(ShellError) in try rowIndex(of: item, in: table) }
        return LookupReport.make(table, indices: indices)
    }

    static let normalize = CommandSpec(
        "normalize", group: .tables, summary: "scale every row of a table to unit length (zero rows stay zero)",
        positionals: [.object("TABLE", .table, help: "the table")],
        examples: ["normalize vectors"]
    ) { session, arguments, _ in
        let name = arguments.positional("TABLE")!
        var table = try session.table(name)
        table.normalize()
        session.update(.table(table), as: name)
        return .note("normalized \(table.rows) rows of \(name)", json: .object([("normalized", .string(name)), ("rows", .int(table.rows))]))
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
        guard table.labels != nil else {
            throw .message("'\(item.text)' is not a row index, and the table has no word labels", offset: item.offset)
        }
        throw .message(EmbeddingError.unknownWords([UnknownWord(word: item.text, suggestions: table.suggestions(for: item.text))]).description,
                       offset: item.offset)
    }
}
