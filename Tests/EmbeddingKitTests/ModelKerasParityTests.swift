import Foundation
import XCTest
@testable import EmbeddingKit

/// Whole models with Keras's weights give Keras's predictions, and one SGD step from them
/// gives Keras's loss and weights: `Tests/Fixtures/keras/recurrent/models.json` (LSTM and
/// bidirectional GRU with and without a mask, Conv1D valid/same with strides 1 and 2 into
/// max pooling, same-padded average pooling), made by its `generate.py` with Keras 3.
final class ModelKerasParityTests: XCTestCase {
    private static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras/recurrent/models.json")

    private struct Case {
        let name: String
        let model: SequentialModel
        let inputs: [[Int]]
        let predictions: [[Float]]
        let trainingInputs: [[Int]]
        let labels: [Int]
        let loss: Double
        let trainedWeights: [[Float]]
    }

    private func floats(_ value: Any) -> [Float] {
        if let number = value as? NSNumber { return [number.floatValue] }
        return (value as! [Any]).flatMap(floats)
    }

    private func cases() throws -> [Case] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as! [String: Any]
        return try (json["cases"] as! [[String: Any]]).map { c in
            let name = c["name"] as! String
            let config = try ModelConfig(parsing: (c["layers"] as! String).split(separator: " ").map(String.init),
                                         inputLength: c["input_length"] as? Int)
            let weights = (c["weights"] as! [[String: Any]]).map { floats($0["values"]!) }
            let model = SequentialModel(config: config, parameters: Array(weights.joined()), optimizerSlots: nil, history: [])
            XCTAssertEqual(model.weights.map(\.count), weights.map(\.count), "\(name): tensors in Keras's order")
            let training = c["training"] as! [String: Any]
            return Case(name: name, model: model, inputs: c["inputs"] as! [[Int]],
                        predictions: (c["predictions"] as! [Any]).map(floats),
                        trainingInputs: training["inputs"] as! [[Int]], labels: training["labels"] as! [Int],
                        loss: (training["loss"] as! NSNumber).doubleValue,
                        trainedWeights: (training["weights"] as! [Any]).map(floats))
        }
    }

    private func assertClose(_ got: [Float], _ expected: [Float], tolerance: Float, _ context: String) {
        XCTAssertEqual(got.count, expected.count, context)
        for (i, (a, b)) in zip(got, expected).enumerated() where abs(a - b) > tolerance * max(1, abs(b)) {
            XCTFail("\(context)[\(i)]: \(a), Keras \(b)")
            return
        }
    }

    func testPredictionsEqualKeras() throws {
        let all = try cases()
        XCTAssertEqual(all.count, 9)
        for c in all {
            for threads in [1, 2] {
                let predictions = try c.model.predict(c.inputs, threads: threads)
                for (b, expected) in c.predictions.enumerated() {
                    assertClose(predictions[b].outputs, expected, tolerance: 1e-5, "\(c.name) sample \(b) threads \(threads)")
                }
            }
        }
    }

    func testOneSGDStepEqualsKeras() throws {
        for c in try cases() {
            var model = c.model
            let report = try model.fit(sequences: c.trainingInputs, labels: c.labels,
                                       options: TrainingOptions(epochs: 1, batchSize: c.labels.count,
                                                                optimizer: .sgd(learningRate: 0.1), shuffle: false, threads: 1))
            XCTAssertEqual(report.epochs[0].loss, c.loss, accuracy: 1e-5, c.name)
            for (i, (got, expected)) in zip(model.weights, c.trainedWeights).enumerated() {
                assertClose(got, expected, tolerance: 1e-5, "\(c.name) tensor \(i)")
            }
        }
    }
}
