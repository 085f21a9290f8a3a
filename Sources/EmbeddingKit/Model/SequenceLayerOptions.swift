/// How a window (a convolution kernel or a pool) meets the ends of a sequence, as Keras's `padding=`.
public enum WindowPadding: String, CaseIterable, Equatable, Sendable {
    /// Only windows that lie wholly inside the sequence: ⌊(steps − window) / stride⌋ + 1 outputs.
    case valid
    /// ⌈steps / stride⌉ outputs, the sequence padded at both ends (the odd step at the end).
    case same

    /// Output steps for `steps` input steps, or nil when a valid window does not fit.
    public func outputSteps(input steps: Int, window: Int, stride: Int) -> Int? {
        switch self {
        case .valid: steps >= window ? (steps - window) / stride + 1 : nil
        case .same: (steps + stride - 1) / stride
        }
    }

    /// Steps added before the first input step (TensorFlow's and Keras's rule: half the total
    /// padding, rounded down).
    func leadingPad(input steps: Int, window: Int, stride: Int) -> Int {
        guard self == .same, let outputs = outputSteps(input: steps, window: window, stride: stride) else { return 0 }
        return Swift.max(0, (outputs - 1) * stride + window - steps) / 2
    }
}

/// What a 1-D pooling layer computes over each window.
public enum PoolingKind: String, Equatable, Sendable {
    /// MaxPooling1D: the largest value.
    case max
    /// AveragePooling1D: the mean of the window's steps inside the sequence (padding is not counted).
    case average
}

/// An LSTM or GRU layer's settings (Keras 3 defaults otherwise: tanh, sigmoid recurrent
/// activation, GRU with reset_after).
public struct RecurrentSpec: Equatable, Sendable {
    public typealias Kind = RecurrentCell.Kind

    public var kind: Kind
    public var units: Int
    /// Output every step's state (steps, units) rather than the last one (units).
    public var returnSequences: Bool

    public init(kind: Kind, units: Int, returnSequences: Bool = false) {
        self.kind = kind
        self.units = units
        self.returnSequences = returnSequences
    }

    /// Parameters of one direction on `inputs` features: kernel, recurrent kernel and bias
    /// (GRU's reset_after bias has two rows), or nil on overflow.
    func parameters(inputs: Int) -> Int? {
        let biasRows = kind == .gru ? 2 : 1
        return MemoryBudget.product([kind.gates, units, inputs + units + biasRows])
    }

    public var description: String {
        "\(kind.rawValue)(\(units)\(returnSequences ? ",return_sequences" : ""))"
    }
}
