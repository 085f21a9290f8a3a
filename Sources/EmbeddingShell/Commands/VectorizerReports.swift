import EmbeddingKit

/// What `show VECTORIZER` prints: its settings by Keras's names, the adaptation and the most
/// frequent tokens.
enum VectorizerReports {
    static func details(name: String, _ vectorizer: TextVectorizer) -> Report {
        let config = vectorizer.config
        let ngrams = config.ngrams.map { "(" + $0.map(String.init).joined(separator: ", ") + ")" }
        let settings: [(String, JSON)] = [
            ("max_tokens", config.maxTokens.map { .int($0) } ?? .null),
            ("standardize", .string(config.standardize.rawValue)),
            ("split", .string(config.split.rawValue)),
            ("ngrams", config.ngrams.map { .array($0.map { .int($0) }) } ?? .null),
            ("output_mode", .string(config.outputMode.rawValue)),
            ("output_sequence_length", config.outputSequenceLength.map { .int($0) } ?? .null),
            ("pad_to_max_tokens", .bool(config.padToMaxTokens)),
        ]
        let top = (config.tokenStart ..< min(vectorizer.vocabularySize, config.tokenStart + TokenizerReports.topWords)).map {
            (index: $0, word: vectorizer.token(at: $0) ?? "", count: vectorizer.count(at: $0))
        }
        let fields: [(String, String)] = [
            ("vectorizer", name + " (Keras TextVectorization)"),
            ("max_tokens", config.maxTokens.map(String.init) ?? "none (every token)"),
            ("standardize", config.standardize.rawValue),
            ("split", config.split.rawValue),
            ("ngrams", ngrams ?? "none"),
            ("output_mode", config.outputMode.rawValue),
            ("output_sequence_length", config.outputSequenceLength.map(String.init) ?? "none (a batch is padded to its longest)"),
            ("pad_to_max_tokens", String(config.padToMaxTokens)),
            ("documents", vectorizer.isAdapted ? String(vectorizer.documentCount) : "not fitted yet"),
            ("vocabulary", "\(vectorizer.vocabularySize) entries: "
                + (config.outputMode == .int ? "'' (0), '[UNK]' (1)" : "'[UNK]' (0)") + " and \(vectorizer.learnedCount) learned"),
        ]
        var blocks: [Block] = [.fields(fields)]
        if !top.isEmpty {
            blocks.append(.text("most frequent tokens:"))
            blocks.append(.table(TextTable(headers: ["index", "word", "count"],
                                           rows: top.map { [.int($0.index), .text(VectorizerCommands.shown($0.word)), .int($0.count)] })))
        }
        let json = JSON.object([
            ("name", .string(name)), ("kind", .string("vectorizer")), ("config", .object(settings)),
            ("document_count", .int(vectorizer.documentCount)), ("vocab_size", .int(vectorizer.vocabularySize)),
            ("top_words", .array(top.map { .object([("word", .string($0.word)), ("count", .int($0.count))]) })),
        ])
        return Report(blocks, json: json)
    }
}
