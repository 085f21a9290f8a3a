import EmbeddingKit

/// `train`'s early stopping, with Keras's `EarlyStopping` argument names: on when any of them is given.
enum EarlyStoppingOptions {
    static let patience = Option.int("patience", 0...1_000_000,
                                     help: "early stopping: epochs without improvement before training stops (default 0 once "
                                         + "monitor=, min_delta= or restore_best= is given)")
    static let monitor = Option.choice("monitor", EarlyStopping.Monitor.self,
                                       help: "early stopping: the quantity watched (default val_loss, which needs validation=)")
    static let minDelta = Option.double("min_delta", 0...1e9, help: "early stopping: the smallest change that counts as an improvement (default 0)")
    static let restoreBest = Option.bool("restore_best", help: "early stopping: put back the best epoch's weights when training ends",
                                         aliases: [.spelling("restore_best_weights")])
    static let all: [any OptionDeclaration] = [patience, monitor, minDelta, restoreBest]

    /// The early-stopping rule the options describe, or nil when none of them was given.
    static func rule(_ arguments: Arguments) -> EarlyStopping? {
        guard all.contains(where: { arguments.token(of: $0) != nil }) else { return nil }
        return EarlyStopping(monitor: arguments[monitor] ?? .valLoss, patience: arguments[patience] ?? 0,
                             minDelta: arguments[minDelta] ?? 0, restoreBest: arguments[restoreBest])
    }
}
