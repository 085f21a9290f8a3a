import EmbeddingFormats
import EmbeddingKit

/// `tokenizer`, `fit`, `vocab`, `tokenize`, `detokenize`, `pad`, `matrix`: Keras
/// `Tokenizer` and `pad_sequences` in the shell; `fit`, `vocab`, `tokenize` and `matrix` take
/// a vectorizer too (see `VectorizerCommands`).
enum TokenizerCommands {
    static let all = [tokenizer, VectorizerCommands.vectorizer, fit, vocab, tokenize, detokenize, pad, matrix]

    /// The tokenizer a command works with, its first argument.
    private static let subject = Positional.object("NAME", .tokenizer, help: "the tokenizer or vectorizer")
    /// Texts to turn into sequences, one per argument.
    private static let texts = Positional.words("TEXT", arity: .many, help: "texts; quote each one", completion: .word)

    private static let newName = Positional.one("NAME", .name, help: "name of the new tokenizer")
    private static let numWords = Option.int("num_words", 1...EmbeddingTable.maxRows,
                                             help: "keep only the num_words-1 most frequent words in sequences")
    private static let oov = Option.text("oov", help: "token for out-of-vocabulary words; takes index 1",
                                         aliases: [.spelling("oov_token")])
    private static let lower = Option.bool("lower", default: true, help: "lowercase texts first")
    private static let filters = Option.text("filters", default: TokenizerConfig.defaultFilters,
                                             help: "characters replaced by the split character (punctuation, tab, newline)")
    private static let split = Option.text("split", default: " ", help: "word separator")
    private static let charLevel = Option.bool("char_level", help: "every character is a token")
    private static let kerasJSON = Option.path("from", help: "read a Keras Tokenizer's JSON (tokenizer.to_json()), fitted state and settings")

    static let tokenizer = CommandSpec(
        "tokenizer", group: .tokenizers, summary: "create an empty tokenizer (Keras Tokenizer defaults)",
        positionals: [newName],
        options: [numWords, oov, lower, filters, split, charLevel, kerasJSON],
        examples: ["tokenizer tok", "tokenizer tok num_words=1000 oov=<OOV>", "tokenizer tok from=tokenizer.json"],
        jsonFields: ["created", "kind"]
    ) { session, arguments, _ in
        let name = arguments[newName].text
        if let path = arguments[kerasJSON] {
            let settings: [any OptionDeclaration] = [numWords, oov, lower, filters, split, charLevel]
            if let given = settings.compactMap({ arguments.token(of: $0) }).first {
                throw ShellError.usage(command: "tokenizer", message: "tokenizer: from= takes every setting from the file",
                                       offset: given.offset)
            }
            let read: Tokenizer
            do { read = try KerasTokenizerJSON.read(path: path) } catch let error as KerasTokenizerJSONError {
                throw ShellError.message(error.description, offset: nil)
            }
            try session.insert(.tokenizer(read), as: name)
            return .note("created tokenizer \(name) from \(path): \(read.wordIndexCount) words, \(read.documentCount) documents",
                         json: .object([("created", .string(name)), ("kind", .string("tokenizer"))]))
        }
        let config = TokenizerConfig(numWords: arguments[numWords], filters: arguments[filters], lower: arguments[lower],
                                     split: arguments[split], charLevel: arguments[charLevel], oovToken: arguments[oov])
        let made: Tokenizer
        do { made = try Tokenizer(config: config) } catch {
            throw ShellError.message(String(describing: error), offset: arguments.token(of: split)?.offset)
        }
        try session.insert(.tokenizer(made), as: name)
        return .note("created tokenizer \(name)", json: .object([("created", .string(name)), ("kind", .string("tokenizer"))]))
    }

    private static let documents = Positional.words("TEXT", arity: .any, help: "documents; quote each one")
    private static let file = Option.path("file", help: "corpus file, read as a stream")
    private static let format = Option.choice("format", default: CorpusFormat.lines,
                                              help: "lines: a document per line; tsv: one column; fasttext: text after __label__ tags")
    private static let column = Option.int("column", 1...Int.max, default: 1, help: "the TSV column holding the text (1-based)")
    private static let skipBad = Option.bool("skip_bad", help: "skip and count malformed lines instead of failing")

