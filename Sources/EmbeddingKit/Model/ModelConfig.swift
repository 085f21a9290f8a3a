/// A checked Sequential model definition: its layers, the sequence length it expects, and
/// everything derived from them (output shapes, parameter counts, loss).
public struct ModelConfig: Equatable, Sendable {
    /// Most parameters a model may have (4 GiB of Float32 weights).
    public static let maximumParameters = 1 << 30

    public let layers: [LayerSpec]
    /// `input_length`: steps per sequence; `nil` leaves it open (not allowed before `flatten`).
    public let inputLength: Int?
    /// Each layer's output shape without the batch dimension; `nil` is an unknown size.
    public let outputShapes: [[Int?]]
    /// Each layer's parameter count.
    public let parameterCounts: [Int]

    /// Checks that the layers fit together: arguments within `LayerSpec`'s declared ranges,
    /// an embedding first, `flatten` only with a known length, pooling, conv1d and recurrent
    /// layers only on sequences (with a valid window no longer than a known length), `dense`
    /// only on flat inputs, at most `maximumParameters` in all, and a last layer that
    /// picks a loss (`dense(1,sigmoid)` or `dense(N,softmax)`). Throws
    /// `ModelError.incompatibleLayer` naming the layer and the reason.
    public init(layers: [LayerSpec], inputLength: Int? = nil) throws(ModelError) {
        guard !layers.isEmpty else { throw .noLayers }
        if let n = inputLength, !(1 ... SequenceLimits.maxLength).contains(n) { throw .invalidInputLength(n) }
        func fail(_ index: Int, _ reason: String) -> ModelError {
            .incompatibleLayer(index: index, spec: layers[index].description, reason: reason)
        }
        var shape: [Int?] = [inputLength]
        var shapes: [[Int?]] = []
        var counts: [Int] = []
        var total = 0
        for (i, layer) in layers.enumerated() {
            if let problem = layer.argumentProblem { throw fail(i, problem) }
            let from = i == 0 ? "the input" : "layer \(i - 1) (\(layers[i - 1]))"
            // Overflow-checked, though arguments within their ranges keep these far below Int.max.
            var parameters: Int? = 0
            switch layer {
            case .embedding(let inputDim, let outputDim, _, _, _):
                guard i == 0 else {
                    throw fail(i, "embedding must be the first layer: it maps word indices to vectors "
                        + "and only the model's input holds word indices")
                }
                shape = [inputLength, outputDim]
                parameters = MemoryBudget.product([inputDim, outputDim])
            case _ where i == 0:
                throw fail(0, "the first layer must be an embedding: the model's input is a sequence of word indices")
            case .flatten:
                if shape.count == 2 {
                    guard let steps = shape[0] else {
                        throw fail(i, "flatten needs a known number of steps: give input_length=N")
                    }
                    guard let size = MemoryBudget.product([steps, shape[1]!]) else { throw .tooLarge(parameters: .infinity) }
                    shape = [size]
                }
            case .globalAveragePooling, .globalMaxPooling:
                guard shape.count == 2 else {
                    throw fail(i, "\(layer) pools over steps and needs a sequence (None, steps, features), "
                        + "but \(from) gives \(Self.shapeText(shape))")
                }
                shape = [shape[1]]
            case .dense(let units, _):
                guard shape.count == 1, let inputs = shape[0] else {
                    throw fail(i, "dense needs a flat input (None, features), but \(from) gives "
                        + "\(Self.shapeText(shape)); put flatten, gap or gmp before it")
                }
                shape = [units]
                parameters = MemoryBudget.product([inputs + 1, units])
            case .dropout:
                break
            case .conv1d(let filters, let window, _, let stride, let padding):
                let steps = try Self.windowedSteps(i, layers: layers, from: from, shape, window: window, stride: stride, padding: padding)
                parameters = MemoryBudget.product([window, shape[1]!, filters]).map { $0 + filters }
                shape = [steps, filters]
            case .pooling1d(_, let window, let stride, let padding):
                shape[0] = try Self.windowedSteps(i, layers: layers, from: from, shape, window: window, stride: stride ?? window, padding: padding)
            case .recurrent(let spec), .bidirectional(let spec):
                guard shape.count == 2 else {
                    throw fail(i, "\(spec.kind.rawValue) runs over the steps of a sequence and needs (None, steps, features), "
                        + "but \(from) gives \(Self.shapeText(shape))")
                }
                let directions = if case .bidirectional = layer { 2 } else { 1 }
                parameters = spec.parameters(inputs: shape[1]!).flatMap { MemoryBudget.product([$0, directions]) }
                let features = directions * spec.units
                shape = spec.returnSequences ? [shape[0], features] : [features]
            case .spatialDropout:
                guard shape.count == 2 else {
                    throw fail(i, "spatialdropout1d drops whole features of a sequence and needs (None, steps, features), "
                        + "but \(from) gives \(Self.shapeText(shape)); use dropout on flat inputs")
                }
            }
            guard let parameters, parameters <= Self.maximumParameters - total else {
                throw .tooLarge(parameters: parameters.map { Double(total) + Double($0) } ?? .infinity)
            }
            total += parameters
            shapes.append(shape)
            counts.append(parameters)
        }
        let last = layers.count - 1
        switch layers[last] {
        case .dense(1, .sigmoid), .dense(2..., .softmax):
            break
        case .dense(let units, .sigmoid):
            throw fail(last, "a sigmoid output has 1 unit (binary cross-entropy); use dense(\(units),softmax) for \(units) classes")
        case .dense(_, .softmax):
            throw fail(last, "a softmax output needs at least 2 units; use dense(1,sigmoid) for two classes")
        default:
            throw fail(last, "the model must end with dense(1,sigmoid) for binary labels or dense(N,softmax) "
                + "for N classes, which choose the loss")
        }
        self.layers = layers
        self.inputLength = inputLength
        self.outputShapes = shapes
        self.parameterCounts = counts
    }

