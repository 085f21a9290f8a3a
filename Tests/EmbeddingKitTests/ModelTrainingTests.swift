import XCTest
@testable import EmbeddingKit

/// Short reviews whose class shows only in a few sentiment words among neutral filler.
private struct ReviewTask {
    static let words = [["good", "great", "excellent", "love", "wonderful"],
                        ["bad", "awful", "terrible", "hate", "boring"],
                        ["okay", "average", "fine", "mediocre", "passable"]]
    static let filler = ["the", "movie", "was", "a", "plot", "actor", "film", "and", "it", "story", "i", "this",
                         "really", "very", "quite", "scene", "music", "end", "of", "with"]

    var texts: [String] = []
    var labels: [Int] = []

    init(count: Int, classes: Int, seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        for _ in 0..<count {
            let label = Int(rng.next() % UInt64(classes))
            var words = (0 ..< 4 + Int(rng.next() % 6)).map { _ in Self.filler.randomElement(using: &rng)! }
            for _ in 0 ..< 1 + Int(rng.next() % 2) {
                words.insert(Self.words[label].randomElement(using: &rng)!, at: Int(rng.next() % UInt64(words.count + 1)))
            }
            texts.append(words.joined(separator: " "))
            labels.append(label)
        }
    }
}

private final class Counter: @unchecked Sendable {
    var value = 0
}

final class ModelTrainingTests: XCTestCase {
    private func sequences(_ tokenizer: Tokenizer, _ texts: [String], maxlen: Int) throws -> [[Int]] {
        try padSequences(tokenizer.textsToSequences(texts), maxlen: maxlen, padding: .post, truncating: .post)
    }

    private func cosine(_ table: (rows: Int, dim: Int, values: [Float]), _ a: Int, _ b: Int) -> Double {
        let u = table.values[a * table.dim ..< (a + 1) * table.dim], v = table.values[b * table.dim ..< (b + 1) * table.dim]
        let dot = zip(u, v).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        return dot / (u.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot() * v.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot())
    }

    func testLearnsSeparableBinaryTaskAndGroupsSimilarWords() throws {
        let train = ReviewTask(count: 400, classes: 2, seed: 1), test = ReviewTask(count: 200, classes: 2, seed: 2)
        var tokenizer = try Tokenizer()
        try tokenizer.fit(texts: train.texts)
        let config = try ModelConfig(parsing: ["embedding(\(tokenizer.vocabularySize + 1),8)", "gap", "dense(8,relu)",
                                               "dense(1,sigmoid)"], inputLength: 12)
        var model = SequentialModel(config: config, seed: 3)
        var epochs: [EpochLog] = []
        let report = try model.fit(sequences: try sequences(tokenizer, train.texts, maxlen: 12), labels: train.labels,
                                   options: TrainingOptions(epochs: 15, batchSize: 16, optimizer: .adam(learningRate: 0.01),
                                                            validation: .split(0.1)),
                                   onEpoch: { epochs.append($0) })
        XCTAssertEqual(report.stop, .completed)
        XCTAssertEqual(report.epochs, epochs)
        XCTAssertEqual(model.history, epochs)
        XCTAssertLessThan(epochs.last!.loss, epochs.first!.loss / 4)
        XCTAssertGreaterThanOrEqual(epochs.last!.validationAccuracy!, 0.95)

        let result = try model.evaluate(sequences: try sequences(tokenizer, test.texts, maxlen: 12), labels: test.labels)
        XCTAssertGreaterThanOrEqual(result.accuracy, 0.97, "test accuracy")
        XCTAssertEqual(result.confusion.joined().reduce(0, +), 200)
        XCTAssertLessThan(result.loss, 0.2)

        // Class 1 is the "bad" words.
        let predictions = try model.predict(try sequences(tokenizer, ["boring and awful", "a great film i love it"], maxlen: 12))
        XCTAssertEqual(predictions.map(\.label), [1, 0])
        XCTAssertGreaterThan(predictions[0].outputs[0], 0.9)
        XCTAssertEqual(predictions[1].probability, 1 - predictions[1].outputs[0])

        // Words used alike end up alike: the seed's point about learned embeddings.
        let table = try model.embeddingWeights()
        let id = { (word: String) in tokenizer.index(of: word)! }
        XCTAssertGreaterThan(cosine(table, id("great"), id("excellent")), cosine(table, id("great"), id("awful")))
        XCTAssertGreaterThan(cosine(table, id("awful"), id("terrible")), cosine(table, id("awful"), id("love")))
    }

