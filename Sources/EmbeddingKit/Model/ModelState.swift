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

    /// Restores a stored state; throws `ModelError` for layers that do not fit together or
    /// weights and optimizer slots whose sizes do not match the layers.
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
            guard stored.iterations >= 0 else { throw .invalidState("negative optimizer iterations \(stored.iterations)") }
            let slotCount = stored.optimizer.slotCount
            let momentums = slotCount >= 1 ? try flatten(stored.momentums, "momentum") : []
            let velocities = slotCount == 2 ? try flatten(stored.velocities, "velocity") : []
            if slotCount < 1 && !stored.momentums.isEmpty || slotCount < 2 && !stored.velocities.isEmpty {
                throw .invalidState("optimizer slots that \(stored.optimizer.kind.rawValue) does not use")
            }
            slots = OptimizerSlots(optimizer: stored.optimizer, iterations: stored.iterations,
                                   momentums: momentums, velocities: velocities)
        }
        self.init(config: config, parameters: parameters, optimizerSlots: slots, history: state.history)
    }
}
