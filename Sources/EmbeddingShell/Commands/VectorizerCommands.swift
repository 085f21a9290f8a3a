import EmbeddingFormats
import EmbeddingKit

/// `vectorizer`: Keras 3 `TextVectorization` as a second kind of tokenizer, and what `fit`,
/// `vocab`, `tokenize` and `matrix` do when their tokenizer is one (see `TokenizerCommands`).
enum VectorizerCommands {
    private static let newName = Positional.one("NAME", .name, help: "name of the new vectorizer")
    private static let maxTokens = Option.int("max_tokens", 2...TextVectorizerConfig.maxTokensLimit,
                                              help: "vocabulary size, '' and '[UNK]' included (default: every token)")
    private static let standardize = Option.choice("standardize", default: TextVectorizerConfig.Standardize.lowerAndStripPunctuation,
                                                   help: "lowercase ASCII letters and/or drop ASCII punctuation (none: as is)")
    private static let split = Option.choice("split", default: TextVectorizerConfig.Split.whitespace,
                                             help: "whitespace: runs of ASCII spaces; character: every Unicode scalar")
    private static let ngrams = Option.text("ngrams", help: "N: the 1- to N-grams; or the widths, such as 1,2 or (2,3)")
    private static let outputMode = Option.choice("output_mode", default: TextVectorizerConfig.OutputMode.int,
                                                  help: "int: index sequences; multi_hot, count, tf_idf: a matrix")
    private static let sequenceLength = Option.int("output_sequence_length", 1...SequenceLimits.maxLength,
                                                   help: "int mode: pad (at the end) or cut every sequence to this length")
    private static let padToMaxTokens = Option.bool("pad_to_max_tokens", help: "matrix modes: max_tokens columns even when fewer tokens were learned")

    static let vectorizer = CommandSpec(
        "vectorizer", group: .tokenizers,
        summary: "create a Keras TextVectorization layer: a tokenizer to fit, vocab, tokenize and use wherever a tokenizer goes",
        positionals: [newName],
        options: [maxTokens, standardize, split, ngrams, outputMode, sequenceLength, padToMaxTokens],
        examples: ["vectorizer vec", "vectorizer vec max_tokens=10000 output_sequence_length=40",
                   "vectorizer bag output_mode=tf_idf ngrams=2 max_tokens=5000"],
        jsonFields: ["created", "kind"],
        details: """
        Keras 3 semantics: standardize lowercases ASCII letters only (tf.strings.lower) and drops \
        ASCII punctuation; split=whitespace splits on ASCII whitespace; n-grams are joined by a space. \
        fit learns a new vocabulary each time (Keras adapt()): tokens by count, ties by their bytes, \
        both descending, cut to max_tokens. In int mode index 0 is '' (padding) and 1 is '[UNK]'; \
        in the matrix modes '[UNK]' is column 0. tf_idf weighs a count by log(1 + documents / (1 + \
        documents holding the token)), '[UNK]' by the mean weight.
        """
    ) { session, arguments, _ in
        let name = arguments[newName].text
        var widths: [Int]?
        if let text = arguments[ngrams] {
            widths = try ngramWidths(text, offset: arguments.token(of: ngrams)?.offset ?? 0)
        }
        let config = TextVectorizerConfig(maxTokens: arguments[maxTokens], standardize: arguments[standardize], split: arguments[split],
                                          ngrams: widths, outputMode: arguments[outputMode],
                                          outputSequenceLength: arguments[sequenceLength], padToMaxTokens: arguments[padToMaxTokens])
        let made: TextVectorizer
        do throws(TextVectorizerError) { made = try TextVectorizer(config: config) } catch {
            throw ShellError.message(error.description, offset: arguments.token(of: culprit(error))?.offset)
        }
        try session.insert(.vectorizer(made), as: name)
        return .note("created vectorizer \(name) (output_mode \(config.outputMode.rawValue)); fit it on texts next",
                     json: .object([("created", .string(name)), ("kind", .string("vectorizer"))]))
    }

    /// The option a configuration error is about, for the caret.
    private static func culprit(_ error: TextVectorizerError) -> any OptionDeclaration {
        switch error {
        case .invalidMaxTokens: maxTokens
        case .padNeedsMaxTokens: padToMaxTokens
        case .sequenceLengthOutsideIntMode, .invalidSequenceLength: sequenceLength
        default: ngrams
        }
    }

