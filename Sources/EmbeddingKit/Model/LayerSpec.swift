/// One layer of a Sequential model, as written in the `model` command.
///
/// `description` gives the canonical spelling, which `init(parsing:)` reads back.
public enum LayerSpec: Equatable, Sendable, CustomStringConvertible {
    /// `embedding(INPUT_DIM,OUTPUT_DIM[,mask_zero][,trainable=false][,weights=TABLE])`: a lookup
    /// table of `inputDim` rows; with `maskZero`, index 0 is padding that `gap` leaves out. With
    /// `trainable` false training leaves it unchanged (Keras's frozen layer); `weights` names a
    /// table of pre-trained vectors whose rows it starts from, matched through a tokenizer's
    /// word index (`SequentialModel.loadEmbedding`).
    case embedding(inputDim: Int, outputDim: Int, maskZero: Bool, trainable: Bool = true, weights: String? = nil)
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
    /// `spatialdropout1d(RATE)`: Keras's SpatialDropout1D — while training, drops whole features
    /// (the same ones at every step of a sample) with probability `rate`, scaling the rest by
    /// 1/(1 − rate); does nothing at inference.
    case spatialDropout(rate: Double)
    /// `conv1d(FILTERS,KERNEL_SIZE[,ACTIVATION][,strides=S][,padding=valid|same])`: Keras's Conv1D,
    /// `filters` outputs per step, each from a window of `kernelSize` steps; linear by default.
    case conv1d(filters: Int, kernelSize: Int, activation: Activation, strides: Int, padding: WindowPadding)
    /// `maxpool1d(POOL_SIZE[,strides=S][,padding=…])` / `avgpool1d(…)`: Keras's MaxPooling1D and
    /// AveragePooling1D over windows of `size` steps; `strides` nil means the window size.
    case pooling1d(PoolingKind, size: Int, strides: Int?, padding: WindowPadding)
    /// `lstm(UNITS[,return_sequences])` / `gru(…)`: a recurrent layer (Keras 3 defaults).
    case recurrent(RecurrentSpec)
    /// `bidirectional(lstm(…)|gru(…))`: the layer run forwards and backwards, outputs
    /// concatenated (Keras's merge_mode='concat').
    case bidirectional(RecurrentSpec)

    /// Names accepted by the parser, in the order help should list them.
    public static let names = ["embedding", "flatten", "gap", "gmp", "dense", "dropout", "spatialdropout1d",
                               "conv1d", "maxpool1d", "avgpool1d", "lstm", "gru", "bidirectional"]

    /// Keras's class names and aliases (lowercased) for the layers whose short names differ.
    public static let kerasNames = ["globalaveragepooling1d": "gap", "globalaveragepool1d": "gap",
                                    "globalmaxpooling1d": "gmp", "globalmaxpool1d": "gmp",
                                    "maxpooling1d": "maxpool1d", "averagepooling1d": "avgpool1d"]

    /// Each layer's arguments in order, as Keras names them (for keyword arguments and help).
    public static let parameters = ["embedding": ["input_dim", "output_dim", "mask_zero", "trainable", "weights"],
                                    "dense": ["units", "activation"],
                                    "dropout": ["rate"], "spatialdropout1d": ["rate"],
                                    "conv1d": ["filters", "kernel_size", "activation", "strides", "padding"],
                                    "maxpool1d": ["pool_size", "strides", "padding"],
                                    "avgpool1d": ["pool_size", "strides", "padding"],
                                    "lstm": ["units", "return_sequences"], "gru": ["units", "return_sequences"],
                                    "bidirectional": ["layer", "merge_mode"]]

    /// Accepted embedding `input_dim` (vocabulary size): larger than any real vocabulary.
    public static let inputDimRange = 1 ... 10_000_000
    /// Accepted embedding `output_dim` (vector size).
    public static let outputDimRange = 1 ... EmbeddingTable.maxDimension
    /// Accepted dense `units`.
    public static let unitsRange = 1 ... 1_000_000
    /// Accepted window sizes and strides of conv1d and pooling layers.
    public static let windowRange = 1 ... SequenceLimits.maxLength

