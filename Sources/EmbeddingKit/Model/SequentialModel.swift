/// A Keras-style Sequential text classifier: an embedding of word indices, then flatten or
/// pooling and dense layers, trained with the loss its last layer implies.
///
/// A value: `fit` mutates a copy's weights, so a caller can train a copy and keep the
/// original when it decides to throw the result away.
public struct SequentialModel: Sendable {
    public let config: ModelConfig
    let network: Network
    /// All weights, laid out as `Network` describes.
    var parameters: [Float]
    var optimizerSlots: OptimizerSlots?
    /// Every epoch trained so far, over all `fit` calls.
    public internal(set) var history: [EpochLog]

    /// A new model with Keras's initialisation, drawn deterministically from `seed`.
    public init(config: ModelConfig, seed: UInt64 = 1) {
        self.config = config
        network = Network(config)
        parameters = network.initialParameters(seed: seed)
        optimizerSlots = nil
        history = []
    }

    init(config: ModelConfig, parameters: [Float], optimizerSlots: OptimizerSlots?, history: [EpochLog]) {
        self.config = config
        network = Network(config)
        self.parameters = parameters
        self.optimizerSlots = optimizerSlots
        self.history = history
    }

    /// The weight tensors in Keras `get_weights()` order: the embedding matrix
    /// (input_dim × output_dim), then each dense layer's kernel (inputs × units) and bias,
    /// all row-major.
    public var weights: [[Float]] {
        network.tensors.map { Array(parameters[$0]) }
    }

    /// The `summary` table.
    public var summary: ModelSummary { ModelSummary(config) }

    /// The embedding matrix of layer `layer` (row i is word index i), to make a table from.
    public func embeddingWeights(layer: Int = 0) throws(ModelError) -> (rows: Int, dim: Int, values: [Float]) {
        guard config.layers.indices.contains(layer) else {
            throw .invalidOption(name: "layer", value: "\(layer)", reason: "the model has layers 0 to \(config.layers.count - 1)")
        }
        guard case .embedding(let rows, let dim, _, _, _) = config.layers[layer] else {
            throw .notAnEmbedding(index: layer, name: summary.rows[layer].name)
        }
        return (rows, dim, Array(parameters[network.tensors[0]]))
    }
}
