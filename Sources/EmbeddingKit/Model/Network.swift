/// The layers as the engine runs them over a flat parameter vector. `flatten` is only a
/// change of shape (the values are already contiguous) and has no step of its own.
///
/// Parameters are laid out in Keras's `get_weights()` order: the embedding matrix
/// (input_dim × output_dim, row-major), then each later layer's kernel (dense: inputs × units;
/// conv1d: window × inputs × filters; row-major) and bias.
struct Network: Sendable {
    enum Op: Sendable {
        case embedding(rows: Int, dim: Int)
        case averagePool(dim: Int, masked: Bool)
        case maxPool(dim: Int)
        case dense(Dense)
        /// Dropout; with `channels`, each sample keeps or drops whole features: element j of its
        /// row belongs to feature j mod channels (SpatialDropout1D).
        case dropout(rate: Float, channels: Int?)
        case convolution(Convolution)
        case pooling(Pooling)
        case recurrent(Recurrent)
    }

    /// An LSTM or GRU layer, or a Bidirectional one (two cells, Keras's weight order: the
    /// forward cell's block, then the backward cell's).
    struct Recurrent: Sendable {
        let cell: RecurrentCell
        let bidirectional: Bool
        let returnSequences: Bool
        /// Whether the embedding's mask reaches this layer (padded steps are skipped).
        let masked: Bool
        /// Offset of the weights in the parameter vector.
        let weights: Int

        var parameterCount: Int { (bidirectional ? 2 : 1) * cell.parameterCount }

        /// Floats one sample's forward keeps for its backward.
        func cacheFloats(steps: Int) -> Int {
            bidirectional ? BidirectionalRecurrent(cell: cell).cacheFloats(steps: steps) : cell.cacheFloats(steps: steps)
        }
    }

    /// Conv1D: output step t is `window` input steps from t·stride − leading padding, as one
    /// row of window × inputs values, times the kernel (window × inputs × filters, Keras's
    /// layout), plus the bias.
    struct Convolution: Sendable {
        let inputs: Int
        let filters: Int
        let window: Int
        let stride: Int
        let padding: WindowPadding
        let kernel: Int
        let bias: Int
        let activation: Activation
    }

    /// MaxPooling1D or AveragePooling1D over windows of `window` steps of `channels` features.
    struct Pooling: Sendable {
        let kind: PoolingKind
        let channels: Int
        let window: Int
        let stride: Int
        let padding: WindowPadding
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
            case .conv1d(let filters, let window, let activation, let stride, let padding):
                // Keras's Conv1D and pooling layers do not support masking and drop the mask.
                masked = false
                let inputs = config.outputShapes[i - 1][1]!
                let kernelSize = window * inputs * filters
                ops.append(.convolution(Convolution(inputs: inputs, filters: filters, window: window, stride: stride,
                                                    padding: padding, kernel: offset, bias: offset + kernelSize,
                                                    activation: activation)))
                tensors.append(offset ..< offset + kernelSize)
                tensors.append(offset + kernelSize ..< offset + kernelSize + filters)
                offset += kernelSize + filters
            case .pooling1d(let kind, let window, let stride, let padding):
                masked = false
                ops.append(.pooling(Pooling(kind: kind, channels: config.outputShapes[i][1]!, window: window,
                                            stride: stride ?? window, padding: padding)))
            case .recurrent(let spec), .bidirectional(let spec):
                let bidirectional = if case .bidirectional = layer { true } else { false }
                let op = Recurrent(cell: RecurrentCell(kind: spec.kind, inputs: config.outputShapes[i - 1][1]!, units: spec.units),
                                   bidirectional: bidirectional, returnSequences: spec.returnSequences, masked: masked,
                                   weights: offset)
                ops.append(.recurrent(op))
                for direction in 0 ..< (bidirectional ? 2 : 1) {
                    let start = offset + direction * op.cell.parameterCount
                    var previous = start
                    for shape in op.cell.tensorShapes {
                        let count = shape.reduce(1, *)
                        tensors.append(previous ..< previous + count)
                        previous += count
                    }
                }
                offset += op.parameterCount
                // Keras passes the mask on only with the whole sequence.
                masked = masked && spec.returnSequences
            }
        }
        self.ops = ops
        self.loss = config.loss
        self.tensors = tensors
        self.parameterCount = offset
        self.embeddingSize = tensors[0].count
        self.embeddingIsTrainable = config.layers[0].isTrainable
    }

    /// Steps per sample of the input (`steps[0]`, the sequence length) and of each op's output
    /// (1 for a flat one), for sequences of `length` (which `SequenceMatrix` checked the windows fit).
    func steps(length: Int) -> [Int] {
        var steps = [length]
        for op in ops {
            let last = steps.last!
            switch op {
            case .embedding, .dropout: steps.append(last)
            case .averagePool, .maxPool, .dense: steps.append(1)
            case .recurrent(let r): steps.append(r.returnSequences ? last : 1)
            case .convolution(let c): steps.append(c.padding.outputSteps(input: last, window: c.window, stride: c.stride)!)
            case .pooling(let p): steps.append(p.padding.outputSteps(input: last, window: p.window, stride: p.stride)!)
            }
        }
        return steps
    }

    /// Values per sample of the input (`widths[0]`, word indices) and of each op's output.
    func widths(length: Int) -> [Int] {
        let steps = steps(length: length)
        var widths = [length]
        for (k, op) in ops.enumerated() {
            let features: Int
            switch op {
            case .embedding(_, let dim): features = dim
            case .averagePool(let dim, _), .maxPool(let dim): features = dim
            case .dense(let dense): features = dense.units
            case .convolution(let c): features = c.filters
            case .pooling(let p): features = p.channels
            case .recurrent(let r): features = (r.bidirectional ? 2 : 1) * r.cell.units
            case .dropout:
                widths.append(widths[k])
                continue
            }
            // Saturates rather than traps: Workspace refuses a size this large.
            let (width, overflow) = steps[k + 1].multipliedReportingOverflow(by: features)
            widths.append(overflow ? Int.max : width)
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
            case .convolution(let c): work += 3 * widths[k + 1] * c.window * c.inputs
            case .recurrent(let r): work += 3 * (r.bidirectional ? 2 : 1) * r.cell.multiplyAdds(steps: length)
            default: work += 2 * Swift.max(widths[k], widths[k + 1])
            }
        }
        return work
    }

    /// Keras's initial weights: embedding uniform in [−0.05, 0.05), dense and conv1d kernels
    /// Glorot-uniform (limit √(6 / (fan_in + fan_out))), biases zero, recurrent layers as
    /// `RecurrentCell.initialize`; drawn in tensor order.
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
            case .convolution(let c):
                // Keras's fan-in and fan-out of a conv kernel count the window.
                fillUniform(c.kernel ..< c.bias, limit: (6 / Double(c.window * (c.inputs + c.filters))).squareRoot())
            case .recurrent(let r):
                parameters.withUnsafeMutableBufferPointer { p in
                    for direction in 0 ..< (r.bidirectional ? 2 : 1) {
                        let start = r.weights + direction * r.cell.parameterCount
                        r.cell.initialize(UnsafeMutableBufferPointer(rebasing: p[start ..< start + r.cell.parameterCount]), rng: &rng)
                    }
                }
            default: break
            }
        }
        return parameters
    }
}
