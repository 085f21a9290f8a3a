/// Keras's `EarlyStopping` callback: training stops once the monitored quantity has not
/// improved for `patience` epochs, and with `restoreBest` the weights of the best epoch are
/// put back when training ends (as Keras 3 does, whether or not it stopped early).
public struct EarlyStopping: Equatable, Sendable {
    /// The quantity watched at the end of every epoch.
    public enum Monitor: String, CaseIterable, Sendable {
        case valLoss = "val_loss", valAccuracy = "val_accuracy", loss, accuracy

        /// Whether smaller is better (losses) rather than larger (accuracies).
        var minimizes: Bool { self == .valLoss || self == .loss }

        /// Whether it needs validation data.
        public var isValidation: Bool { self == .valLoss || self == .valAccuracy }

        func value(_ log: EpochLog) -> Double? {
            switch self {
            case .valLoss: log.validationLoss
            case .valAccuracy: log.validationAccuracy
            case .loss: log.loss
            case .accuracy: log.accuracy
            }
        }
    }

    public var monitor: Monitor
    /// Epochs without improvement to wait before stopping (0 stops at the first one).
    public var patience: Int
    /// Smallest change that counts as an improvement.
    public var minDelta: Double
    /// Put back the weights of the best epoch when training ends.
    public var restoreBest: Bool

    public init(monitor: Monitor = .valLoss, patience: Int = 0, minDelta: Double = 0, restoreBest: Bool = false) {
        self.monitor = monitor
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBest = restoreBest
    }

    /// Throws `ModelError.invalidOption` for settings out of range or a validation quantity
    /// watched without validation data.
    func validate(validation: Validation) throws(ModelError) {
        if patience < 0 { throw .invalidOption(name: "patience", value: "\(patience)", reason: "must be at least 0") }
        if !(minDelta >= 0 && minDelta.isFinite) {
            throw .invalidOption(name: "min_delta", value: "\(minDelta)", reason: "must be a number >= 0")
        }
        if monitor.isValidation, validation == .none {
            throw .invalidOption(name: "monitor", value: monitor.rawValue,
                                 reason: "needs validation data (validation=0.2 or a file), or monitor=loss")
        }
    }
}

/// What `EarlyStopping` has seen during one `fit`.
struct EarlyStoppingTracker {
    let rule: EarlyStopping
    /// The best value so far and the (1-based) epoch that gave it.
    private(set) var best: (value: Double, epoch: Int)?
    /// The weights at the end of the best epoch, kept when `restoreBest` is set.
    private(set) var bestParameters: [Float]?
    private var wait = 0

    init(_ rule: EarlyStopping) { self.rule = rule }

    /// Takes the end of epoch `log.epoch` (1-based) with its `parameters`; returns whether
    /// training should stop now. Follows Keras's order: the wait grows, an improvement resets
    /// it, and a stop needs `wait >= patience` after the first epoch.
    mutating func shouldStop(after log: EpochLog, parameters: [Float]) -> Bool {
        guard let current = rule.monitor.value(log), current.isFinite else { return false }
        if rule.restoreBest, bestParameters == nil { bestParameters = parameters }
        wait += 1
        if isImprovement(current) {
            best = (current, log.epoch)
            if rule.restoreBest { bestParameters = parameters }
            wait = 0
            return false
        }
        return wait >= rule.patience && log.epoch > 1
    }

    private func isImprovement(_ value: Double) -> Bool {
        guard let best else { return true }
        return rule.monitor.minimizes ? value + rule.minDelta < best.value : value - rule.minDelta > best.value
    }
}
