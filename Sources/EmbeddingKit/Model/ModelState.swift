import Foundation

/// A model's whole state as plain values, to store (e.g. in a session file) and restore with
/// `SequentialModel(state:)`. Layers are stored by their specs (`LayerSpec.description`
/// parses back with `LayerSpec(parsing:)`).
public struct ModelState: Equatable, Sendable {
    public var layers: [LayerSpec]
    public var inputLength: Int?
    /// Weight tensors in `SequentialModel.weights` order.
    public var weights: [[Float]]
    /// The optimizer of the last `fit`, if any, to continue training where it stopped.
    public var optimizer: OptimizerState?
    public var history: [EpochLog]

    public init(layers: [LayerSpec], inputLength: Int?, weights: [[Float]], optimizer: OptimizerState?, history: [EpochLog]) {
        self.layers = layers
        self.inputLength = inputLength
        self.weights = weights
        self.optimizer = optimizer
        self.history = history
    }
}

extension SequentialModel {
    /// The state to store.
    public var state: ModelState {
        ModelState(layers: config.layers, inputLength: config.inputLength, weights: weights,
                   optimizer: optimizerState, history: history)
    }

    /// The optimizer of the last `fit` and its progress; `nil` before any training.
    public var optimizerState: OptimizerState? {
        optimizerSlots.map { slots in
            OptimizerState(optimizer: slots.optimizer, iterations: slots.iterations,
                           momentums: slots.momentums.isEmpty ? [] : network.tensors.map { Array(slots.momentums[$0]) },
                           velocities: slots.velocities.isEmpty ? [] : network.tensors.map { Array(slots.velocities[$0]) })
        }
    }

    /// The largest loss training can record: the cross-entropy of a probability clipped at
    /// `Loss.epsilon`, −ln(1e-7) ≈ 16.12 (with room for Float rounding).
    static let largestLoss = -log(Double(Loss.epsilon)) * (1 + 1e-6)

    /// Most optimizer steps a stored state may claim (more than any training takes, and far
    /// from where counting on would overflow).
    public static let maximumIterations = 1 << 53

    /// Restores a stored state; throws `ModelError` for layers that do not fit together,
    /// weights and optimizer slots whose sizes do not match the layers, optimizer settings or
    /// iterations out of range, or a history entry that training could not have recorded (an
    /// epoch below 1, a validation loss without its accuracy or the reverse, a loss outside 0
    /// to `largestLoss`, an accuracy outside 0 to 1, NaN, a negative time). For the values of weights and slots see `checkValues()`.
    public init(state: ModelState) throws(ModelError) {
        let config = try ModelConfig(layers: state.layers, inputLength: state.inputLength)
        let network = Network(config)
        func flatten(_ tensors: [[Float]], _ what: String) throws(ModelError) -> [Float] {
            guard tensors.count == network.tensors.count else {
                throw .invalidState("\(tensors.count) \(what) tensors for \(network.tensors.count) weights")
            }
            for (i, tensor) in tensors.enumerated() where tensor.count != network.tensors[i].count {
                throw .invalidState("\(what) tensor \(i) has \(tensor.count) values, expected \(network.tensors[i].count)")
            }
            return Array(tensors.joined())
        }
        let parameters = try flatten(state.weights, "weight")
        var slots: OptimizerSlots?
        if let stored = state.optimizer {
            try stored.optimizer.validate()
            guard (0 ... Self.maximumIterations).contains(stored.iterations) else {
                throw .invalidState("optimizer iterations \(stored.iterations), expected 0 to \(Self.maximumIterations)")
            }
            let slotCount = stored.optimizer.slotCount
            let momentums = slotCount >= 1 ? try flatten(stored.momentums, "momentum") : []
            let velocities = slotCount == 2 ? try flatten(stored.velocities, "velocity") : []
            if slotCount < 1 && !stored.momentums.isEmpty || slotCount < 2 && !stored.velocities.isEmpty {
                throw .invalidState("optimizer slots that \(stored.optimizer.kind.rawValue) does not use")
            }
            slots = OptimizerSlots(optimizer: stored.optimizer, iterations: stored.iterations,
                                   momentums: momentums, velocities: velocities)
        }
        for (i, log) in state.history.enumerated() {
            let losses = [log.loss] + (log.validationLoss.map { [$0] } ?? [])
            let accuracies = [log.accuracy] + (log.validationAccuracy.map { [$0] } ?? [])
            guard log.epoch >= 1, (log.validationLoss == nil) == (log.validationAccuracy == nil),
                  losses.allSatisfy({ $0 >= 0 && $0 <= Self.largestLoss }),
                  accuracies.allSatisfy({ $0 >= 0 && $0 <= 1 }), log.seconds.isFinite, log.seconds >= 0 else {
                throw .invalidState("history entry \(i) has epoch \(log.epoch), losses \(losses), accuracies \(accuracies) "
                    + "and \(log.seconds) seconds; training records epochs from 1, validation loss and accuracy together, losses from 0 to "
                    + "−ln(1e-7) ≈ 16.12, accuracies from 0 to 1 and times >= 0")
            }
        }
        self.init(config: config, parameters: parameters, optimizerSlots: slots, history: state.history)
    }
}

extension ModelState {
    /// Throws `ModelError.invalidState` for a weight or optimizer slot that is not finite, or an
    /// Adam second moment below zero: values training never keeps (it stops at the last finite
    /// state), so a stored state holding one was not written by training.
    public func checkValues() throws(ModelError) {
        func check(_ tensors: [[Float]], _ what: String, _ valid: (Float) -> Bool) throws(ModelError) {
            for (i, tensor) in tensors.enumerated() {
                if let bad = tensor.firstIndex(where: { !valid($0) }) {
                    throw .invalidState("\(what) tensor \(i) holds \(tensor[bad]) at \(bad)")
                }
            }
        }
        try check(weights, "weight", \.isFinite)
        try check(optimizer?.momentums ?? [], "momentum", \.isFinite)
        try check(optimizer?.velocities ?? [], "velocity") { $0.isFinite && $0 >= 0 }
    }
}
