import EmbeddingKit

/// How a `TextClassifier` is written into and read from a session file's object
/// descriptions: the model's layers (as specs), weights, optimizer state and history, then
/// its tokenizer copy, sequence length, padding and class names.
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

    mutating func classifier(_ classifier: TextClassifier) {
        let state = classifier.model.state
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
        bool(classifier.tokenizer != nil)
        if let tokenizer = classifier.tokenizer { self.tokenizer(tokenizer) }
        optionalString(classifier.tokenizerName)
        int(classifier.maxlen ?? -1)
        string(classifier.padding.rawValue)
        string(classifier.truncating.rawValue)
        strings(classifier.labels)
    }

    mutating func tokenizer(_ tokenizer: Tokenizer) {
        let state = tokenizer.state
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

    mutating func classifier(name: String) throws -> TextClassifier {
        do {
            let layers = try strings().map { try LayerSpec(parsing: $0) }
            let inputLength = try int()
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
            let history = try (0 ..< count(limit: remaining / 41)).map { _ in
                EpochLog(epoch: try int(), loss: try double(), accuracy: try double(), validationLoss: try optionalDouble(),
                         validationAccuracy: try optionalDouble(), seconds: try double())
            }
            let state = ModelState(layers: layers, inputLength: inputLength < 0 ? nil : inputLength, weights: weights,
                                   optimizer: optimizer, history: history)
            var classifier = TextClassifier(model: try SequentialModel(state: state))
            classifier.tokenizer = try bool() ? try tokenizer(name: name) : nil
            classifier.tokenizerName = try optionalString()
            let maxlen = try int()
            classifier.maxlen = maxlen < 0 ? nil : maxlen
            guard let padding = Padding(rawValue: try string()), let truncating = Truncating(rawValue: try string()) else {
                throw SessionFileError.corrupt("model '\(name)' has an unknown padding")
            }
            classifier.padding = padding
            classifier.truncating = truncating
            classifier.labels = try strings()
            return classifier
        } catch let error as ModelError {
            throw SessionFileError.corrupt("model '\(name)': \(error)")
        }
    }

    mutating func tokenizer(name: String) throws -> Tokenizer {
        let numWords = try int()
        let config = TokenizerConfig(numWords: numWords < 0 ? nil : numWords, filters: try string(),
                                     lower: try bool(), split: try string(), charLevel: try bool(),
                                     oovToken: try optionalString())
        let state = TokenizerState(config: config, documentCount: try int(), words: try strings(),
                                   counts: try ints(), documentCounts: try ints())
        do {
            return try Tokenizer(state: state)
        } catch {
            throw SessionFileError.corrupt("tokenizer '\(name)': \(error)")
        }
    }
}
