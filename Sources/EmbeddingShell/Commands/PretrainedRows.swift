import EmbeddingKit

/// An embedding layer's `weights=TABLE`: the table's vectors copied into the model's embedding
/// rows through a tokenizer's word index, at `model … tokenizer=TOK` and when `train` first
/// trains the model, and the note saying how many words were found.
enum PretrainedRows {
    /// The table named by the model's embedding, or nil when it names none.
    static func tableName(of classifier: TextClassifier) -> String? {
        guard case .embedding(_, _, _, _, let weights)? = classifier.model.config.layers.first else { return nil }
        return weights
    }

    /// Checks that the named table exists and is as wide as the embedding, before any rows are copied.
    static func check(_ config: ModelConfig, in session: Session) throws {
        guard case .embedding(_, _, _, _, let weights?)? = config.layers.first else { return }
        let table: EmbeddingTable
        do {
            table = try session.table(weights)
        } catch {
            throw ShellError.message("layer 0 (\(config.layers[0])): \(error.message)", offset: nil)
        }
        if let problem = config.pretrainedWidthProblem(tableDim: table.dim, tableName: weights) {
            throw ShellError.message(problem.description, offset: nil)
        }
    }

    /// Copies the rows into `classifier`'s embedding through `tokenizer`, when its embedding
    /// names a table; returns the note to show, or nil.
    static func load(into classifier: inout TextClassifier, tokenizer: TextTokenizer, tokenizerName: String,
                     session: Session) throws -> String? {
        guard let tableName = tableName(of: classifier) else { return nil }
        let table = try session.table(tableName)
        let match: PretrainedMatch
        do {
            match = try classifier.model.loadEmbedding(from: table, tableName: tableName) { tokenizer.word(at: $0) }
        } catch {
            throw ShellError.message(error.description, offset: nil)
        }
        let words = match.found + match.composed + match.missed
        var note = "embedding rows from \(tableName) through \(tokenizerName): \(match.found) of \(words) words found"
        if match.composed > 0 { note += ", \(match.composed) composed from n-grams" }
        if match.missed > 0 {
            note += ", \(match.missed) missed (zero rows: \(match.missedExamples.joined(separator: ", "))"
                + (match.missed > match.missedExamples.count ? ", …" : "") + ")"
        }
        return note
    }
}
