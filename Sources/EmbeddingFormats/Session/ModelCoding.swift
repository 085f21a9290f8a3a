import EmbeddingKit

/// How a `TextClassifier` is written into and read from a session file's object
/// descriptions: the model's layers (as specs), weights, optimizer state and history, then
/// its tokenizer copy (Keras's or a vectorizer), sequence length, padding and class names.
extension ByteWriter {
    mutating func floats(_ values: [Float]) {
        int(values.count)
        values.forEach { u32($0.bitPattern) }
    }

    mutating func double(_ value: Double) { u64(value.bitPattern) }

    mutating func optionalDouble(_ value: Double?) {
        bool(value != nil)
        if let value { double(value) }
    }

    mutating func classifier(_ classifier: TextClassifierState) {
        let state = classifier.model
        strings(state.layers.map(\.description))
        int(state.inputLength ?? -1)
        int(state.weights.count)
        state.weights.forEach { floats($0) }
        bool(state.optimizer != nil)
        if let optimizer = state.optimizer {
            switch optimizer.optimizer {
            case let .adam(learningRate, beta1, beta2, epsilon):
                string("adam")
                [learningRate, beta1, beta2, epsilon].forEach { double($0) }
            case let .sgd(learningRate, momentum):
                string("sgd")
                [learningRate, momentum].forEach { double($0) }
            }
            int(optimizer.iterations)
            int(optimizer.momentums.count)
            optimizer.momentums.forEach { floats($0) }
            int(optimizer.velocities.count)
            optimizer.velocities.forEach { floats($0) }
        }
        int(state.history.count)
        for log in state.history {
            int(log.epoch)
            double(log.loss)
            double(log.accuracy)
            optionalDouble(log.validationLoss)
            optionalDouble(log.validationAccuracy)
            double(log.seconds)
        }
        // 0: no tokenizer, 1: a Keras tokenizer (the flag sessions before vectorizers wrote), 2: a vectorizer.
        switch classifier.tokenizer {
        case nil: u8(0)
        case .keras(let tokenizer)?:
            u8(1)
            self.tokenizer(tokenizer)
        case .vectorizer(let vectorizer)?:
            u8(2)
            self.vectorizer(vectorizer)
        }
        optionalString(classifier.tokenizerName)
        int(classifier.maxlen ?? -1)
        string(classifier.padding.rawValue)
        string(classifier.truncating.rawValue)
        strings(classifier.labels)
    }

    mutating func tokenizer(_ state: TokenizerState) {
        int(state.config.numWords ?? -1)
        string(state.config.filters)
        bool(state.config.lower)
        string(state.config.split)
        bool(state.config.charLevel)
        optionalString(state.config.oovToken)
        int(state.documentCount)
        strings(state.words)
        ints(state.counts)
        ints(state.documentCounts)
    }
}

extension ByteReader {
    mutating func floats() throws -> [Float] {
        let n = try count(limit: remaining / 4)
        return try (0 ..< n).map { _ in Float(bitPattern: try u32()) }
    }

    mutating func double() throws -> Double { Double(bitPattern: try u64()) }

    mutating func optionalDouble() throws -> Double? { try bool() ? try double() : nil }

    /// A model's description; values are checked when the model is rebuilt from it.
    mutating func classifier(name: String) throws -> TextClassifierState {
        let layers = try strings().map { spec in
            do {
                return try LayerSpec(parsing: spec)
            } catch {
                throw SessionFileError.corrupt("model '\(name)': \(error)")
            }
        }
        let inputLength = try optionalInt()
        let weights = try (0 ..< count(limit: remaining / 8)).map { _ in try floats() }
        var optimizer: OptimizerState?
        if try bool() {
            let kind = try string()
            let settings: Optimizer
            switch kind {
            case "adam": settings = .adam(learningRate: try double(), beta1: try double(), beta2: try double(), epsilon: try double())
            case "sgd": settings = .sgd(learningRate: try double(), momentum: try double())
            default: throw SessionFileError.corrupt("model '\(name)' has an unknown optimizer '\(kind)'")
            }
            let iterations = try int()
            let momentums = try (0 ..< count(limit: remaining / 8)).map { _ in try floats() }
            let velocities = try (0 ..< count(limit: remaining / 8)).map { _ in try floats() }
            optimizer = OptimizerState(optimizer: settings, iterations: iterations, momentums: momentums, velocities: velocities)
        }
        // An entry takes at least 34 bytes: epoch, loss, accuracy, two absent optionals, seconds.
        let history = try (0 ..< count(limit: remaining / 34)).map { _ in
            EpochLog(epoch: try int(), loss: try double(), accuracy: try double(), validationLoss: try optionalDouble(),
                     validationAccuracy: try optionalDouble(), seconds: try double())
        }
        let model = ModelState(layers: layers, inputLength: inputLength, weights: weights, optimizer: optimizer, history: history)
        let tokenizer: TextTokenizerState?
        switch try u8() {
        case 0: tokenizer = nil
        case 1: tokenizer = .keras(try self.tokenizer())
        case 2: tokenizer = .vectorizer(try vectorizer(name: name))
        case let other: throw SessionFileError.corrupt("model '\(name)' has a tokenizer of unknown kind \(other)")
        }
        let tokenizerName = try optionalString()
        let maxlen = try optionalInt()
        let paddingName = try string(), truncatingName = try string()
        guard let padding = Padding(rawValue: paddingName), let truncating = Truncating(rawValue: truncatingName) else {
            throw SessionFileError.corrupt("model '\(name)' has an unknown padding '\(paddingName)' or truncating '\(truncatingName)'")
        }
        return TextClassifierState(model: model, tokenizer: tokenizer, tokenizerName: tokenizerName, maxlen: maxlen,
                                   padding: padding, truncating: truncating, labels: try strings())
    }

    /// A tokenizer's description; values are checked when the tokenizer is rebuilt from it.
    mutating func tokenizer() throws -> TokenizerState {
        let config = TokenizerConfig(numWords: try optionalInt(), filters: try string(), lower: try bool(), split: try string(),
                                     charLevel: try bool(), oovToken: try optionalString())
        return TokenizerState(config: config, documentCount: try int(), words: try strings(), counts: try ints(),
                              documentCounts: try ints())
    }

    /// An integer that -1 stands for the absence of; any other value, negative or not, is kept
    /// for the object's checks to judge.
    private mutating func optionalInt() throws -> Int? {
        let value = try int()
        return value == -1 ? nil : value
    }
}
