import EmbeddingKit

/// One named thing held by the session. Each kind knows its one-line shape, its memory
/// footprint, the words it can complete and the report `show` prints for it.
public enum SessionObject: Sendable {
    case tokenizer(Tokenizer)
    case table(EmbeddingTable)
    case model(TextClassifier)

    public var kind: ObjectKind {
        switch self {
        case .tokenizer: return .tokenizer
        case .table: return .table
        case .model: return .model
        }
    }

    /// What `ls` shows in its shape column: `1,234 words` or `1000×16`.
    var shape: String {
        switch self {
        case .tokenizer(let tokenizer): return "\(tokenizer.vocabularySize) words"
        case .table(let table): return "\(table.rows)×\(table.dim)"
        case .model(let model):
            return "\(model.model.config.layers.count) layers, \(formatCount(model.model.config.parameterCount)) params"
        }
    }

    /// Bytes of the object's main storage (words and counts, or the float32 values).
    var memoryBytes: Int {
        switch self {
        case .tokenizer(let tokenizer):
            return tokenizer.wordCounts.reduce(0) { $0 + $1.word.utf8.count + 3 * MemoryLayout<Int>.size }
        case .table(let table): return table.memoryBytes + table.cacheBytes + (table.neighborIndex?.memoryBytes ?? 0)
        case .model(let model):
            let optimizer = model.model.optimizerState.map { $0.momentums.reduce(0) { $0 + $1.count } * 2 } ?? 0
            return (model.model.config.parameterCount + optimizer) * MemoryLayout<Float>.size
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
        case .table(let table):
            for label in table.labels ?? [] where !offer(label) { break }
        case .model(let model):
            for entry in model.tokenizer?.wordIndex ?? [] where !offer(entry.word) { break }
        }
        return found
    }

    /// Everything `show NAME` reports about the object.
    func details(name: String, settings: Settings) -> Report {
        switch self {
        case .tokenizer(let tokenizer): return TokenizerReports.details(name: name, tokenizer)
        case .table(let table): return TableReports.details(name: name, table)
        case .model(let model): return ModelReports.details(name: name, model)
        }
    }
}
