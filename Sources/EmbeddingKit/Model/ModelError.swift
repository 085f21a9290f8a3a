/// Why a model cannot be defined, restored, trained or run; each case names the offending
/// layer, value or sample.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A layer spec that does not parse; `offset` is the character offset of the problem in `spec`.
    case badLayerSpec(spec: String, offset: Int, reason: String)
    /// A layer that cannot follow the layers before it (`index` counts from 0).
    case incompatibleLayer(index: Int, spec: String, reason: String)
    /// A model needs at least one layer.
    case noLayers
    /// `input_length` must be from 1 to `SequenceLimits.maxLength`.
    case invalidInputLength(Int)
    /// The model would have more parameters than memory allows.
    case tooLarge(parameters: Double)
    /// A training or inference setting out of range.
    case invalidOption(name: String, value: String, reason: String)
    /// Input data that cannot be used (no samples, ragged rows, counts that differ).
    case badData(String)
    /// A word index outside the embedding's `input_dim`.
    case indexOutOfRange(index: Int, sample: Int, inputDim: Int)
    /// A label the output layer cannot produce.
    case badLabel(label: Int, sample: Int, expected: String)
    /// Sequences whose length differs from the model's `input_length`.
    case lengthMismatch(length: Int, inputLength: Int)
    /// `validation_split` leaves no training or no validation samples.
    case validationSplitTooSmall(samples: Int, fraction: Double)
    /// The layer asked for by `extract` is not an embedding.
    case notAnEmbedding(index: Int, name: String)
    /// A stored model state that does not hold together.
    case invalidState(String)
    /// Training or running the model would need more memory than the machine can give.
    case memory(MemoryError)

    public var description: String {
        switch self {
        case .badLayerSpec(let spec, let offset, let reason):
            "bad layer spec '\(spec)' at character \(offset): \(reason)"
        case .incompatibleLayer(let index, let spec, let reason):
            "layer \(index) (\(spec)): \(reason)"
        case .noLayers:
            "a model needs at least one layer"
        case .invalidInputLength(let n):
            "input_length must be from 1 to \(SequenceLimits.maxLength), got \(n)"
        case .tooLarge(let parameters):
            "the model would have \(Int(exactly: parameters).map(String.init) ?? "\(parameters)") parameters, "
                + "more than \(ModelConfig.maximumParameters)"
        case .invalidOption(let name, let value, let reason):
            "\(name)=\(value): \(reason)"
        case .badData(let reason):
            reason
        case .indexOutOfRange(let index, let sample, let inputDim):
            "sample \(sample) has word index \(index), outside the embedding's input_dim \(inputDim) "
                + "(input_dim must exceed the largest index)"
        case .badLabel(let label, let sample, let expected):
            "sample \(sample) has label \(label); \(expected)"
        case .lengthMismatch(let length, let inputLength):
            "sequences have length \(length) but the model's input_length is \(inputLength)"
        case .validationSplitTooSmall(let samples, let fraction):
            "\(samples) samples cannot be split into training and validation sets with validation=\(fraction)"
        case .notAnEmbedding(let index, let name):
            "layer \(index) (\(name)) is not an embedding"
        case .invalidState(let reason):
            "invalid model state: \(reason)"
        case .memory(let error):
            error.description
        }
    }
}