    /// `ngrams=2` (widths 1 and 2, as Keras's integer) or a list of widths `1,3`, `(1, 3)`, `[2]`.
    static func ngramWidths(_ text: String, offset: Int) throws(ShellError) -> [Int] {
        let bad = ShellError.badValue(command: "vectorizer", option: "ngrams", token: text,
                                      expected: "an integer 1 to \(TextVectorizerConfig.maxNgramWidth), or a list of them such as 1,2",
                                      offset: offset)
        let isList = text.contains(",") || text.hasPrefix("(") || text.hasPrefix("[")
        let inner = text.trimmingCharacters(in: ["(", ")", "[", "]", " "])
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: [" "]) }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, !numbers.isEmpty,
              numbers.allSatisfy({ (1 ... TextVectorizerConfig.maxNgramWidth).contains($0) }) else { throw bad }
        return isList ? numbers : Array(1 ... numbers[0])
    }

    // MARK: Tokenizer commands on a vectorizer

    /// `fit`: a new vocabulary from the texts or the file (Keras `adapt`).
    static func fit(_ session: inout Session, name: String, _ vectorizer: TextVectorizer, texts: [String], corpus: CorpusReader?,
                    context: CommandContext) throws -> Report {
        var vectorizer = vectorizer
        var fields: [(String, JSON)] = []
        var warnings: [Block] = []
        let documents: Int, tokens: Int
        do {
            if let corpus {
                let report = try TokenizerFileFit.adapt(&vectorizer, corpus: corpus, threads: context.settings.threads,
                                                        interruption: context.interruption)
                (documents, tokens) = (report.documents, report.words)
                fields += [("file", .string(corpus.path)), ("lines", .int(report.lines)), ("words", .int(report.words)),
                           ("skipped_lines", .int(report.skippedLines)),
                           ("first_invalid_utf8_line", report.firstInvalidUTF8Line.map { .int($0) } ?? .null)]
                warnings += TokenizerCommands.fileWarnings(report, path: corpus.path)
            } else {
                var adapter = vectorizer.makeAdapter()
                for text in texts { adapter.add(text) }
                vectorizer = try adapter.finish()
                (documents, tokens) = (adapter.documents, adapter.tokens)
            }
        } catch let error as TextVectorizerError {
            throw ShellError.message("fit \(name): \(error)", offset: nil)
        }
        if tokens == 0 {
            warnings.append(.warning("no token in \(documents) document\(documents == 1 ? "" : "s"): the vocabulary is unchanged (as Keras's adapt)"))
        }
        session.update(SessionObject.vectorizer(vectorizer), as: name)
        let summary = "fitted \(name) on \(documents) document\(documents == 1 ? "" : "s") (\(tokens) tokens): "
            + "\(vectorizer.vocabularySize) entries in the vocabulary, \(vectorizer.learnedCount) learned"
        return Report(warnings + [.note(summary)],
                      json: .object([("documents", .int(documents)), ("tokens", .int(tokens)),
                                     ("vocab_size", .int(vectorizer.vocabularySize)),
                                     ("document_count", .int(vectorizer.documentCount))] + fields))
    }

    /// `vocab`: `get_vocabulary()` with each token's count and documents in the adapted texts.
    static func vocab(_ vectorizer: TextVectorizer, top: Int?) -> Report {
        let vocabulary = vectorizer.vocabulary
        let shown = min(top ?? vocabulary.count, vocabulary.count)
        let entries = vocabulary.prefix(shown).enumerated().map { index, token in
            (index: index, word: token, count: vectorizer.count(at: index), docs: vectorizer.documentFrequency(at: index))
        }
        let rows: [[Cell]] = entries.map { [.int($0.index), .text(Self.shown($0.word)), .int($0.count), .int($0.docs)] }
        var blocks: [Block] = [.table(TextTable(headers: ["index", "word", "count", "docs"], rows: rows))]
        if shown < vocabulary.count { blocks.append(.text("(\(shown) of \(vocabulary.count) entries)")) }
        let json = JSON.object([
            ("words", .array(entries.map { .object([("word", .string($0.word)), ("index", .int($0.index)),
                                                    ("count", .int($0.count)), ("docs", .int($0.docs))]) })),
            ("document_count", .int(vectorizer.documentCount)),
        ])
        return Report(blocks, json: json)
    }

    /// `tokenize`: the layer's output for the texts as one batch: padded sequences in int
    /// mode, the matrix otherwise.
    static func tokenize(_ vectorizer: TextVectorizer, name: String, texts: [String]) throws -> Report {
        guard vectorizer.config.outputMode == .int else { return try matrix(vectorizer, name: name, texts: texts) }
        let sequences: [[Int]]
        do { sequences = try vectorizer.intOutput(texts) } catch { throw ShellError.message("\(name): \(error)", offset: nil) }
        let rows: [[Cell]] = zip(texts, sequences).map { [.text($0), .text(SequenceText.format($1))] }
        return Report([.table(TextTable(headers: ["text", "sequence"], rows: rows)),
                       .text("shape (\(sequences.count), \(sequences.first?.count ?? 0))")],
                      json: .object([("sequences", SequenceText.json(sequences))]))
    }

    /// `matrix` (and `tokenize` in a matrix mode): the multi_hot, count or tf_idf output.
    static func matrix(_ vectorizer: TextVectorizer, name: String, texts: [String]) throws -> Report {
        guard vectorizer.config.outputMode != .int else {
            throw ShellError.message("\(name) has output_mode=int, which gives sequences (tokenize); "
                + "make a vectorizer with output_mode=multi_hot, count or tf_idf for a matrix", offset: nil)
        }
        guard vectorizer.isAdapted else { throw ShellError.message("\(name): \(TextVectorizerError.notAdapted)", offset: nil) }
        let width = vectorizer.outputWidth
        try Report.reserveCells(texts.count, width, of: "a \(texts.count) × \(width) matrix", lower: "give fewer texts or set max_tokens")
        let matrix = try vectorizer.matrixOutput(texts)
        let footprint = MatrixFootprint(sequences: vectorizer.textsToSequences(texts), columns: matrix.columns)
        return MatrixReport.make(matrix, texts: texts, mode: vectorizer.config.outputMode.rawValue, footprint: footprint) { column in
            "\(column):\(vectorizer.token(at: column).map(shown) ?? "-")"
        }
    }

    /// A token as tables show it: the padding token '' visibly, spaces and controls escaped.
    static func shown(_ token: String) -> String {
        token.isEmpty ? "''" : TokenizerReports.visible(token)
    }
}