    func testLearnsThreeClassesWithFlattenAndSoftmax() throws {
        let train = ReviewTask(count: 600, classes: 3, seed: 4), test = ReviewTask(count: 150, classes: 3, seed: 5)
        var tokenizer = try Tokenizer()
        try tokenizer.fit(texts: train.texts)
        let config = try ModelConfig(parsing: ["embedding(\(tokenizer.vocabularySize + 1),8,mask_zero)", "flatten",
                                               "dropout(0.2)", "dense(3,softmax)"], inputLength: 12)
        var model = SequentialModel(config: config, seed: 1)
        try model.fit(sequences: try sequences(tokenizer, train.texts, maxlen: 12), labels: train.labels,
                      options: TrainingOptions(epochs: 20, batchSize: 32, optimizer: .adam(learningRate: 0.01)))
        let result = try model.evaluate(sequences: try sequences(tokenizer, test.texts, maxlen: 12), labels: test.labels)
        XCTAssertGreaterThanOrEqual(result.accuracy, 0.9)
        XCTAssertEqual(result.confusion.count, 3)
        let prediction = try model.predict(try sequences(tokenizer, ["the plot was mediocre"], maxlen: 12))[0]
        XCTAssertEqual(prediction.label, 2)
        XCTAssertEqual(prediction.outputs.reduce(0, +), 1, accuracy: 1e-5)
        XCTAssertEqual(prediction.probability, prediction.outputs.max())
    }

    /// A model big enough to split batches, Adam and the kernel gradient over threads:
    /// every thread count must give bit-identical weights (batch 7 over 23 samples: uneven).
    func testResultsDoNotDependOnThreadCount() throws {
        let config = try ModelConfig(parsing: ["embedding(50,8)", "flatten", "dense(256,relu)", "dropout(0.5)", "dense(1,sigmoid)"],
                                     inputLength: 40)
        var rng = Xoshiro256StarStar(seed: 9)
        let sequences = (0..<23).map { _ in (0..<40).map { _ in Int(rng.next() % 50) } }
        let labels = sequences.map { $0[0] % 2 }
        var weights: [[[Float]]] = []
        for threads in [1, 2, 3] {
            var model = SequentialModel(config: config, seed: 5)
            XCTAssertGreaterThan(model.network.threadCount(samples: 7, length: 40, threads: threads), threads == 1 ? 0 : 1)
            try model.fit(sequences: sequences, labels: labels, options: TrainingOptions(epochs: 2, batchSize: 7, threads: threads))
            weights.append(model.weights)
        }
        XCTAssertEqual(weights[0], weights[1])
        XCTAssertEqual(weights[0], weights[2])
    }

    private func smallModel(seed: UInt64 = 1) throws -> SequentialModel {
        SequentialModel(config: try ModelConfig(parsing: ["embedding(10,4)", "gap", "dense(1,sigmoid)"], inputLength: 3), seed: seed)
    }

    private let sequences = (0..<10).map { [$0 % 9 + 1, ($0 * 3) % 10, 0] }
    private var labels: [Int] { sequences.map { $0[0] % 2 } }

    func testTrainingIsSeededAndDeterministic() throws {
        var a = try smallModel(), b = try smallModel()
        try a.fit(sequences: sequences, labels: labels, options: TrainingOptions(epochs: 3, batchSize: 4, seed: 7))
        try b.fit(sequences: sequences, labels: labels, options: TrainingOptions(epochs: 3, batchSize: 4, seed: 7))
        XCTAssertEqual(a.weights, b.weights)
        var c = try smallModel()
        try c.fit(sequences: sequences, labels: labels, options: TrainingOptions(epochs: 3, batchSize: 4, seed: 8))
        XCTAssertNotEqual(a.weights, c.weights)
        XCTAssertNotEqual(try smallModel(seed: 1).weights, try smallModel(seed: 2).weights)
    }

    func testKerasInitialisationRanges() throws {
        let model = SequentialModel(config: try ModelConfig(parsing: ["embedding(1000,16)", "gap", "dense(16,relu)", "dense(1,sigmoid)"]))
        let w = model.weights
        XCTAssertEqual(w.map(\.count), [16000, 256, 16, 16, 1])
        XCTAssertLessThanOrEqual(w[0].map(abs).max()!, 0.05)
        XCTAssertGreaterThan(w[0].map(abs).max()!, 0.049)
        let glorot = Float((6.0 / 32).squareRoot())
        XCTAssertLessThanOrEqual(w[1].map(abs).max()!, glorot)
        XCTAssertGreaterThan(w[1].map(abs).max()!, glorot * 0.9)
        XCTAssertEqual(w[2], [Float](repeating: 0, count: 16))
        XCTAssertEqual(w[4], [0])
    }

