import EmbeddingKit

/// `explain`: how an Embedding layer turns a text into vectors, step by step, with the
/// session's real tokenizer and table (or, with no arguments, a tiny built-in example).
enum ExplainCommand {
    static let all = [explain]

    private static let table = Positional.optional("TABLE", .name, help: "the embedding table (none: a built-in example)",
                                                   completion: .object(.table))
    private static let text = Positional.optional("TEXT", help: "the text; quote it", completion: .word)
    private static let via = Option.name("via", of: .tokenizer, help: "the tokenizer that turns the text into indices")

    static let explain = CommandSpec(
        "explain", group: .learning,
        summary: "walk a text through tokenizer and table: tokens, indices, one-hot, lookup, pooling",
        positionals: [table, text],
        options: [via],
        examples: [#"explain emb "the cat sat on the mat" via=tok"#, "explain"],
        jsonFields: ["text", "tokenizer", "table", "tokens[].token", "tokens[].index", "tokens[].status", "tokens[].table_row",
                     "by_word", "sequence", "one_hot.shape", "one_hot.bytes", "product.token", "product.index", "product.vector", "lookup.shape",
                     "lookup.rows", "lookup.bytes", "flatten_length", "mean_pooling", "trained", "models",
                     "similarities[].a", "similarities[].b", "similarities[].cosine", "subwords[].word", "subwords[].ngrams",
                     "subwords[].buckets", "subwords[].composed", "composed"],
        details: "Row i of an unlabelled table, or one made with vocab=TOKENIZER, is index i. A table whose rows are "
            + "words in another order (word2vec, fastText, vectors from a file) is looked up by word, as Keras's matrix "
            + "of pre-trained vectors is built: zeros for padding and for words it lacks; a subword table composes "
            + "them from n-grams."
    ) { session, arguments, context in
        guard let tableName = arguments[table]?.text else {
            return try report(builtInExample(), precision: context.settings.precision)
        }
        guard let text = arguments[text]?.text, let via = arguments[via] else {
            throw ShellError.usage(command: "explain", message: "explain: give a quoted TEXT and via=TOKENIZER", offset: nil)
        }
        let table = try session.table(tableName)
        var explanation = try Explanation(text: text, tokenizer: try session.textTokenizer(via), tokenizerName: via,
                                          table: table, tableName: tableName)
        explanation.isTrained = session.remark(tableName) != TableCommands.untrainedRemark
        for name in session.names(of: .model) {
            guard let classifier = try? session.model(name),
                  case .embedding(let rows, let dim, _, _, _)? = classifier.model.config.layers.first,
                  rows == table.rows, dim == table.dim else { continue }
            explanation.models.append((name, classifier.summary))
        }
        var result = report(explanation, precision: context.settings.precision)
        if let subwords = table.subwords { ComposedWords.explain(explanation.tokens.map(\.0), table: table, subwords: subwords, into: &result) }
        return result
    }

    /// The tour's sentences and a seeded table, made on the side: the session is not touched.
    private static func builtInExample() throws -> Explanation {
        var tokenizer = try Tokenizer(config: TokenizerConfig(oovToken: "<unk>"))
        try tokenizer.fit(texts: TutorialCommand.corpus)
        let table = try EmbeddingTable(rows: tokenizer.wordIndexCount + 1, dim: 4, seed: 42)
        var explanation = try Explanation(text: "The cat sat on the new mat.", tokenizer: .keras(tokenizer), tokenizerName: "tour",
                                          table: table, tableName: "tour_vectors")
        explanation.isTrained = false
        return explanation
    }

    // MARK: Report

    private static func report(_ e: Explanation, precision: Int) -> Report {
        let number = { (value: Float) in formatNumber(Double(value), precision: precision) }
        let vector = { (values: [Float]) -> String in
            let shown = values.count <= 8 ? values.map(number)
                : values.prefix(4).map(number) + ["…"] + values.suffix(2).map(number)
            return "[" + shown.joined(separator: ", ") + "]"
        }
        var blocks: [Block] = []

        blocks.append(.text(wrapped("1. Text → tokens → indices, by tokenizer \(e.tokenizerName) (\(e.tokenizerSteps)):") + "\n   \"\(e.text)\""))
        blocks.append(.table(TextTable(headers: ["token", "index", "note"], rows: zip(e.tokens, e.sources).map { token, source in
            [.text(token.token), token.fate.sequenceIndex.map { .int($0) } ?? .text("-"),
             .text([note(token.fate), source.map { note($0, table: e.tableName) } ?? ""].filter { !$0.isEmpty }.joined(separator: "; "))]
        })))
        blocks.append(.text("   sequence \(SequenceText.format(e.sequence)): \(e.sequence.count) integer\(e.sequence.count == 1 ? "" : "s")"))

        var oneHot = "\n" + wrapped("2. One-hot: each index becomes a vector of \(e.rows) numbers (one per row of "
            + "\(e.byWord ? "W below" : e.tableName)), all 0 but a single 1.")
        for (token, index) in zip(tokenLabels(e), e.sequence).prefix(8) {
            oneHot += "\n   " + token.padding(toLength: 12, withPad: " ", startingAt: 0) + oneHotString(index: index, length: e.rows)
        }
        if e.sequence.count > 8 { oneHot += "\n   …" }
        oneHot += "\n   \(e.sequence.count) × \(e.rows) = \(e.sequence.count * e.rows) float32 = \(formatBytes(e.oneHotBytes)). "
            + "Two different one-hot vectors always have\n   cosine 0: one-hot cannot say that two words are alike."
        blocks.append(.text(oneHot))

        var lookup = "\n" + wrapped(e.byWord
            ? "3. Lookup: one-hot × W picks one row of W. Here W is the embedding matrix built from pre-trained "
                + "\(e.tableName) for \(e.tokenizerName) as Keras's guide to pre-trained word embeddings builds it "
                + "(\(e.rows) × \(e.dim)): row i holds \(e.tableName)'s vector for word i "
                + "(\(e.tableName)'s own rows follow another order); padding and words \(e.tableName) lacks get zeros"
                + (e.sources.contains(.composed) ? ", words outside a subword table are composed from n-grams." : ".")
            : "3. Lookup: one-hot × W, with W = \(e.tableName) (\(e.rows) × \(e.dim)), picks one row of W.")
        if let product = e.product {
            let row = e.vectors[e.sequence.firstIndex(of: product.index)!]
            let first = "one-hot(\(product.token)) × W = Σ_i onehot[i]·W[i]"
            let second = "row \(product.index) of W"
            let width = max(displayWidth(first), displayWidth(second))
            let oneLine = 3 + width + 3 + displayWidth(vector(row)) <= 80
            let pad = { (text: String) in
                oneLine ? text + String(repeating: " ", count: width - displayWidth(text)) + " = " : text + "\n     = "
            }
            lookup += "\n   " + pad(first) + vector(product.vector)
                + "\n   " + pad(second) + vector(row)
                + (product.vector == row ? "\n   The same numbers: a lookup is this product, without multiplying by zeros."
                    : "\n   (They differ: the table holds values that are not finite.)")
        }
        lookup += "\n" + wrapped("The whole text: \(e.sequence.count) rows → a (\(e.sequence.count), \(e.dim)) matrix, "
            + "\(formatBytes(e.lookupBytes)) (the one-hot matrix: \(formatBytes(e.oneHotBytes))):", indent: "   ")
        blocks.append(.text(lookup))
        blocks.append(LookupReport.matrixBlock(e.vectors, labels: tokenLabels(e), indices: e.sequence, dim: e.dim,
                                               fullDim: 8, head: 4, tail: 2))

        blocks.append(.text("\n4. Next in a Keras model:\n"
            + "   Flatten                → \(e.sequence.count) × \(e.dim) = \(e.sequence.count * e.dim) numbers (texts padded to one length)\n"
            + "   GlobalAveragePooling1D → \(e.dim) numbers, the mean of the rows:\n"
            + wrapped(vector(e.mean), indent: "     ") + "\n"
            + "   then Dense layers make a prediction; training adjusts W by backpropagation."
            + e.models.map { name, summary in
                "\n   Model \(name) has this table's shape:\n" + summary.rows.map { row in
                    "     \(row.name) (\(row.type)) → \(row.outputShape), \(formatCount(row.parameters)) parameters"
                }.joined(separator: "\n")
            }.joined()))

        if !e.similarities.isEmpty {
            blocks.append(.text("\n" + wrapped("5. Cosine similarity of the text's words in \(e.tableName) (one-hot: always 0)"
                + (e.isTrained ? ": after training, words used alike score high." : ". This table is not trained, so these "
                    + "are arbitrary; train vectors (word2vec, or a model and 'extract') and words used alike score high."))))
            blocks.append(.table(TextTable(headers: ["word", "word", "cosine"], rows: e.similarities.map {
                [.text($0.a), .text($0.b), $0.cosine.map { .number(Double($0)) } ?? .text("undefined (zero vector)")]
            })))
        }
        return Report(blocks, json: json(e))
    }

    /// `text` broken into lines of at most 80 columns; lines after the first start with `indent`
    /// (which also starts the first when it is given explicitly).
    /// Explanation text at 80 columns; continuation lines indented by `indent` (the first too
    /// when given), else by three spaces under a numbered step.
    private static func wrapped(_ text: String, indent: String? = nil) -> String {
        wrap(text, width: 80, first: indent ?? "", rest: indent ?? "   ")
    }

    private static func tokenLabels(_ e: Explanation) -> [String] {
        e.tokens.filter { $0.fate.sequenceIndex != nil }.map { token, fate in
            if case .kept = fate { return token }
            return token + "→" + String(fate.sequenceIndex!)
        }
    }

    private static func note(_ fate: TokenFate) -> String {
        switch fate {
        case .kept: return ""
        case .unknown: return "not in the vocabulary → the oov index"
        case .unknownDropped: return "not in the vocabulary → left out"
        case .beyondNumWords(let index, _): return "index \(index) ≥ num_words → the oov index"
        case .beyondNumWordsDropped(let index): return "index \(index) ≥ num_words → left out"
        }
    }

    /// Where a token's vector comes from when W is built by word.
    private static func note(_ source: VectorSource, table: String) -> String {
        switch source {
        case .row(let row): return "row \(row) of \(table)"
        case .composed: return "composed from n-grams"
        case .zeros: return "not in \(table) → zeros"
        }
    }

    private static func sourceName(_ source: VectorSource) -> JSON {
        switch source {
        case .row(let row): return .int(row)
        case .composed: return .string("composed")
        case .zeros: return .string("zeros")
        }
    }

    private static func status(_ fate: TokenFate) -> String {
        switch fate {
        case .kept: return "kept"
        case .unknown: return "unknown_to_oov"
        case .unknownDropped: return "unknown_dropped"
        case .beyondNumWords: return "beyond_num_words_to_oov"
        case .beyondNumWordsDropped: return "beyond_num_words_dropped"
        }
    }

    /// `0 0 1 0 …` in full for short vectors, else the neighbourhood of the 1 and its position.
    private static func oneHotString(index: Int, length: Int) -> String {
        if length <= 30 { return (0 ..< length).map { $0 == index ? "1" : "0" }.joined(separator: " ") }
        let shown = max(0, index - 3) ..< min(length, index + 4)
        return (shown.lowerBound > 0 ? "0 … " : "") + shown.map { $0 == index ? "1" : "0" }.joined(separator: " ")
            + (shown.upperBound < length ? " … 0" : "") + "  (1 at position \(index) of \(length))"
    }

    private static func json(_ e: Explanation) -> JSON {
        let floats = { (values: [Float]) in JSON.array(values.map { .float($0) }) }
        var fields: [(String, JSON)] = [
            ("text", .string(e.text)), ("tokenizer", .string(e.tokenizerName)), ("table", .string(e.tableName)),
            ("tokens", .array(zip(e.tokens, e.sources).map { token, source in
                .object([("token", .string(token.token)), ("index", token.fate.sequenceIndex.map { .int($0) } ?? .null),
                         ("status", .string(status(token.fate)))] + (source.map { [("table_row", sourceName($0))] } ?? []))
            })),
            ("by_word", .bool(e.byWord)),
            ("sequence", .array(e.sequence.map { .int($0) })),
            ("one_hot", .object([("shape", .array([.int(e.sequence.count), .int(e.rows)])), ("bytes", .int(e.oneHotBytes))])),
        ]
        if let product = e.product {
            fields.append(("product", .object([("token", .string(product.token)), ("index", .int(product.index)),
                                               ("vector", floats(product.vector))])))
        }
        fields += [
            ("lookup", .object([("shape", .array([.int(e.sequence.count), .int(e.dim)])), ("rows", LookupReport.matrixJSON(e.vectors)),
                                ("bytes", .int(e.lookupBytes))])),
            ("flatten_length", .int(e.sequence.count * e.dim)),
            ("mean_pooling", floats(e.mean)),
            ("trained", .bool(e.isTrained)),
            ("models", .array(e.models.map { .string($0.name) })),
            ("similarities", .array(e.similarities.map {
                .object([("a", .string($0.a)), ("b", .string($0.b)), ("cosine", $0.cosine.map { .float($0) } ?? .null)])
            })),
        ]
        return .object(fields)
    }
}
