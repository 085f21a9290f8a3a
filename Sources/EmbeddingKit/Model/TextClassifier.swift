/// A model with what turning texts into its inputs takes: the tokenizer it was trained with
/// (a copy, so its predictions do not change when another tokenizer is fitted further), the
/// sequence length and padding, and the names of its classes.
public struct TextClassifier: Sendable {
    public var model: SequentialModel
    /// The tokenizer (Keras's or a vectorizer) used in training (nil before the first
    /// training) and the name it had.
    public var tokenizer: TextTokenizer?
    public var tokenizerName: String?
    /// Texts are padded or cut to this many tokens (nil before the first training).
    public var maxlen: Int?
    public var padding: Padding = .pre
    public var truncating: Truncating = .pre
    /// Class names by class id, as found in the training labels.
    public var labels: [String] = []

    public init(model: SequentialModel) {
        self.model = model
    }

    /// The `summary` table of the model as built: without `input_length`, the sequence length
    /// it was trained with, as Keras's Sequential shows after `fit` builds it (`(None, 40, 16)`).
    public var summary: ModelSummary {
        guard model.config.inputLength == nil, let maxlen,
              let built = try? ModelConfig(layers: model.config.layers, inputLength: maxlen) else { return model.summary }
        return ModelSummary(built)
    }

    /// Whether it has been trained on texts (so it can turn texts into inputs).
    public var isTrained: Bool { tokenizer != nil && maxlen != nil }

    /// Index sequences of `texts`, padded and cut as in training; nil before training.
    public func sequences(_ texts: [String]) -> [[Int]]? {
        guard let tokenizer, let maxlen else { return nil }
        return try? padSequences(tokenizer.textsToSequences(texts), maxlen: maxlen, padding: padding, truncating: truncating)
    }

    /// A class's name, or its id when the training labels gave none.
    public func labelName(_ id: Int) -> String {
        id < labels.count ? labels[id] : String(id)
    }
}
