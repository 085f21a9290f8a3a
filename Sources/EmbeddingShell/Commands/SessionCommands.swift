/// `ls`, `show`, `drop`, `rename`: the session's objects.
enum SessionCommands {
    static let all = [ls, show, drop, rename]

    static let ls = CommandSpec(
        "ls", group: .shell, summary: "list the session's objects: name, kind, shape, memory",
        examples: ["ls"],
        jsonFields: ["objects[].name", "objects[].kind", "objects[].shape", "objects[].memory_bytes"]
    ) { session, _, _ in
        let objects = session.names.map { ($0, try! session.object($0)) }
        let rows: [[Cell]] = objects.map { name, object in
            [.text(name), .text(object.kind.rawValue), .text(object.shape), .text(formatBytes(object.memoryBytes))]
        }
        let json = JSON.object([("objects", .array(objects.map { name, object in
            .object([("name", .string(name)), ("kind", .string(object.kind.rawValue)),
                     ("shape", .string(object.shape)), ("memory_bytes", .int(object.memoryBytes))])
        }))])
        if rows.isEmpty { return Report([.note("(no objects; create one with 'tokenizer', 'table', 'import' or 'word2vec')")], json: json) }
        return Report([.table(TextTable(headers: ["name", "kind", "shape", "memory"], rows: rows))], json: json)
    }

    private static let described = Positional.object("NAME", nil, help: "the object to describe")

    static let show = CommandSpec(
        "show", group: .shell, summary: "everything about one object: configuration, shape, statistics",
        positionals: [described],
        examples: ["show tok"],
        jsonFields: ["name", "kind", "config.num_words", "config.oov_token", "config.lower", "config.filters",
                     "config.split", "config.char_level", "document_count", "vocab_size", "word_index_size",
                     "top_words[].word", "top_words[].count", "shape", "memory_bytes", "labelled", "min_norm", "mean_norm",
                     "max_norm", "zero_rows", "non_finite_rows", "note", "layers[].name", "layers[].type",
                     "layers[].output_shape", "layers[].params", "total_params", "trainable_params", "non_trainable_params",
                     "config.max_tokens", "config.standardize", "config.ngrams", "config.output_mode",
                     "config.output_sequence_length", "config.pad_to_max_tokens",
                     "config.min_count", "config.threshold", "config.scoring", "config.delimiter", "config.connectors",
                     "config.max_vocab_size", "config.passes", "passes[].words", "passes[].entries", "passes[].phrase_count",
                     "passes[].phrases[].phrase", "passes[].phrases[].count", "passes[].phrases[].score",
                     "index.method", "index.m", "index.ef_construction", "index.ef", "index.rerank", "index.indexed_rows",
                     "index.bytes", "unverified_bytes", "damaged"]
    ) { session, arguments, context in
        let name = arguments[described].text
        var report = try session.object(name).details(name: name, settings: context.settings)
        if let remark = session.remark(name) {
            report.blocks.append(.text("note: " + remark))
            if case .object(let fields) = report.json { report.json = .object(fields + [("note", .string(remark))]) }
        }
        return report
    }

    private static let dropped = Positional.words("NAME", .name, arity: .many, help: "objects to remove", completion: .object(nil))

    static let drop = CommandSpec(
        "drop", group: .shell, summary: "remove objects from the session",
        positionals: [dropped],
        examples: ["drop tok vectors"],
        jsonFields: ["dropped"]
    ) { session, arguments, _ in
        let names = arguments[dropped].map(\.text)
        for name in names { try session.drop(name) }
        return .note("dropped " + names.joined(separator: ", "), json: .object([("dropped", .array(names.map { .string($0) }))]))
    }

    private static let oldName = Positional.object("OLD", nil, help: "current name")
    private static let newName = Positional.one("NEW", .name, help: "new name")

    static let rename = CommandSpec(
        "rename", group: .shell, summary: "give an object a new name",
        positionals: [oldName, newName],
        examples: ["rename tok words"],
        jsonFields: ["renamed", "to"]
    ) { session, arguments, _ in
        let old = arguments[oldName].text, new = arguments[newName].text
        try session.rename(old, to: new)
        return .note("renamed \(old) to \(new)", json: .object([("renamed", .string(old)), ("to", .string(new))]))
    }
}

/// `1.5 MiB`, `640 B`.
func formatBytes(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
    return unit == 0 ? "\(bytes) B" : formatFixed(value, digits: value < 10 ? 2 : 1) + " " + units[unit]
}
