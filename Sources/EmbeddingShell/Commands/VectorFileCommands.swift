import EmbeddingFormats
import EmbeddingKit

/// `import`, `export`: tables from and to the vector files of other tools.
enum VectorFileCommands {
    static let all = [importVectors, exportVectors]

    /// Format names as usage lines show them, and their other spellings (accepted, not shown).
    static let formatNames = VectorFormat.allCases.map(\.rawValue)
    static let formatAliases = VectorFormat.aliases.keys.sorted()

    static let wordsHelp = "words file of tsv and npy vectors, one word per line (default: FILE's companion: "
        + "vectors.tsv or vectors.npy → metadata.tsv, NAME.tsv or NAME.npy → NAME-metadata.tsv)"

    private static let newName = Positional.one("NAME", .name, help: "name of the new table")
    private static let source = Positional.one("FILE", .path, help: "the vectors file (a regular file; a line of a text file may "
                                                   + "take at most 64 bytes per value plus 64 KiB)")
    private static let format = Option.choice("format", among: ["auto"] + formatNames, also: formatAliases, default: "auto",
                                              help: "auto: recognised from the content (word2vec text or binary, GloVe, fastText .vec, "
                                                  + "Embedding Projector TSV, NumPy .npy, fastText model .bin)")
    private static let limit = Option.int("limit", 1...Int.max, help: "read only the first N vectors (gensim's limit)")
    private static let allowNonFinite = Option.bool("allow_nonfinite", help: "keep vectors holding NaN or infinity instead of refusing the file")
    private static let skipBad = Option.bool("skip_bad", help: "text files: skip a line with the wrong count of values, a value that is "
                                                 + "not a number or too many bytes, with a warning naming it, instead of refusing the file")
    private static let words = Option.path("words", help: wordsHelp)

    static let importVectors = CommandSpec(
        "import", group: .tables, summary: "read vectors written by other tools into a new table labelled by their words",
        positionals: [newName, source],
        options: [format, limit, allowNonFinite, skipBad, words, CommonOptions.replace],
        examples: ["import glove glove.6B.100d.txt", "import glove glove.6B.300d.txt replace=true",
                   "import crawl crawl-300d.vec skip_bad=true",
                   "import w2v GoogleNews-vectors-negative300.bin limit=200000", "import proj vectors.tsv format=tsv",
                   "import np emb.npy words=vocab.txt", "import cc cc.en.300.bin format=fasttext-bin"],
        jsonFields: ["imported", "file", "format", "rows", "dim", "memory_bytes", "warnings"]
    ) { session, arguments, context in
        let name = arguments[newName].text, path = arguments[source].text
        let replace = arguments[CommonOptions.replace]
        if session.contains(name), !replace {
            throw ShellError.message("a \(try session.object(name).kind.rawValue) named '\(name)' already exists "
                                     + "(drop it, rename it, or import with replace=true)", offset: arguments[newName].offset)
        }
        let requested = VectorFormat(name: arguments[format])
        let (format, result) = try readFailures(path) {
            let format = try requested ?? VectorFileReader.detectFormat(path: path)
            try checkWordsOption(arguments, format: format)
            return (format, try VectorFileReader.read(path: path, format: format, words: arguments[words], limit: arguments[limit],
                                                      allowNonFinite: arguments[allowNonFinite], skipBad: arguments[skipBad],
                                                      interruption: context.interruption))
        }
        let table = result.table
        let replaced = session.contains(name), hadIndex = replaced && (try? session.table(name))?.neighborIndex != nil
        try session.insert(.table(table), as: name, replace: replace)
        let warnings = result.warnings.map(\.description)
        let subwords = table.subwords.map {
            ", with \($0.settings.bucket) n-gram vectors (\($0.settings.minn)–\($0.settings.maxn) characters, \(formatBytes($0.memoryBytes))) "
                + "for words outside it"
        }
        let summary = "imported \(name)\(replaced ? " (replacing the old one\(hadIndex ? " and its index" : ""))" : "") from \(path) (\(format.title)): "
            + "\(table.rows)×\(table.dim) float32, \(formatBytes(table.memoryBytes))" + (subwords ?? "")
            + (warnings.isEmpty ? "" : ", \(warnings.count) warning\(warnings.count == 1 ? "" : "s")")
        return Report(warnings.map { .warning("\(path): \($0)") } + [.note(summary)], json: .object([
            ("imported", .string(name)), ("file", .string(path)), ("format", .string(format.rawValue)),
            ("rows", .int(table.rows)), ("dim", .int(table.dim)), ("memory_bytes", .int(table.memoryBytes)),
            ("warnings", .array(warnings.map { .string($0) })),
        ]))
    }

    private static let table = Positional.object("NAME", nil, help: "the table, or a tokenizer (written as Keras Tokenizer JSON)")
    private static let target = Positional.one("FILE", .path, help: "the file to write; an old file is replaced only once the new one is complete")
    private static let exportFormat = Option.choice("format", among: formatNames, also: formatAliases,
                                                    help: "default: by FILE's extension (.bin word2vec-bin, or fasttext-bin for a table "
                                                        + "with n-gram vectors; .vec fasttext, .tsv tsv, .npy npy), else word2vec; "
                                                        + "tsv and npy also write the words file")