    static let fit = CommandSpec(
        "fit", group: .tokenizers, summary: "fit a tokenizer on texts (one document per argument) or on a file; a vectorizer learns a new vocabulary (adapt)",
        positionals: [subject, documents],
        options: [file, format, column, skipBad],
        examples: ["fit tok \"the cat sat\" \"the dog ran\"", "fit tok file=corpus.txt", "fit tok file=reviews.tsv format=tsv column=2"],
        jsonFields: ["documents", "new_words", "vocab_size", "document_count", "file", "lines", "words", "skipped_lines",
                     "first_invalid_utf8_line", "tokens"],
        instead: [.model: "train"]
    ) { session, arguments, context in
        let name = arguments[subject].text
        let texts = arguments[documents].map(\.text)
        var corpus: CorpusReader?
        if let path = arguments[file] {
            guard texts.isEmpty else {
                throw ShellError.usage(command: "fit", message: "give texts or file=, not both", offset: arguments[documents].first?.offset)
            }
            corpus = try CorpusReader(path: path, format: arguments[format], column: arguments[column], skipBad: arguments[skipBad])
        } else if texts.isEmpty {
            throw ShellError.usage(command: "fit", message: "give at least one text, or file=PATH", offset: nil)
        }
        if case .vectorizer(let vectorizer) = try session.object(name, kind: .tokenizer) {
            return try VectorizerCommands.fit(&session, name: name, vectorizer, texts: texts, corpus: corpus, context: context)
        }
        var tokenizer = try session.tokenizer(name)
        let before = (tokenizer.documentCount, tokenizer.vocabularySize)
        var fields: [(String, JSON)] = []
        var warnings: [Block] = []
        if let corpus {
            let path = corpus.path
            let report = try TokenizerFileFit.fit(&tokenizer, corpus: corpus, threads: context.settings.threads,
                                                  interruption: context.interruption)
            fields += [("file", .string(path)), ("lines", .int(report.lines)), ("words", .int(report.words)),
                       ("skipped_lines", .int(report.skippedLines)),
                       ("first_invalid_utf8_line", report.firstInvalidUTF8Line.map { .int($0) } ?? .null)]
            warnings += fileWarnings(report, path: path)
        } else {
            try tokenizer.fit(texts: texts)
        }
        let documents = tokenizer.documentCount - before.0
        let added = tokenizer.vocabularySize - before.1
        session.update(.tokenizer(tokenizer), as: name)
        fields = [("documents", .int(documents)), ("new_words", .int(added)), ("vocab_size", .int(tokenizer.vocabularySize)),
                  ("document_count", .int(tokenizer.documentCount))] + fields
        let summary = "fitted \(name) on \(documents) document\(documents == 1 ? "" : "s"): "
            + "\(tokenizer.vocabularySize) words in the vocabulary (\(added) new), \(tokenizer.documentCount) document\(tokenizer.documentCount == 1 ? "" : "s") in all"
        return Report(warnings + [.note(summary)], json: .object(fields))
    }

    /// Warnings about the lines of a file a tokenizer was fitted on.
    static func fileWarnings(_ report: FitReport, path: String) -> [Block] {
        var warnings: [Block] = []
        if report.skippedLines > 0 {
            warnings.append(.warning("skipped \(report.skippedLines) malformed line\(report.skippedLines == 1 ? "" : "s")"))
        }
        if let line = report.firstInvalidUTF8Line {
            warnings.append(.warning("invalid UTF-8 replaced with U+FFFD (first at \(path):\(line))"))
        }
        return warnings
    }

    private static let top = Option.int("top", 0...Int.max, help: "show only the first N entries (default: all)")