    /// What is wrong with an argument out of its declared range (e.g. "units must be a whole
    /// number from 1 to 1000000, got 0"), or nil; the parser and `ModelConfig` apply the same rule.
    public var argumentProblem: String? {
        switch self {
        case .embedding(let inputDim, let outputDim, _, _, let weights):
            Self.rangeProblem("input_dim", inputDim, Self.inputDimRange)
                ?? Self.rangeProblem("output_dim", outputDim, Self.outputDimRange)
                ?? weights.flatMap(Self.tableNameProblem)
        case .dense(let units, _): Self.rangeProblem("units", units, Self.unitsRange)
        case .dropout(let rate), .spatialDropout(let rate): rate >= 0 && rate < 1 ? nil : Self.rateProblem("\(rate)")
        case .conv1d(let filters, let kernelSize, _, let strides, _):
            Self.rangeProblem("filters", filters, Self.unitsRange)
                ?? Self.rangeProblem("kernel_size", kernelSize, Self.windowRange)
                ?? Self.rangeProblem("strides", strides, Self.windowRange)
        case .pooling1d(_, let size, let strides, _):
            Self.rangeProblem("pool_size", size, Self.windowRange)
                ?? strides.flatMap { Self.rangeProblem("strides", $0, Self.windowRange) }
        case .recurrent(let spec), .bidirectional(let spec): Self.rangeProblem("units", spec.units, Self.unitsRange)
        case .flatten, .globalAveragePooling, .globalMaxPooling: nil
        }
    }

    static func rangeProblem(_ name: String, _ value: Int, _ range: ClosedRange<Int>) -> String? {
        range.contains(value) ? nil : wholeNumberProblem(name, range, got: "\(value)")
    }

    static func wholeNumberProblem(_ name: String, _ range: ClosedRange<Int>, got text: String) -> String {
        "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(text)"
    }

    static func rateProblem(_ text: String) -> String { "rate must be a number in [0, 1), got \(text)" }

    /// What is wrong with `name` as the table of an embedding's `weights=` (a session object
    /// name: a letter or `_`, then letters, digits, `_`, `.` or `-`), or nil.
    static func tableNameProblem(_ name: String) -> String? {
        let scalars = Array(name.unicodeScalars)
        func letter(_ c: Unicode.Scalar) -> Bool { c.isASCII && (c.properties.isAlphabetic || c == "_") }
        guard let first = scalars.first, letter(first),
              scalars.allSatisfy({ letter($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }) else {
            return "weights must name a table of the session, got '\(name)'"
        }
        return nil
    }

    /// Whether training changes this layer's weights (false for a frozen embedding).
    public var isTrainable: Bool {
        if case .embedding(_, _, _, let trainable, _) = self { trainable } else { true }
    }

    public var description: String {
        switch self {
        case .embedding(let inputDim, let outputDim, let maskZero, let trainable, let weights):
            "embedding(\(inputDim),\(outputDim)\(maskZero ? ",mask_zero" : "")\(trainable ? "" : ",trainable=false")"
                + "\(weights.map { ",weights=\($0)" } ?? ""))"
        case .flatten: "flatten"
        case .globalAveragePooling: "gap"
        case .globalMaxPooling: "gmp"
        case .dense(let units, let activation): "dense(\(units),\(activation.rawValue))"
        case .dropout(let rate): "dropout(\(rate))"
        case .spatialDropout(let rate): "spatialdropout1d(\(rate))"
        case .conv1d(let filters, let kernelSize, let activation, let strides, let padding):
            "conv1d(\(filters),\(kernelSize),\(activation.rawValue)\(strides == 1 ? "" : ",strides=\(strides)")"
                + "\(padding == .valid ? "" : ",padding=\(padding.rawValue)"))"
        case .pooling1d(let kind, let size, let strides, let padding):
            "\(kind == .max ? "maxpool1d" : "avgpool1d")(\(size)\(strides.map { ",strides=\($0)" } ?? "")"
                + "\(padding == .valid ? "" : ",padding=\(padding.rawValue)"))"
        case .recurrent(let spec): spec.description
        case .bidirectional(let spec): "bidirectional(\(spec.description))"
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
        case .spatialDropout: "SpatialDropout1D"
        case .conv1d: "Conv1D"
        case .pooling1d(.max, _, _, _): "MaxPooling1D"
        case .pooling1d(.average, _, _, _): "AveragePooling1D"
        case .recurrent(let spec): spec.kind == .lstm ? "LSTM" : "GRU"
        case .bidirectional: "Bidirectional"
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
        case .spatialDropout: "spatial_dropout1d"
        case .conv1d: "conv1d"
        case .pooling1d(.max, _, _, _): "max_pooling1d"
        case .pooling1d(.average, _, _, _): "average_pooling1d"
        case .recurrent(let spec): spec.kind.rawValue
        case .bidirectional: "bidirectional"
        }
    }
}