    func testValidationSplitTakesTheLastSamplesBeforeShuffling() throws {
        var model = try smallModel()
        var progress: [BatchProgress] = []
        let report = try model.fit(sequences: sequences, labels: labels,
                                   options: TrainingOptions(epochs: 1, batchSize: 4, validation: .split(0.25)),
                                   onBatch: { progress.append($0) })
        // ⌊10 · 0.75⌋ = 7 training samples in batches of 4 and 3.
        XCTAssertEqual(progress.map(\.batch), [1, 2])
        XCTAssertEqual(progress.map(\.batches), [2, 2])
        let heldOut = try model.evaluate(sequences: Array(sequences[7...]), labels: Array(labels[7...]))
        XCTAssertEqual(report.epochs[0].validationLoss, heldOut.loss)
        XCTAssertEqual(report.epochs[0].validationAccuracy, heldOut.accuracy)

        var separate = try smallModel()
        let same = try separate.fit(sequences: Array(sequences[..<7]), labels: Array(labels[..<7]),
                                    options: TrainingOptions(epochs: 1, batchSize: 4,
                                                             validation: .data(sequences: Array(sequences[7...]), labels: Array(labels[7...]))))
        XCTAssertEqual(separate.weights, model.weights)
        XCTAssertEqual(same.epochs[0].validationLoss, report.epochs[0].validationLoss)

        XCTAssertThrowsError(try model.fit(sequences: [sequences[0]], labels: [labels[0]],
                                           options: TrainingOptions(validation: .split(0.5)))) {
            XCTAssertEqual($0 as? ModelError, .validationSplitTooSmall(samples: 1, fraction: 0.5))
        }
    }

    func testInterruptionStopsAfterTheCurrentBatchKeepingWeights() throws {
        var model = try smallModel()
        let before = model.weights
        let batches = Counter()
        let report = try model.fit(sequences: sequences, labels: labels, options: TrainingOptions(epochs: 5, batchSize: 2),
                                   interruption: Interruption { batches.value >= 3 },
                                   onBatch: { _ in batches.value += 1 })
        XCTAssertEqual(report.stop, .interrupted(epoch: 1, batch: 3))
        XCTAssertEqual(report.epochs, [])
        XCTAssertEqual(model.history, [])
        XCTAssertNotEqual(model.weights, before)
        XCTAssertEqual(model.optimizerState?.iterations, 3)
    }

    /// Issue 13: a learning rate that blows the weights up stops training with every weight still
    /// finite (the model can be used and saved), whichever way the blow-up shows first.
    func testADivergingRunKeepsFiniteWeights() throws {
        for learningRate in [1e25, 1e30, 3e38] {
            var model = try smallModel()
            let report = try model.fit(sequences: sequences, labels: labels,
                                       options: TrainingOptions(epochs: 3, batchSize: 2,
                                                                optimizer: .sgd(learningRate: learningRate, momentum: 0.9)))
            XCTAssertNotEqual(report.stop, .completed, "lr \(learningRate)")
            XCTAssertTrue(model.weights.allSatisfy { $0.allSatisfy(\.isFinite) }, "lr \(learningRate): \(report.stop)")
        }
    }

    /// Issue 13: batches × steps × embedding width beyond memory aborted in malloc; now the
    /// model is refused before anything is allocated or changed.
    func testScratchMemoryBeyondTheMachineIsRefusedBeforeTraining() throws {
        var model = SequentialModel(config: try ModelConfig(parsing: ["embedding(10,50000)", "gap", "dense(1,sigmoid)"]))
        let before = model.weights
        let long = [[Int]](repeating: [Int](repeating: 1, count: 200_000), count: 4)
        XCTAssertThrowsError(try model.fit(sequences: long, labels: [0, 1, 0, 1])) {
            guard case .memory(let error)? = $0 as? ModelError else { return XCTFail("\($0)") }
            XCTAssertTrue(error.description.contains("training the model on batches of 4 × 200000"), error.description)
        }
        XCTAssertEqual(model.weights, before)
        XCTAssertNil(model.optimizerState)
        XCTAssertThrowsError(try model.predict(long)) { XCTAssertNotNil($0 as? ModelError) }
    }

    /// A step that turns weights infinite (here a learning rate beyond Float) while its own loss and
    /// gradient were finite: the next batch stops training and the epoch's start is restored.
    func testWeightsLeftNonFiniteByAStepAreRestoredToTheEpochStart() throws {
        var model = try smallModel()
        let before = model.weights
        let report = try model.fit(sequences: sequences, labels: labels,
                                   options: TrainingOptions(epochs: 2, batchSize: 2, optimizer: .sgd(learningRate: 1e39)))
        XCTAssertEqual(report.stop, .nonFiniteWeights(epoch: 1, batch: 2))
        XCTAssertEqual(model.weights, before)
        XCTAssertEqual(model.history, [])
    }

