/// An LSTM or GRU layer's recurrence for one sample at a time, with Keras 3's semantics
/// (`keras.layers.LSTM` / `GRU` with their defaults: tanh activation, sigmoid recurrent
/// activation, GRU `reset_after=True`), for the model engine to run per sample on each thread.
///
/// Weights are one contiguous block in Keras's `get_weights()` order, row-major:
/// kernel (`inputs × width`), recurrent kernel (`units × width`), bias (`width`, or `2 × width`
/// for GRU: input bias then recurrent bias), where `width` is `gates × units` and the gates are
/// i, f, c, o (LSTM) or z, r, h (GRU).
///
/// A sample is `steps × inputs` floats, row-major. `mask[t] == false` marks step t as padding
/// (Keras's mask, e.g. word index 0 under `mask_zero`): the state is carried over it unchanged.
/// `forward` fills a caller-owned cache of `cacheFloats(steps:)` floats that `backward` reads
/// (and overwrites with gradients), so threads working on different samples share nothing but
/// the read-only weights.
public struct RecurrentCell: Hashable, Sendable {
    /// The kind of cell.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        case lstm, gru

        /// Gates per unit: 4 for LSTM (i, f, c, o), 3 for GRU (z, r, h).
        public var gates: Int { self == .lstm ? 4 : 3 }
    }

    public let kind: Kind
    /// Features per input step.
    public let inputs: Int
    /// Width of the state and of each output step.
    public let units: Int

    /// A cell of `kind` reading `inputs` features per step into `units` units (both ≥ 1).
    public init(kind: Kind, inputs: Int, units: Int) {
        precondition(inputs >= 1 && units >= 1, "a recurrent cell needs inputs and units ≥ 1")
        self.kind = kind
        self.inputs = inputs
        self.units = units
    }

    /// Gates × units: the width of a step's pre-activations.
    public var width: Int { kind.gates * units }

    /// The shapes of the weight tensors in Keras `get_weights()` order.
    public var tensorShapes: [[Int]] {
        [[inputs, width], [units, width], kind == .lstm ? [width] : [2, width]]
    }

    /// Floats in the weight block: kernel, recurrent kernel and bias.
    public var parameterCount: Int { (inputs + units + (kind == .lstm ? 1 : 2)) * width }

    /// Offsets of the tensors inside the weight block.
    var kernelOffset: Int { 0 }
    var recurrentOffset: Int { inputs * width }
    var biasOffset: Int { (inputs + units) * width }

    /// Floats of output for `steps` steps: `steps × units` with `returnSequences`, else `units`.
    public func outputCount(steps: Int, returnSequences: Bool) -> Int { returnSequences ? steps * units : units }

    /// Floats of cache that `forward` and `backward` need for `steps` steps.
    public func cacheFloats(steps: Int) -> Int { CacheLayout(self, steps: steps).total }

    /// Multiply-adds of one sample's forward pass (backward costs about twice as many), for
    /// deciding how many threads a batch is worth.
    public func multiplyAdds(steps: Int) -> Int { steps * (inputs + units) * width }
}

/// How a cell runs over a sequence.
public struct RecurrentOptions: Hashable, Sendable {
    /// Output every step (`steps × units`, in time order) rather than the last output only.
    public var returnSequences: Bool
    /// Process the steps from last to first (Keras `go_backwards`, the backward half of
    /// `Bidirectional`). Output rows stay in time order: row t is the output after reading step
    /// t, which is what `Bidirectional` concatenates (it flips Keras's processing-order output
    /// back); the last output is the state after reading step 0.
    public var reverse: Bool
    /// Masked steps output zeros instead of the carried state (Keras forces this for the layers
    /// of a `Bidirectional` that returns sequences; a plain layer carries the state).
    public var zeroMaskedOutputs: Bool

    public init(returnSequences: Bool = false, reverse: Bool = false, zeroMaskedOutputs: Bool = false) {
        self.returnSequences = returnSequences
        self.reverse = reverse
        self.zeroMaskedOutputs = zeroMaskedOutputs
    }
}

/// Where each part of a cell's cache lies, in floats. Rows indexed by t are in time order,
/// rows indexed by p in processing order (p = t, or steps − 1 − t when reversed).
struct CacheLayout {
    let steps: Int
    /// Per t: the gate activations (`width`).
    let activations: Int
    /// Per t: LSTM tanh(c), GRU the recurrent part of the candidate, U_h·h + b_rh (`units`).
    let auxiliary: Int
    /// Per p: the state h before step p, plus the final state (`steps + 1` rows of `units`).
    let hidden: Int
    /// Per p: the LSTM cell state c likewise (absent for GRU).
    let cellState: Int
    /// Per t: the gradient of the pre-activations on the input side (`width`).
    let gradient: Int
    /// Per t: GRU's gradient on the recurrent side (it differs in the candidate's part).
    let recurrentGradient: Int
    /// `width` + 3 × `units` floats of scratch.
    let scratch: Int
    let total: Int

    init(_ cell: RecurrentCell, steps: Int) {
        precondition(steps >= 1, "a recurrent cell needs at least one step")
        let (w, u) = (cell.width, cell.units)
        self.steps = steps
        activations = 0
        auxiliary = steps * w
        hidden = auxiliary + steps * u
        cellState = hidden + (steps + 1) * u
        gradient = cellState + (cell.kind == .lstm ? (steps + 1) * u : 0)
        recurrentGradient = gradient + steps * w
        scratch = recurrentGradient + (cell.kind == .gru ? steps * w : 0)
        total = scratch + w + 3 * u
    }

    /// The time index of processing step p.
    @inline(__always)
    func time(_ p: Int, reverse: Bool) -> Int { reverse ? steps - 1 - p : p }
}
