import EmbeddingKit

/// Typed access to session objects for the commands of each kind.
extension Session {
    /// The Keras tokenizer called `name`, or an error naming what is there instead (a
    /// vectorizer too: the commands that ask for this one are Keras Tokenizer's alone).
    func tokenizer(_ name: String) throws(ShellError) -> Tokenizer {
        switch try object(name, kind: .tokenizer) {
        case .tokenizer(let tokenizer): return tokenizer
        case .vectorizer: throw .message("'\(name)' is a vectorizer (Keras TextVectorization); this takes a Keras tokenizer", offset: nil)
        default: fatalError("kind checked")
        }
    }

    /// The tokenizer or vectorizer called `name`, to turn texts into index sequences; a
    /// vectorizer must be in int mode, and adapted unless `adapted` is false.
    func textTokenizer(_ name: String, adapted: Bool = true) throws(ShellError) -> TextTokenizer {
        switch try object(name, kind: .tokenizer) {
        case .tokenizer(let tokenizer): return .keras(tokenizer)
        case .vectorizer(let vectorizer):
            guard vectorizer.config.outputMode == .int else {
                throw .message("vectorizer '\(name)': \(TextVectorizerError.notIntMode(vectorizer.config.outputMode))", offset: nil)
            }
            guard vectorizer.isAdapted || !adapted else {
                throw .message("vectorizer '\(name)': \(TextVectorizerError.notAdapted)", offset: nil)
            }
            return .vectorizer(vectorizer)
        default: fatalError("kind checked")
        }
    }

    /// Stores a tokenizer of either kind under `name` (after fitting it).
    mutating func update(_ tokenizer: TextTokenizer, as name: String) {
        switch tokenizer {
        case .keras(let tokenizer): update(SessionObject.tokenizer(tokenizer), as: name)
        case .vectorizer(let vectorizer): update(SessionObject.vectorizer(vectorizer), as: name)
        }
    }

    /// The table called `name`, or an error naming what is there instead.
    func table(_ name: String) throws(ShellError) -> EmbeddingTable {
        guard case .table(let table) = try object(name, kind: .table) else { fatalError("kind checked") }
        return table
    }

    /// The phrase model called `name`, or an error naming what is there instead.
    func phrases(_ name: String) throws(ShellError) -> PhraseModel {
        guard case .phrases(let model) = try object(name, kind: .phrases) else { fatalError("kind checked") }
        return model
    }

    /// The model called `name`, or an error naming what is there instead.
    func model(_ name: String) throws(ShellError) -> TextClassifier {
        guard case .model(let model) = try object(name, kind: .model) else { fatalError("kind checked") }
        return model
    }
}
