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
    /// Rows of the matrix W that the one-hot vectors multiply: the table's, or (by word) one per
    /// index the tokenizer can give (not num_words, which may be far beyond its vocabulary).
    let rows: Int
    let dim: Int
    /// Whether W is built from the table by word, as Keras's pre-trained embedding matrix is
    /// (row i = the table's vector for word i), because the table's rows are labelled with
    /// words in another order than the tokenizer's indices (vectors from word2vec, fastText or
    /// a file); false when row i of the table is index i (unlabelled, or made with vocab=).
    let byWord: Bool
    /// For each token, where its vector came from when `byWord` (nil for dropped tokens, and
    /// for every token otherwise).
    let sources: [VectorSource?]
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
        dim = table.dim
        guard !sequence.isEmpty else {
            throw ShellError.message("no token of \"\(text)\" reaches a sequence through \(tokenizerName) "
                + "(every word is unknown and it has no oov token); try words from 'vocab \(tokenizerName)'", offset: nil)
        }
        byWord = table.hasLabels && !sequence.allSatisfy { $0 < table.rows && ($0 == 0 || table.label($0) == tokenizer.word(at: $0)) }
        let vectorOf: (Int) throws -> [Float]
        if byWord {
            rows = tokenizer.highestIndex + 1
            sources = tokens.map { _, fate in fate.sequenceIndex.map { VectorSource(index: $0, word: tokenizer.word(at: $0), table: table) } }
            vectorOf = { index in VectorSource.vector(index: index, word: tokenizer.word(at: index), table: table) }
        } else {
            if let beyond = sequence.first(where: { $0 >= table.rows }) {
                throw ShellError.message("index \(beyond) is beyond the \(table.rows) rows of \(tableName): "
                    + "make the table with 'table NAME vocab=\(tokenizerName) dim=D'", offset: nil)
            }
            rows = table.rows
            sources = tokens.map { _ in nil }
            vectorOf = table.row
        }
        let vectors = try sequence.map(vectorOf)
        self.vectors = vectors
        product = try tokens.first { if case .kept = $0.fate { return true } else { return false } }.map { [rows] token, fate in
            let index = fate.sequenceIndex!
            return (token, index, try Self.oneHotTimesMatrix(index: index, rows: rows, dim: table.dim, row: vectorOf))
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
                pairs.append((first.0, second.0, Self.cosine(try vectorOf(first.1), try vectorOf(second.1))))
            }
        }
        similarities = pairs
    }

    /// Σ_i onehot[i] · W[i], over all `rows` rows of W (row i given by `row`): the matrix
    /// product, not a shortcut.
    private static func oneHotTimesMatrix(index: Int, rows: Int, dim: Int, row: (Int) throws -> [Float]) rethrows -> [Float] {
        var result = [Float](repeating: 0, count: dim)
        for i in 0 ..< rows {
            let weight: Float = i == index ? 1 : 0
            for (j, value) in try row(i).enumerated() { result[j] += weight * value }
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

/// Where a vector of the lookup comes from: a row of the table (by index, or by the word's
/// label), the word's n-grams in a subword table, or nowhere (zeros, as Keras's pre-trained
/// matrix holds for words the vectors lack, and for padding).
enum VectorSource: Equatable {
    case row(Int)
    case composed
    case zeros

    /// The source of index `index`'s vector, whose word is `word`, when W is built by word.
    init(index: Int, word: String?, table: EmbeddingTable) {
        guard index > 0, let word else { self = .zeros; return }
        if let row = table.index(of: word) { self = .row(row) }
        else if table.composedVector(word) != nil { self = .composed }
        else { self = .zeros }
    }

    /// Row `index` of W built by word from `table`, `word` being the tokenizer's word there.
    static func vector(index: Int, word: String?, table: EmbeddingTable) -> [Float] {
        if index > 0, let word {
            if let row = table.index(of: word), let vector = try? table.row(row) { return vector }
            if let vector = table.composedVector(word) { return vector }
        }
        return [Float](repeating: 0, count: table.dim)
    }
}
