import EmbeddingKit

/// Typed access to session objects for the commands of each kind.
extension Session {
    /// The tokenizer called `name`, or an error naming what is there instead.
    func tokenizer(_ name: String) throws(ShellError) -> Tokenizer {
        guard case .tokenizer(let tokenizer) = try object(name, kind: .tokenizer) else { fatalError("kind checked") }
        return tokenizer
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
