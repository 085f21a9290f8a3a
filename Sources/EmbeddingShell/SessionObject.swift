import EmbeddingKit

/// One named thing held by the session. Each kind knows its one-line shape, its memory
/// footprint, the words it can complete and the report `show` prints for it. A vectorizer
/// (Keras TextVectorization) is of kind tokenizer: wherever a tokenizer is asked for, it is taken.
public enum SessionObject: Sendable {
    case tokenizer(Tokenizer)
    case vectorizer(TextVectorizer)
    case table(EmbeddingTable)
    case model(TextClassifier)
    case phrases(PhraseModel)

    public var kind: ObjectKind {
        switch self {
        case .tokenizer, .vectorizer: return .tokenizer
        case .table: return .table
        case .model: return .model
        case .phrases: return .phrases
        }
    }

    /// What `ls` shows in its shape column: `1,234 words` or `1000×16`.
    var shape: String {
        switch self {
        case .tokenizer(let tokenizer): return "\(tokenizer.vocabularySize) words"
        case .vectorizer(let vectorizer):
            return "vectorizer (\(vectorizer.config.outputMode.rawValue)), \(vectorizer.vocabularySize) tokens"
        case .table(let table): return "\(table.rows)×\(table.dim)"
        case .model(let model):
            return "\(model.model.config.layers.count) layers, \(formatCount(model.model.config.parameterCount)) params"
        case .phrases(let model): return "\(formatCount(model.phraseCount)) phrases"
        }
    }

    /// Bytes of the object's main storage (words and counts, or the float32 values).
    var memoryBytes: Int {
        switch self {
        case .tokenizer(let tokenizer):
            return tokenizer.wordCounts.reduce(0) { $0 + $1.word.utf8.count + 3 * MemoryLayout<Int>.size }
        case .vectorizer(let vectorizer):
            return vectorizer.vocabulary.reduce(0) { $0 + $1.utf8.count + 4 * MemoryLayout<Int>.size }
        case .table(let table):
            return table.memoryBytes + table.cacheBytes + (table.subwords?.memoryBytes ?? 0) + (table.neighborIndex?.memoryBytes ?? 0)
        case .model(let model):
            let optimizer = model.model.optimizerState.map { $0.momentums.reduce(0) { $0 + $1.count } * 2 } ?? 0
            return (model.model.config.parameterCount + optimizer) * MemoryLayout<Float>.size
        case .phrases(let model):
            return model.stages.reduce(0) { $0 + $1.phrases.reduce(0) { $0 + $1.utf8.count + 2 * MemoryLayout<Int>.size } }
        }
    }

    /// Up to `limit` words starting with `prefix`, most frequent first (for Tab completion).
    func words(withPrefix prefix: String, limit: Int) -> [String] {
        var found: [String] = []
        func offer(_ word: String) -> Bool {
            if word.hasPrefix(prefix) { found.append(word) }
            return found.count < limit
        }
        switch self {
        case .tokenizer(let tokenizer):
            for entry in tokenizer.wordIndex where !offer(entry.word) { break }
        case .vectorizer(let vectorizer):
            for token in vectorizer.vocabulary.dropFirst(vectorizer.config.tokenStart) where !offer(token) { break }
        case .table(let table):
            for label in table.labels ?? [] where !offer(label) { break }
        case .model(let model):
            switch model.tokenizer {
            case .keras(let tokenizer)?: for entry in tokenizer.wordIndex where !offer(entry.word) { break }
            case .vectorizer(let vectorizer)?:
                for token in vectorizer.vocabulary.dropFirst(vectorizer.config.tokenStart) where !offer(token) { break }
            case nil: break
            }
        case .phrases(let model):
            for phrase in model.stages.lazy.flatMap(\.phrases) where !offer(phrase) { break }
        }
        return found
    }

    /// Everything `show NAME` reports about the object.
    func details(name: String, settings: Settings) -> Report {
        switch self {
        case .tokenizer(let tokenizer): return TokenizerReports.details(name: name, tokenizer)
        case .vectorizer(let vectorizer): return VectorizerReports.details(name: name, vectorizer)
        case .table(let table): return TableReports.details(name: name, table)
        case .model(let model): return ModelReports.details(name: name, model)
        case .phrases(let model): return PhrasesCommand.details(name: name, model)
        }
    }
}
