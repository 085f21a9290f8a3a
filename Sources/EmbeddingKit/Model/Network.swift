/// The layers as the engine runs them over a flat parameter vector. `flatten` is only a
/// change of shape (the values are already contiguous) and has no step of its own.
///
/// Parameters are laid out in Keras's `get_weights()` order: the embedding matrix
/// (input_dim × output_dim, row-major), then each dense layer's kernel (inputs × units,
/// row-major) and bias.
struct Network: Sendable {
    enum Op: Sendable {
        case embedding(rows: Int, dim: Int)
        case averagePool(dim: Int, masked: Bool)
        case maxPool(dim: Int)
        case dense(Dense)
        /// Dropout; with `channels`, each sample keeps or drops whole features: element j of its
        /// row belongs to feature j mod channels (SpatialDropout1D).
        case dropout(rate: Float, channels: Int?)
    }

    struct Dense: Sendable {
        let inputs: Int
        let units: Int
        /// Offsets of the kernel and the bias in the parameter vector.
        let kernel: Int
        let bias: Int
        let activation: Activation
    }

    let ops: [Op]
    let loss: Loss
    /// Where each weight tensor lies in the parameter vector, in Keras order.
    let tensors: [Range<Int>]
    let parameterCount: Int
    /// The embedding matrix is `0..<embeddingSize`.
    let embeddingSize: Int
    /// Whether training changes the embedding matrix (false for a frozen one, which gets no
    /// gradient and no optimizer step).
    let embeddingIsTrainable: Bool
    /// The parameters training changes: all, or all after a frozen embedding matrix.
    var trainableRange: Range<Int> { (embeddingIsTrainable ? 0 : embeddingSize) ..< parameterCount }

    init(_ config: ModelConfig) {
        var ops: [Op] = []
        var tensors: [Range<Int>] = []
        var offset = 0
        var masked = false
        for (i, layer) in config.layers.enumerated() {
            switch layer {
            case .embedding(let rows, let dim, let maskZero, _, _):
                ops.append(.embedding(rows: rows, dim: dim))
                masked = maskZero
                tensors.append(0 ..< rows * dim)
                offset = rows * dim
            case .flatten:
                break
            case .globalAveragePooling:
                ops.append(.averagePool(dim: config.outputShapes[i][0]!, masked: masked))
            case .globalMaxPooling:
                ops.append(.maxPool(dim: config.outputShapes[i][0]!))
            case .dense(let units, let activation):
                let inputs = config.outputShapes[i - 1][0]!
                ops.append(.dense(Dense(inputs: inputs, units: units, kernel: offset, bias: offset + inputs * units,
                                        activation: activation)))
                tensors.append(offset ..< offset + inputs * units)
                tensors.append(offset + inputs * units ..< offset + (inputs + 1) * units)
                offset += (inputs + 1) * units
            case .dropout(let rate):
                if rate > 0 { ops.append(.dropout(rate: Float(rate), channels: nil)) }
            case .spatialDropout(let rate):
                if rate > 0 { ops.append(.dropout(rate: Float(rate), channels: config.outputShapes[i][1]!)) }
            }
        }
        self.ops = ops
        self.loss = config.loss
        self.tensors = tensors
        self.parameterCount = offset
        self.embeddingSize = tensors[0].count
        self.embeddingIsTrainable = config.layers[0].isTrainable
    }

    /// Values per sample of the input (`widths[0]`, word indices) and of each op's output.
    func widths(length: Int) -> [Int] {
        var widths = [length]
        for op in ops {
            switch op {
            case .embedding(_, let dim):
                // Saturates rather than traps: Workspace refuses a size this large.
                let (width, overflow) = length.multipliedReportingOverflow(by: dim)
                widths.append(overflow ? Int.max : width)
            case .averagePool(let dim, _), .maxPool(let dim): widths.append(dim)
            case .dense(let dense): widths.append(dense.units)
            case .dropout: widths.append(widths.last!)
            }
        }
        return widths
    }

    /// Rough floating-point operations per sample for a forward and backward pass, to decide
    /// how many threads a batch deserves.
    func workPerSample(length: Int) -> Int {
        let widths = widths(length: length)
        var work = 0
        for (k, op) in ops.enumerated() {
            switch op {
            case .dense(let dense): work += 3 * dense.inputs * dense.units
            default: work += 2 * Swift.max(widths[k], widths[k + 1])
            }
        }
        return work
    }

    /// Keras's initial weights: embedding uniform in [−0.05, 0.05), dense kernels
    /// Glorot-uniform (limit √(6 / (inputs + units))), biases zero; drawn in tensor order.
    func initialParameters(seed: UInt64) -> [Float] {
        var rng = Xoshiro256StarStar(seed: seed)
        var parameters = [Float](repeating: 0, count: parameterCount)
        func fillUniform(_ range: Range<Int>, limit: Double) {
            for i in range { parameters[i] = Float((rng.nextUnitDouble() * 2 - 1) * limit) }
        }
        for op in ops {
            switch op {
            case .embedding: fillUniform(tensors[0], limit: 0.05)
            case .dense(let d):
                fillUniform(d.kernel ..< d.bias, limit: (6 / Double(d.inputs + d.units)).squareRoot())
            default: break
            }
        }
        return parameters
    }
}
