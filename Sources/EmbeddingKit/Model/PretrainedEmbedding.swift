/// How a tokenizer's words were found among a table's words when an embedding took its rows
/// from the table (`SequentialModel.loadEmbedding`).
public struct PretrainedMatch: Equatable, Sendable {
    /// Words with an index below `input_dim` whose vectors the table holds.
    public var found: Int
    /// Words with an index below `input_dim` outside a subword table, whose rows are their
    /// vectors composed from n-grams (as `wv[word]` gives for gensim's FastText).
    public var composed: Int
    /// Words with an index below `input_dim` that the table lacks: their rows are zeros.
    public var missed: Int
    /// The first few missed words, in word-index order (the most frequent first).
    public var missedExamples: [String]
}

extension ModelConfig {
    /// The error for a table of pre-trained vectors `tableDim` wide given to an embedding
    /// (layer 0) of another width, or nil when the widths agree.
    public func pretrainedWidthProblem(tableDim: Int, tableName: String) -> ModelError? {
        guard case .embedding(_, let dim, _, _, _) = layers[0], tableDim != dim else { return nil }
        return .incompatibleLayer(index: 0, spec: layers[0].description,
                                  reason: "weights=\(tableName) holds vectors of \(tableDim) values, but output_dim is \(dim)")
    }
}

extension SequentialModel {
    /// How many missed words `PretrainedMatch` lists.
    static let missedExampleCount = 5

    /// Starts the embedding (layer 0) from pre-trained vectors as Keras's "using pre-trained
    /// word embeddings" example builds its matrix: row i is the table's vector for `word(i)`,
    /// the word with index i, for 1 ≤ i < input_dim (composed from n-grams for a word outside a
    /// subword table); row 0 (padding) and the rows of words the table lacks are zeros. Throws, changing nothing, when the table's vectors are not
    /// output_dim wide, when it has no words, or when it holds none of the tokenizer's words.
    public mutating func loadEmbedding(from table: EmbeddingTable, tableName: String,
                                       word: (Int) -> String?) throws(ModelError) -> PretrainedMatch {
        guard case .embedding(let rows, let dim, _, _, _) = config.layers[0] else { preconditionFailure("checked by ModelConfig") }
        func fail(_ reason: String) -> ModelError {
            .incompatibleLayer(index: 0, spec: config.layers[0].description, reason: reason)
        }
        if let problem = config.pretrainedWidthProblem(tableDim: table.dim, tableName: tableName) { throw problem }
        guard table.labels != nil else {
            throw fail("weights=\(tableName) has no words to match the tokenizer's against (its rows are unlabelled)")
        }
        var matrix = [Float](repeating: 0, count: rows * dim)
        var match = PretrainedMatch(found: 0, composed: 0, missed: 0, missedExamples: [])
        table.withUnsafeValues { values in
            for index in 1 ..< rows {
                guard let word = word(index) else { continue }
                if let vector = table.composedVector(word) {
                    match.composed += 1
                    matrix.replaceSubrange(index * dim ..< (index + 1) * dim, with: vector)
                    continue
                }
                guard let row = table.index(of: word) else {
                    match.missed += 1
                    if match.missedExamples.count < Self.missedExampleCount { match.missedExamples.append(word) }
                    continue
                }
                match.found += 1
                for d in 0 ..< dim { matrix[index * dim + d] = values[row * dim + d] }
            }
        }
        guard match.found + match.composed > 0 || match.missed == 0 else {
            throw fail("weights=\(tableName) holds none of the tokenizer's \(match.missed) words below input_dim \(rows) "
                + "(first: \(match.missedExamples.joined(separator: ", ")))")
        }
        parameters.replaceSubrange(network.tensors[0], with: matrix)
        return match
    }
}
