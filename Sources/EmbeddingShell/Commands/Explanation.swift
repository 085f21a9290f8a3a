import EmbeddingKit

/// The numbers behind `explain`: one text on its way through a tokenizer and an embedding
/// table, every view of it computed from the session's real objects.
struct Explanation {
    let text: String
    let tokenizerName: String
    /// How the tokenizer makes tokens, for the first step's heading.
    let tokenizerSteps: String
    let tableName: String
    let tokens: [(token: String, fate: TokenFate)]
    let sequence: [Int]
    let rows: Int
    let dim: Int
    /// The looked-up rows, one per index of the sequence.
    let vectors: [[Float]]
    /// The product one-hot(token) × W, summed over every row of W, for the first token kept.
    let product: (token: String, index: Int, vector: [Float])?
    /// Mean of the rows (what GlobalAveragePooling1D passes on).
    let mean: [Float]
    /// Cosines between the distinct words of the text, in this table.
    let similarities: [(a: String, b: String, cosine: Float?)]
    /// Whether the table's values were learned (word2vec, a model, or vectors from a file).
    var isTrained = true
    /// Models of the session whose embedding layer has this table's shape, with their summaries.
    var models: [(name: String, summary: ModelSummary)] = []

    /// Bytes of the one-hot matrix (length × rows float32) and of the looked-up matrix.
    var oneHotBytes: Int { sequence.count * rows * 4 }
    var lookupBytes: Int { sequence.count * dim * 4 }

    init(text: String, tokenizer: TextTokenizer, tokenizerName: String, table: EmbeddingTable, tableName: String) throws {
        self.text = text
        self.tokenizerName = tokenizerName
        switch tokenizer {
        case .keras: tokenizerSteps = "lowercase, drop the filter characters, split, look each word up"
        case .vectorizer(let vectorizer):
            tokenizerSteps = "vectorizer: standardize \(vectorizer.config.standardize.rawValue), split on "
                + "\(vectorizer.config.split.rawValue)\(vectorizer.config.ngrams == nil ? "" : ", n-grams"), look each token up"
        }
        self.tableName = tableName
        tokens = tokenizer.tokenFates(text)
        sequence = tokens.compactMap(\.fate.sequenceIndex)
        rows = table.rows
        dim = table.dim
        guard !sequence.isEmpty else {
            throw ShellError.message("no token of \"\(text)\" reaches a sequence through \(tokenizerName) "
                + "(every word is unknown and it has no oov token); try words from 'vocab \(tokenizerName)'", offset: nil)
        }
        if let beyond = sequence.first(where: { $0 >= table.rows }) {
            throw ShellError.message("index \(beyond) is beyond the \(table.rows) rows of \(tableName): "
                + "make the table with 'table NAME vocab=\(tokenizerName) dim=D'", offset: nil)
        }
        let vectors = try table.rows(sequence)
        self.vectors = vectors
        product = try tokens.first { if case .kept = $0.fate { return true } else { return false } }.map { token, fate in
            let index = fate.sequenceIndex!
            return (token, index, try Self.oneHotTimesTable(index: index, table))
        }
        mean = (0 ..< table.dim).map { j in vectors.reduce(0) { $0 + $1[j] } / Float(vectors.count) }
        var words: [(String, Int)] = []
        for (token, fate) in tokens {
            if case .kept(let index) = fate, !words.contains(where: { $0.0 == token }) { words.append((token, index)) }
        }
        let shown = words.prefix(6)
        var pairs: [(a: String, b: String, cosine: Float?)] = []
        for (i, first) in shown.enumerated() {
            for second in shown.dropFirst(i + 1) {
                pairs.append((first.0, second.0, Self.cosine(try table.row(first.1), try table.row(second.1))))
            }
        }
        similarities = pairs
    }

    /// Σ_i onehot[i] · W[i], over all rows: the matrix product, not a shortcut.
    private static func oneHotTimesTable(index: Int, _ table: EmbeddingTable) throws -> [Float] {
        var result = [Float](repeating: 0, count: table.dim)
        table.withUnsafeValues { values in
            for row in 0 ..< table.rows {
                let weight: Float = row == index ? 1 : 0
                for j in 0 ..< table.dim { result[j] += weight * values[row * table.dim + j] }
            }
        }
        return result
    }

    private static func cosine(_ a: [Float], _ b: [Float]) -> Float? {
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for (x, y) in zip(a, b) { dot += x * y; na += x * x; nb += y * y }
        guard na > 0, nb > 0 else { return nil }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