    /// Output steps of a conv1d or pooling layer at `index` on `shape` (nil for an open length),
    /// after checking that the input is a sequence and that a valid window fits in it.
    private static func windowedSteps(_ index: Int, layers: [LayerSpec], from: String, _ shape: [Int?], window: Int,
                                      stride: Int, padding: WindowPadding) throws(ModelError) -> Int? {
        let layer = layers[index]
        let what = if case .conv1d = layer { "kernel_size" } else { "pool_size" }
        let name = layer.description.prefix { $0 != "(" }
        guard shape.count == 2 else {
            throw .incompatibleLayer(index: index, spec: layer.description, reason: "\(name) slides over the steps "
                + "of a sequence and needs (None, steps, features), but \(from) gives \(shapeText(shape))")
        }
        guard let steps = shape[0] else { return nil }
        guard let outputs = padding.outputSteps(input: steps, window: window, stride: stride) else {
            throw .incompatibleLayer(index: index, spec: layer.description, reason: "\(what) \(window) is longer than "
                + "the \(steps) steps \(from) gives; lower \(what) or use padding=same")
        }
        return outputs
    }

    /// Parses layer specs (see `LayerSpec.init(parsing:)`) and checks them together.
    public init(parsing specs: [String], inputLength: Int? = nil) throws(ModelError) {
        var layers: [LayerSpec] = []
        for spec in specs { layers.append(try LayerSpec(parsing: spec)) }
        try self.init(layers: layers, inputLength: inputLength)
    }

    /// The loss the last layer implies.
    public var loss: Loss {
        if case .dense(_, .softmax) = layers.last { .sparseCategoricalCrossentropy } else { .binaryCrossentropy }
    }

    /// Number of classes: 2 for a sigmoid output, the softmax width otherwise.
    public var classCount: Int {
        if case .dense(let units, .softmax) = layers.last { units } else { 2 }
    }

    /// The embedding's `input_dim`: word indices must be below it.
    public var inputDim: Int {
        guard case .embedding(let inputDim, _, _, _, _) = layers[0] else { preconditionFailure("checked in init") }
        return inputDim
    }

    /// All parameters.
    public var parameterCount: Int { parameterCounts.reduce(0, +) }

    /// The parameters training changes: all but those of frozen layers.
    public var trainableParameterCount: Int {
        zip(layers, parameterCounts).reduce(0) { $0 + ($1.0.isTrainable ? $1.1 : 0) }
    }

    /// Checks (with `MemoryBudget`) that the machine can hold this model while it trains: the
    /// weights, their gradient and Adam's two moments, four Float32 values per parameter.
    public func reserveMemory(limit: UInt64? = nil) throws(MemoryError) {
        try MemoryBudget.reserve([parameterCount, 4], elementSize: MemoryLayout<Float>.size,
                                 for: "a model of \(parameterCount) parameters (weights, gradient and Adam's two moments)",
                                 lower: "lower input_dim, output_dim or units", limit: limit)
    }

    /// Keras's text for a shape with its batch dimension, e.g. `(None, 40, 16)`.
    public static func shapeText(_ shape: [Int?]) -> String {
        "(" + ([nil] + shape).map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + ")"
    }
}