    func testNonFiniteLossStopsBeforeTheBadStep() throws {
        var state = try smallModel().state
        state.weights[0][8 * 4] = .nan  // the row of word 8, used by samples 6 and 7 (batch 4) only
        var model = try SequentialModel(state: state)
        let report = try model.fit(sequences: sequences, labels: labels,
                                   options: TrainingOptions(epochs: 2, batchSize: 2, shuffle: false))
        XCTAssertEqual(report.stop, .nonFiniteLoss(epoch: 1, batch: 4))

        // The weights are those after the three good batches.
        var reference = try SequentialModel(state: state)
        try reference.fit(sequences: Array(sequences[..<6]), labels: Array(labels[..<6]),
                          options: TrainingOptions(epochs: 1, batchSize: 2, shuffle: false))
        let bits = { (m: SequentialModel) in m.weights.map { $0.map(\.bitPattern) } }
        XCTAssertEqual(bits(model), bits(reference))
        XCTAssertEqual(model.optimizerState?.iterations, 3)
    }

    func testStateRoundTripContinuesTrainingIdentically() throws {
        var model = try smallModel()
        let options = TrainingOptions(epochs: 2, batchSize: 3, optimizer: .sgd(learningRate: 0.1, momentum: 0.9))
        try model.fit(sequences: sequences, labels: labels, options: options)
        let state = model.state
        XCTAssertEqual(state.optimizer?.momentums.map(\.count), [40, 4, 1])
        XCTAssertEqual(state.optimizer?.velocities, [])
        XCTAssertEqual(state.history.count, 2)
        var restored = try SequentialModel(state: state)
        XCTAssertEqual(restored.state, state)
        XCTAssertEqual(try restored.predict(sequences), try model.predict(sequences))

        try model.fit(sequences: sequences, labels: labels, options: options)
        try restored.fit(sequences: sequences, labels: labels, options: options)
        XCTAssertEqual(restored.weights, model.weights)
        XCTAssertEqual(restored.optimizerState?.iterations, 16)
        XCTAssertEqual(restored.history.count, 4)

        var broken = state
        broken.weights[1].removeLast()
        XCTAssertThrowsError(try SequentialModel(state: broken)) {
            XCTAssertEqual($0 as? ModelError, .invalidState("weight tensor 1 has 3 values, expected 4"))
        }
        broken = state
        broken.optimizer?.velocities = state.optimizer!.momentums
        XCTAssertThrowsError(try SequentialModel(state: broken))
    }

    func testBadDataIsRefusedBeforeAnythingChanges() throws {
        var model = try smallModel()
        let before = model.weights
        func error(_ sequences: [[Int]], _ labels: [Int]) -> ModelError? {
            do {
                try model.fit(sequences: sequences, labels: labels)
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(error([], []), .badData("no samples"))
        XCTAssertEqual(error([[1, 2, 3], [1, 2]], [0, 1]),
                       .badData("sequence 1 has length 2 but sequence 0 has 3; pad them to one length"))
        XCTAssertEqual(error([[1, 2, 3, 4]], [0]), .lengthMismatch(length: 4, inputLength: 3))
        XCTAssertEqual(error([[1, 2, 10]], [0]), .indexOutOfRange(index: 10, sample: 0, inputDim: 10))
        XCTAssertEqual(error([[1, 2, 3]], [2]), .badLabel(label: 2, sample: 0, expected: "a dense(1,sigmoid) output needs labels 0 and 1"))
        XCTAssertEqual(error([[1, 2, 3]], [0, 1]), .badData("1 sequences but 2 labels"))
        XCTAssertThrowsError(try model.fit(sequences: sequences, labels: labels, options: TrainingOptions(batchSize: 0)))
        XCTAssertEqual(model.weights, before)
        XCTAssertNil(model.optimizerState)
    }

    func testExtractNamesLayersThatAreNotEmbeddings() throws {
        let model = try smallModel()
        let table = try model.embeddingWeights()
        XCTAssertEqual(table.rows, 10)
        XCTAssertEqual(table.dim, 4)
        XCTAssertEqual(table.values, model.weights[0])
        XCTAssertThrowsError(try model.embeddingWeights(layer: 1)) {
            XCTAssertEqual($0 as? ModelError, .notAnEmbedding(index: 1, name: "global_average_pooling1d"))
        }
        XCTAssertThrowsError(try model.embeddingWeights(layer: 3))
    }
}