    static let vocab = CommandSpec(
        "vocab", group: .tokenizers, summary: "the word index: index, word, count, docs (most frequent first)",
        positionals: [subject],
        options: [top],
        examples: ["vocab tok", "vocab tok top=20"],
        jsonFields: ["words[].word", "words[].index", "words[].count", "words[].docs", "document_count"]
    ) { session, arguments, _ in
        if case .vectorizer(let vectorizer) = try session.object(arguments[subject].text, kind: .tokenizer) {
            return VectorizerCommands.vocab(vectorizer, top: arguments[top])
        }
        let tokenizer = try session.tokenizer(arguments[subject].text)
        let shown = min(arguments[top] ?? tokenizer.wordIndexCount, tokenizer.wordIndexCount)
        // Index 1 has no word when the OOV token is also a fitted word (Keras), so the first
        // `shown` entries may reach index shown + 1.
        let entries = (1 ..< shown + 2).compactMap { i in
            tokenizer.word(at: i).map { (index: i, word: $0, count: tokenizer.count(at: i), docs: tokenizer.documentFrequency(at: i)) }
        }.prefix(shown)
        let rows: [[Cell]] = entries.map { [.int($0.index), .text($0.word), .int($0.count), .int($0.docs)] }
        let json = JSON.object([
            ("words", .array(entries.map { .object([("word", .string($0.word)), ("index", .int($0.index)),
                                                    ("count", .int($0.count)), ("docs", .int($0.docs))]) })),
            ("document_count", .int(tokenizer.documentCount)),
        ])
        var blocks: [Block] = [.table(TextTable(headers: ["index", "word", "count", "docs"], rows: rows))]
        if shown < tokenizer.wordIndexCount { blocks.append(.text("(\(shown) of \(tokenizer.wordIndexCount) entries)")) }
        return Report(blocks, json: json)
    }

    static let tokenize = CommandSpec(
        "tokenize", group: .tokenizers,
        summary: "texts to index sequences (texts_to_sequences), optionally padded; a vectorizer gives its layer output",
        positionals: [subject, texts],
        options: PaddingOptions.all,
        examples: ["tokenize tok \"the cat sat\"", "tokenize tok \"the cat\" \"a dog ran off\" maxlen=4 padding=post"],
        jsonFields: ["sequences", "matrix", "mode", "shape", "matrix_bytes", "sequence_bytes", "padded_sequence_bytes"],
        instead: [.model: "predict"]
    ) { session, arguments, _ in
        let name = arguments[subject].text
        let texts = arguments[texts].map(\.text)
        if case .vectorizer(let vectorizer) = try session.object(name, kind: .tokenizer) {
            if let given = PaddingOptions.all.compactMap({ arguments.token(of: $0) }).first {
                throw ShellError.usage(command: "tokenize", message: "tokenize: \(name) is a vectorizer, which pads to its "
                    + "output_sequence_length (or the longest text); padding options are for Keras tokenizers", offset: given.offset)
            }
            return try VectorizerCommands.tokenize(vectorizer, name: name, texts: texts)
        }
        let tokenizer = try session.tokenizer(name)
        var sequences = tokenizer.textsToSequences(texts)
        let padded = PaddingOptions.requested(arguments)
        if padded { sequences = try PaddingOptions.pad(sequences, arguments) }
        let rows: [[Cell]] = zip(texts, sequences).map { [.text($0), .text(SequenceText.format($1))] }
        var blocks: [Block] = [.table(TextTable(headers: ["text", "sequence"], rows: rows))]
        if padded { blocks.append(.text("shape (\(sequences.count), \(sequences.first?.count ?? 0))")) }
        return Report(blocks, json: .object([("sequences", SequenceText.json(sequences))]))
    }

    private static let indices = Positional.words("INDEX", arity: .many, help: "indices of one sequence, or sequences written 1,2,3")

