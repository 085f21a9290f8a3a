/// One layer of a Sequential model, as written in the `model` command.
///
/// `description` gives the canonical spelling, which `init(parsing:)` reads back.
public enum LayerSpec: Equatable, Sendable, CustomStringConvertible {
    /// `embedding(INPUT_DIM,OUTPUT_DIM[,mask_zero])`: a trainable lookup table of
    /// `inputDim` rows; with `maskZero`, index 0 is padding that `gap` leaves out.
    case embedding(inputDim: Int, outputDim: Int, maskZero: Bool)
    /// `flatten`: (steps, features) becomes (steps × features).
    case flatten
    /// `gap`: GlobalAveragePooling1D, the mean over steps (unmasked steps only; a sequence
    /// with every step masked gives zeros where Keras divides by zero).
    case globalAveragePooling
    /// `gmp`: GlobalMaxPooling1D, the maximum over steps (ignores the mask, as Keras).
    case globalMaxPooling
    /// `dense(UNITS[,ACTIVATION])`: a fully connected layer; the activation defaults to linear.
    case dense(units: Int, activation: Activation)
    /// `dropout(RATE)`: while training, zeroes each value with probability `rate` and scales
    /// the rest by 1/(1 − rate); does nothing at inference.
    case dropout(rate: Double)

    /// Names accepted by the parser, in the order help should list them.
    public static let names = ["embedding", "flatten", "gap", "gmp", "dense", "dropout"]

    public var description: String {
        switch self {
        case .embedding(let inputDim, let outputDim, let maskZero):
            "embedding(\(inputDim),\(outputDim)\(maskZero ? ",mask_zero" : ""))"
        case .flatten: "flatten"
        case .globalAveragePooling: "gap"
        case .globalMaxPooling: "gmp"
        case .dense(let units, let activation): "dense(\(units),\(activation.rawValue))"
        case .dropout(let rate): "dropout(\(rate))"
        }
    }

    /// The Keras class name, shown in `summary`.
    public var kerasType: String {
        switch self {
        case .embedding: "Embedding"
        case .flatten: "Flatten"
        case .globalAveragePooling: "GlobalAveragePooling1D"
        case .globalMaxPooling: "GlobalMaxPooling1D"
        case .dense: "Dense"
        case .dropout: "Dropout"
        }
    }

    /// The prefix of Keras's automatic layer names (`dense`, then `dense_1`, …).
    var kerasName: String {
        switch self {
        case .embedding: "embedding"
        case .flatten: "flatten"
        case .globalAveragePooling: "global_average_pooling1d"
        case .globalMaxPooling: "global_max_pooling1d"
        case .dense: "dense"
        case .dropout: "dropout"
        }
    }
}
