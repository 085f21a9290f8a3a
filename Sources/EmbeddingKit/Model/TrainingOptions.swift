/// Settings of one `fit` call, with Keras's defaults.
public struct TrainingOptions: Equatable, Sendable {
    /// Passes over the training data (at least 1).
    public var epochs: Int
    /// Samples per gradient step (at least 1); the last batch of an epoch may be smaller.
    public var batchSize: Int
    /// Continued from the model's last `fit` when equal to it, started afresh otherwise.
    public var optimizer: Optimizer
    public var validation: Validation
    /// Reshuffle the training samples before every epoch.
    public var shuffle: Bool
    /// Seeds shuffling and dropout.
    public var seed: UInt64
    /// Most threads to use; `nil` for one per core.
    public var threads: Int?
    /// Stop when a quantity stops improving (Keras's `EarlyStopping` callback); nil trains every epoch.
    public var earlyStopping: EarlyStopping?

    public init(epochs: Int = 10, batchSize: Int = 32, optimizer: Optimizer = .adam(), validation: Validation = .none,
                shuffle: Bool = true, seed: UInt64 = 1, threads: Int? = nil, earlyStopping: EarlyStopping? = nil) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.validation = validation
        self.shuffle = shuffle
        self.seed = seed
        self.threads = threads
        self.earlyStopping = earlyStopping
    }

    /// Throws `ModelError.invalidOption` naming a setting out of range.
    public func validate() throws(ModelError) {
        if epochs < 1 { throw .invalidOption(name: "epochs", value: "\(epochs)", reason: "must be at least 1") }
        if batchSize < 1 { throw .invalidOption(name: "batch", value: "\(batchSize)", reason: "must be at least 1") }
        if let threads, threads < 1 { throw .invalidOption(name: "threads", value: "\(threads)", reason: "must be at least 1") }
        if case .split(let fraction) = validation, !(fraction > 0 && fraction < 1) {
            throw .invalidOption(name: "validation", value: "\(fraction)", reason: "the fraction must be between 0 and 1")
        }
        try optimizer.validate()
        try earlyStopping?.validate(validation: validation)
    }
}

/// Where validation samples come from.
public enum Validation: Equatable, Sendable {
    case none
    /// This fraction of the samples, taken from the end before shuffling, as Keras's
    /// `validation_split` (the first ⌊n·(1 − fraction)⌋ samples train).
    case split(Double)
    /// Separate padded sequences and labels.
    case data(sequences: [[Int]], labels: [Int])
}

/// One finished epoch, as Keras prints it. Losses and accuracies are sample means; the
/// training ones are accumulated over the epoch's batches as the weights changed.
public struct EpochLog: Equatable, Sendable {
    /// 1-based within the `fit` call that trained it.
    public var epoch: Int
    public var loss: Double
    public var accuracy: Double
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    /// Wall-clock time of the epoch, validation included.
    public var seconds: Double

    public init(epoch: Int, loss: Double, accuracy: Double, validationLoss: Double?, validationAccuracy: Double?, seconds: Double) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.seconds = seconds
    }
}

/// Where training is within an epoch, after each batch (for a progress bar).
public struct BatchProgress: Equatable, Sendable {
    /// 1-based epoch of this `fit` call, out of `epochs`.
    public var epoch: Int
    public var epochs: Int
    /// Batches done in this epoch, out of `batches`.
    public var batch: Int
    public var batches: Int
    /// Running means over the epoch so far.
    public var loss: Double
    public var accuracy: Double
    /// Seconds since the epoch started.
    public var seconds: Double
}

/// Why `fit` returned.
public enum TrainingStop: Equatable, Sendable {
    /// Every epoch ran.
    case completed
    /// Stopped at the caller's request after batch `batch` of epoch `epoch`; the weights
    /// include that batch's update, and the unfinished epoch is not in the history.
    case interrupted(epoch: Int, batch: Int)
    /// Batch `batch` of epoch `epoch` gave a NaN or infinite loss or gradient; its update was
    /// not applied, so the weights are those from before it.
    case nonFiniteLoss(epoch: Int, batch: Int)
    /// By batch `batch` of epoch `epoch` an update had left some weights NaN or infinite (too high
    /// a learning rate); the weights and optimizer state were restored to the start of that epoch.
    case nonFiniteWeights(epoch: Int, batch: Int)
    /// Early stopping ended training after epoch `epoch`: the monitored quantity had not improved
    /// since epoch `bestEpoch`.
    case earlyStopped(epoch: Int, bestEpoch: Int)
}

/// What a `fit` call did.
public struct TrainingReport: Equatable, Sendable {
    public var stop: TrainingStop
    /// The epochs this call completed (also appended to the model's history).
    public var epochs: [EpochLog]
    /// The epoch whose weights early stopping put back at the end (`restoreBest`), if any.
    public var restoredEpoch: Int?

    public init(stop: TrainingStop, epochs: [EpochLog], restoredEpoch: Int? = nil) {
        self.stop = stop
        self.epochs = epochs
        self.restoredEpoch = restoredEpoch
    }
}