    static let detokenize = CommandSpec(
        "detokenize", group: .tokenizers, summary: "index sequences back to texts (sequences_to_texts: 0 and indices without a word become the OOV token, or are skipped)",
        positionals: [subject, indices],
        examples: ["detokenize tok 1 4 2", "detokenize tok 1,4,2 3,5"],
        jsonFields: ["texts"]
    ) { session, arguments, _ in
        let name = arguments[subject].text
        let tokenizer = try session.tokenizer(name)
        let sequences = try SequenceText.parseArguments(arguments[indices])
        let texts = tokenizer.sequencesToTexts(sequences)
        let rows: [[Cell]] = zip(sequences, texts).map { [.text(SequenceText.format($0)), .text($1)] }
        return Report([.table(TextTable(headers: ["sequence", "text"], rows: rows))]
                      + TokenizerReports.wordlessIndices(tokenizer.indicesWithoutWord(sequences), tokenizer: tokenizer, name: name),
                      json: .object([("texts", .array(texts.map { .string($0) }))]))
    }

    private static let sequences = Positional.words("SEQ", arity: .many, help: "sequences written 1,2,3 (empty: [])")

    static let pad = CommandSpec(
        "pad", group: .tokenizers, summary: "pad or truncate sequences to one length (pad_sequences)",
        positionals: [sequences],
        options: PaddingOptions.all,
        examples: ["pad 1,2,3 4,5 maxlen=4", "pad 1,2,3 [] 7 padding=post truncating=post maxlen=2"],
        jsonFields: ["sequences"]
    ) { _, arguments, _ in
        let tokens = arguments[sequences]
        let sequences = try tokens.map { token in try SequenceText.parse(token) }
        let padded = try PaddingOptions.pad(sequences, arguments)
        let rows: [[Cell]] = zip(sequences, padded).map { [.text(SequenceText.format($0)), .text(SequenceText.format($1))] }
        return Report([.table(TextTable(headers: ["sequence", "padded"], rows: rows)),
                       .text("shape (\(padded.count), \(padded.first?.count ?? 0))")],
                      json: .object([("sequences", SequenceText.json(padded))]))
    }

    private static let mode = Option.choice("mode", default: MatrixMode.binary,
                                            help: "binary: 1 if present; count; freq: count / length; tfidf")

    static let matrix = CommandSpec(
        "matrix", group: .tokenizers,
        summary: "texts as a one-hot / bag-of-words matrix (texts_to_matrix, or a vectorizer's multi_hot/count/tf_idf output), with its size",
        positionals: [subject, texts],
        options: [mode],
        examples: ["matrix tok \"the cat sat\" \"the dog\"", "matrix tok \"the cat\" mode=tfidf"],
        jsonFields: ["matrix", "mode", "shape", "matrix_bytes", "sequence_bytes", "padded_sequence_bytes"]
    ) { session, arguments, _ in
        let name = arguments[subject].text
        let texts = arguments[texts].map(\.text)
        if case .vectorizer(let vectorizer) = try session.object(name, kind: .tokenizer) {
            if let given = arguments.token(of: mode) {
                throw ShellError.usage(command: "matrix", message: "matrix: \(name) is a vectorizer, whose output_mode sets the "
                    + "matrix; mode= is for Keras tokenizers", offset: given.offset)
            }
            return try VectorizerCommands.matrix(vectorizer, name: name, texts: texts)
        }
        let tokenizer = try session.tokenizer(name)
        let mode = arguments[mode]
        // The report holds every cell (its JSON is the dense matrix): checked before the matrix is made.
        let width = try tokenizer.matrixWidth()
        try Report.reserveCells(texts.count, width, of: "a \(texts.count) × \(width) matrix", lower: "give fewer texts or set num_words")
        let matrix = try tokenizer.textsToMatrix(texts, mode: mode)
        let footprint = MatrixFootprint(sequences: tokenizer.textsToSequences(texts), columns: matrix.columns)
        return MatrixReport.make(matrix, texts: texts, mode: mode.rawValue, footprint: footprint) { column in
            column == 0 ? "0" : "\(column):\(tokenizer.word(at: column) ?? "?")"
        }
    }
}
