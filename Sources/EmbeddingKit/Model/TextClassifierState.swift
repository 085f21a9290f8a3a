/// A text classifier's whole state as plain values, to store (e.g. in a session file) and
/// restore with `TextClassifier(state:)`.
public struct TextClassifierState: Equatable, Sendable {
    public var model: ModelState
    public var tokenizer: TextTokenizerState?
    public var tokenizerName: String?
    public var maxlen: Int?
    public var padding: Padding
    public var truncating: Truncating
    public var labels: [String]

    public init(model: ModelState, tokenizer: TextTokenizerState?, tokenizerName: String?, maxlen: Int?,
                padding: Padding, truncating: Truncating, labels: [String]) {
        self.model = model
        self.tokenizer = tokenizer
        self.tokenizerName = tokenizerName
        self.maxlen = maxlen
        self.padding = padding
        self.truncating = truncating
        self.labels = labels
    }
}

extension TextClassifier {
    /// The state to store.
    public var state: TextClassifierState {
        TextClassifierState(model: model.state, tokenizer: tokenizer?.state, tokenizerName: tokenizerName, maxlen: maxlen,
                            padding: padding, truncating: truncating, labels: labels)
    }

    /// Restores a stored state as training leaves it; throws `ModelError` for a model state
    /// that does not hold together or holds values training never keeps (see
    /// `SequentialModel(state:)` and `ModelState.checkValues()`), a tokenizer, its name and
    /// `maxlen` not all present or all absent, an invalid tokenizer (or a vectorizer not adapted
    /// or not in int mode), word indices beyond the
    /// embedding's `input_dim`, a `maxlen` outside 1 to `SequenceLimits.maxLength` or
    /// other than the model's `input_length`, or repeated labels or more than the output has classes.
    public init(state: TextClassifierState) throws(ModelError) {
        let model = try SequentialModel(state: state.model)
        try state.model.checkValues()
        let config = model.config
        guard (state.tokenizer == nil) == (state.maxlen == nil), (state.tokenizer == nil) == (state.tokenizerName == nil) else {
            throw .invalidState("a trained model has a tokenizer, its name and maxlen, an untrained one none of them")
        }
        var tokenizer: TextTokenizer?
        if let stored = state.tokenizer {
            do {
                tokenizer = try TextTokenizer(state: stored)
            } catch {
                throw .invalidState("its tokenizer: \(error)")
            }
        }
        if case .vectorizer(let vectorizer)? = tokenizer, vectorizer.config.outputMode != .int || !vectorizer.isAdapted {
            throw .invalidState("its vectorizer is " + (vectorizer.isAdapted ? "in output_mode \(vectorizer.config.outputMode.rawValue), not int"
                : "not adapted"))
        }
        if let tokenizer, tokenizer.highestIndex >= config.inputDim {
            throw .invalidState("its tokenizer gives word indices up to \(tokenizer.highestIndex), "
                + "beyond the embedding's input_dim \(config.inputDim)")
        }
        if let maxlen = state.maxlen {
            guard (1 ... SequenceLimits.maxLength).contains(maxlen) else {
                throw .invalidState("maxlen \(maxlen), expected 1 to \(SequenceLimits.maxLength)")
            }
            if let inputLength = config.inputLength, inputLength != maxlen {
                throw .invalidState("maxlen \(maxlen) differs from the model's input_length \(inputLength)")
            }
        }
        guard state.labels.count <= config.classCount, Set(state.labels).count == state.labels.count else {
            throw .invalidState("\(state.labels.count) class labels (\(state.labels.prefix(6).joined(separator: ", "))) "
                + "for an output of \(config.classCount) classes; labels must be distinct and at most that many")
        }
        self.init(model: model)
        self.tokenizer = tokenizer
        tokenizerName = state.tokenizerName
        maxlen = state.maxlen
        padding = state.padding
        truncating = state.truncating
        labels = state.labels
    }
}

extension Tokenizer {
    /// The highest word index `textsToSequences` can give: below `num_words` when it is set,
    /// and no more than the word index has entries.
    public var highestIndex: Int {
        min(config.numWords.map { $0 - 1 } ?? wordIndexCount, wordIndexCount)
    }
}
