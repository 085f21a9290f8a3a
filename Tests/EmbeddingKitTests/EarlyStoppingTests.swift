import XCTest
@testable import EmbeddingKit

/// Keras's EarlyStopping callback, step by step and inside `fit`.
final class EarlyStoppingTests: XCTestCase {
    private func log(_ epoch: Int, loss: Double, valLoss: Double? = nil, valAccuracy: Double? = nil) -> EpochLog {
        EpochLog(epoch: epoch, loss: loss, accuracy: 0, validationLoss: valLoss, validationAccuracy: valAccuracy, seconds: 0)
    }

    /// The epoch after which training stops for a series of monitored values (nil: never).
    private func stopEpoch(_ rule: EarlyStopping, _ values: [Double]) -> Int? {
        var tracker = EarlyStoppingTracker(rule)
        for (i, value) in values.enumerated() {
            let entry = rule.monitor == .valAccuracy ? log(i + 1, loss: 0, valAccuracy: value) : log(i + 1, loss: value, valLoss: value)
            if tracker.shouldStop(after: entry, parameters: [Float(i)]) { return i + 1 }
        }
        return nil
    }

    func testPatienceCountsEpochsWithoutImprovementAsKerasDoes() {
        XCTAssertEqual(stopEpoch(EarlyStopping(patience: 0), [1.0, 0.9, 0.95]), 3, "patience 0: the first epoch without improvement")
        XCTAssertEqual(stopEpoch(EarlyStopping(patience: 2), [1.0, 0.9, 0.95, 0.91, 0.8]), 4)
        XCTAssertNil(stopEpoch(EarlyStopping(patience: 2), [1.0, 0.9, 0.95, 0.85, 0.86]), "an improvement resets the wait")
        XCTAssertEqual(stopEpoch(EarlyStopping(patience: 0), [1.0]), nil, "never after the first epoch")
        XCTAssertEqual(stopEpoch(EarlyStopping(patience: 1, minDelta: 0.1), [1.0, 0.95, 0.92]), 2, "smaller changes do not count")
        XCTAssertEqual(stopEpoch(EarlyStopping(patience: 1), [1.0, 0.95, 0.96]), 3, "patience 1 stops where 0 does: the wait grows first")
        XCTAssertEqual(stopEpoch(EarlyStopping(monitor: .valAccuracy, patience: 1), [0.5, 0.6, 0.6, 0.55]), 3, "accuracy: larger is better")
    }

    func testTheBestEpochsWeightsAreKeptWhenAsked() {
        var tracker = EarlyStoppingTracker(EarlyStopping(monitor: .loss, patience: 5, restoreBest: true))
        for (epoch, loss) in [(1, 1.0), (2, 0.5), (3, 0.7)] { _ = tracker.shouldStop(after: log(epoch, loss: loss), parameters: [Float(epoch)]) }
        XCTAssertEqual(tracker.best?.epoch, 2)
        XCTAssertEqual(tracker.bestParameters, [2])
        var without = EarlyStoppingTracker(EarlyStopping(monitor: .loss))
        _ = without.shouldStop(after: log(1, loss: 1), parameters: [1])
        XCTAssertNil(without.bestParameters, "no copy unless restoring")
    }

    func testValidationQuantitiesNeedValidationData() {
        let options = TrainingOptions(earlyStopping: EarlyStopping(monitor: .valLoss))
        XCTAssertThrowsError(try options.validate()) {
            XCTAssertEqual($0 as? ModelError, .invalidOption(name: "monitor", value: "val_loss",
                                                              reason: "needs validation data (validation=0.2 or a file), or monitor=loss"))
        }
        XCTAssertNoThrow(try TrainingOptions(validation: .split(0.2), earlyStopping: EarlyStopping()).validate())
        XCTAssertThrowsError(try TrainingOptions(earlyStopping: EarlyStopping(monitor: .loss, patience: -1)).validate())
    }

    func testFitStopsEarlyAndRestoresTheBestWeights() throws {
        var tokenizer = try Tokenizer()
        let texts = ["good film", "bad film", "good book", "bad book", "a good day", "a bad day", "good", "bad"]
        let labels = [1, 0, 1, 0, 1, 0, 1, 0]
        try tokenizer.fit(texts: texts)
        let sequences = try padSequences(tokenizer.textsToSequences(texts), maxlen: 3)
        let config = try ModelConfig(parsing: ["embedding(20,4)", "gap", "dense(1,sigmoid)"], inputLength: 3)
        // A learning rate so high the loss soon stops improving.
        let optimizer = Optimizer.adam(learningRate: 2)
        let rule = EarlyStopping(monitor: .loss, patience: 2, restoreBest: true)
        var model = SequentialModel(config: config, seed: 1)
        let report = try model.fit(sequences: sequences, labels: labels,
                                   options: TrainingOptions(epochs: 200, batchSize: 8, optimizer: optimizer, earlyStopping: rule))
        guard case .earlyStopped(let epoch, let best) = report.stop else { return XCTFail("\(report.stop)") }
        XCTAssertEqual(epoch, report.epochs.count)
        XCTAssertLessThan(epoch, 200)
        XCTAssertEqual(report.restoredEpoch, best)
        let bestLoss = report.epochs[best - 1].loss
        XCTAssertEqual(bestLoss, report.epochs.map(\.loss).min())
        XCTAssertEqual(epoch - best, 2, "patience 2")
        // The restored weights are those after the best epoch: training again from the same start
        // for exactly `best` epochs gives them.
        var again = SequentialModel(config: config, seed: 1)
        try again.fit(sequences: sequences, labels: labels,
                      options: TrainingOptions(epochs: best, batchSize: 8, optimizer: optimizer))
        XCTAssertEqual(model.weights, again.weights)
    }
}