    static let exportVectors = CommandSpec(
        "export", group: .tables, summary: "write a table as a vector file, or a tokenizer as Keras Tokenizer JSON (replaced atomically)",
        positionals: [table, target],
        options: [exportFormat, words],
        examples: ["export vectors vectors.txt", "export vectors vectors.bin format=word2vec-bin",
                   "export vectors vectors.tsv", "export vectors emb.npy words=vocab.txt", "export tok tokenizer.json",
                   "export ft model.bin format=fasttext-bin"],
        jsonFields: ["exported", "file", "format", "rows", "dim", "bytes", "words_file", "replaced"]
    ) { session, arguments, context in
        let name = arguments[table].text, path = arguments[target].text
        if session.contains(name), case .tokenizer(let tokenizer) = try session.object(name) {
            return try exportTokenizer(tokenizer, name: name, path: path, arguments: arguments)
        }
        if session.contains(name), case .vectorizer = try session.object(name) {
            throw ShellError.message("export: '\(name)' is a vectorizer (Keras TextVectorization); export writes tables, "
                + "and tokenizers as Keras Tokenizer JSON", offset: arguments[table].offset)
        }
        let table = try session.table(name)
        let suggested = VectorFormat.suggested(byName: path).map { $0 == .word2vecBinary && table.subwords != nil ? .fasttextBin : $0 }
        let format = arguments[exportFormat].flatMap(VectorFormat.init(name:)) ?? suggested ?? .word2vec
        try checkWordsOption(arguments, format: format)
        let written: VectorFileWriter.Written
        do {
            written = try VectorFileWriter.write(table, to: path, format: format, words: arguments[words], interruption: context.interruption)
        } catch let error as AtomicFileError {
            throw ShellError.message(error.description + (format.hasWordsFile ? " (no file was changed)" : " (any existing file is unchanged)"),
                                     offset: nil)
        } catch let error as PartialReplaceError {
            throw ShellError.message(error.description, offset: nil)
        }
        let wordsFile = written.files.dropFirst().first
        let links = zip(written.files, written.replaced).filter { $0 != $1 }
            .map { "; \($0) is a symbolic link: replaced the file it leads to, \($1)" }
        let summary = "exported \(name) (\(table.rows)×\(table.dim)) to \(path) as \(format.title), \(formatBytes(written.bytes))"
            + (wordsFile.map { ", words in \($0)" } ?? "") + links.joined()
        return .note(summary, json: .object([
            ("exported", .string(name)), ("file", .string(path)), ("format", .string(format.rawValue)),
            ("rows", .int(table.rows)), ("dim", .int(table.dim)), ("bytes", .int(written.bytes)),
            ("words_file", wordsFile.map { .string($0) } ?? .null),
            ("replaced", .array(written.replaced.map { .string($0) })),
        ]))
    }

    /// `words=` names the words file of TSV and `.npy` vectors; other formats hold their words.
    static func checkWordsOption(_ arguments: Arguments, format: VectorFormat) throws(ShellError) {
        if let token = arguments.token(of: words), !format.hasWordsFile {
            throw .usage(command: arguments.spec.name, message: "words= applies to tsv and npy only (\(format.title) holds its words)",
                         offset: token.offset)
        }
    }

    /// Runs a read, naming the file in messages that do not already name it.
    static func readFailures<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VectorReadError {
            throw ShellError.message(error.path == nil ? "\(path): \(error)" : error.description, offset: nil)
        }
    }

    /// Writes `tokenizer` as Keras's `Tokenizer.to_json()` does, for `tokenizer_from_json`.
    private static func exportTokenizer(_ tokenizer: Tokenizer, name: String, path: String, arguments: Arguments) throws -> Report {
        if let token = arguments.token(of: exportFormat) ?? arguments.token(of: words) {
            throw ShellError.usage(command: "export", message: "export: a tokenizer is written as Keras Tokenizer JSON; "
                                   + "format= and words= apply to tables", offset: token.offset)
        }
        let bytes = Array(KerasTokenizerJSON.encode(tokenizer).utf8)
        let replaced: String
        do {
            replaced = try AtomicFile.write(to: path) { descriptor in
                try bytes.withUnsafeBytes { try AtomicFile.writeAll(descriptor, $0, path: path) }
            }
        } catch let error as AtomicFileError {
            throw ShellError.message(error.description + " (any existing file is unchanged)", offset: nil)
        }
        let link = replaced == path ? "" : "; \(path) is a symbolic link: replaced the file it leads to, \(replaced)"
        return .note("exported tokenizer \(name) (\(tokenizer.wordIndexCount) words) to \(path) as Keras Tokenizer JSON, "
                     + formatBytes(bytes.count) + link,
                     json: .object([("exported", .string(name)), ("file", .string(path)), ("format", .string("keras-tokenizer")),
                                    ("rows", .int(tokenizer.wordIndexCount)), ("bytes", .int(bytes.count)),
                                    ("replaced", .array([.string(replaced)]))]))
    }
}
