import XCTest
@testable import EmbeddingKit

/// Central finite differences against the analytic gradient of the mean batch loss, for
/// every layer kind and both losses. Weights are drawn large (±0.5) so gradients are well
/// above Float32 noise; dropout keeps the same mask in every pass (same seed).
final class ModelGradientTests: XCTestCase {
    private let sequences = [[1, 2, 3, 0], [4, 4, 5, 0], [2, 0, 0, 0], [5, 3, 1, 2], [3, 3, 0, 0]]

    private func model(_ specs: [String], seed: UInt64 = 7) throws -> SequentialModel {
        var model = SequentialModel(config: try ModelConfig(parsing: specs, inputLength: 4))
        var rng = Xoshiro256StarStar(seed: seed)
        for i in model.parameters.indices { model.parameters[i] = Float(rng.nextUnitDouble() - 0.5) }
        return model
    }

    /// Runs a training forward pass and returns the workspace and the mean loss (in Double).
    private func forward(_ model: SequentialModel, _ parameters: [Float], _ labels: [Int], dropoutSeed: UInt64)
        throws -> (Workspace, Double) {
        let data = try SequenceMatrix(sequences, config: model.config)
        let ws = try Workspace(network: model.network, capacity: data.count, length: data.length, training: true)
        ws.load(data, rows: 0..<data.count)
        parameters.withUnsafeBufferPointer { p in
            model.network.forward(ws, parameters: p, count: data.count, training: true, dropoutSeed: dropoutSeed, threads: 1)
        }
        let width = ws.widths.last!
        var loss = 0.0
        for b in labels.indices {
            loss += Double(model.network.loss.value(UnsafeBufferPointer(Workspace.row(ws.outputs.last!, b, width)), label: labels[b]))
        }
        return (ws, loss / Double(labels.count))
    }

    private func analyticGradient(_ model: SequentialModel, _ labels: [Int], dropoutSeed: UInt64) throws -> [Float] {
        let (ws, _) = try forward(model, model.parameters, labels, dropoutSeed: dropoutSeed)
        let width = ws.widths.last!
        for b in labels.indices {
            model.network.loss.gradient(UnsafeBufferPointer(Workspace.row(ws.outputs.last!, b, width)), label: labels[b],
                                        scale: 1 / Float(labels.count), into: Workspace.row(ws.deltas.last!, b, width))
        }
        model.parameters.withUnsafeBufferPointer { p in
            model.network.backward(ws, parameters: p, count: labels.count, threads: 1)
        }
        return Array(ws.gradient)
    }

    private func check(_ specs: [String], labels: [Int], h: Float = 1e-2, file: StaticString = #filePath, line: UInt = #line) throws {
        let model = try model(specs)
        let analytic = try analyticGradient(model, labels, dropoutSeed: 3)
        for i in model.parameters.indices {
            var plus = model.parameters, minus = model.parameters
            plus[i] += h
            minus[i] -= h
            let numeric = (try forward(model, plus, labels, dropoutSeed: 3).1 - forward(model, minus, labels, dropoutSeed: 3).1)
                / Double(plus[i] - minus[i])
            let error = abs(Double(analytic[i]) - numeric) / (1e-3 + abs(numeric))
            XCTAssertLessThan(error, 2e-2, "\(specs) parameter \(i): analytic \(analytic[i]) numeric \(numeric)",
                              file: file, line: line)
        }
        XCTAssertGreaterThan(analytic.map { abs($0) }.max()!, 1e-3, "gradient unexpectedly small", file: file, line: line)
    }

    func testBinaryCrossEntropyThroughAveragePoolingAndReLU() throws {
        try check(["embedding(6,3)", "gap", "dense(4,relu)", "dense(1,sigmoid)"], labels: [1, 0, 1, 0, 1])
    }

    func testSparseCategoricalCrossEntropyThroughMaskedAveragePooling() throws {
        try check(["embedding(6,3,mask_zero)", "gap", "dense(3,softmax)"], labels: [2, 0, 1, 1, 0])
    }

    func testFlattenLinearTanhAndDropout() throws {
        try check(["embedding(6,3)", "flatten", "dense(5,linear)", "dense(4,tanh)", "dropout(0.3)", "dense(2,softmax)"],
                  labels: [1, 0, 0, 1, 1])
    }

    func testConvolutionIntoGlobalMaxPooling() throws {
        try check(["embedding(6,3)", "conv1d(4,2,relu)", "gmp", "dense(1,sigmoid)"], labels: [1, 0, 1, 0, 1])
    }

    /// A softmax convolution normalizes each step's filters (as Keras's softmax over the last
    /// axis), not the whole output, and backpropagates through that.
    func testSoftmaxConvolutionNormalizesEachStep() throws {
        try check(["embedding(6,3)", "conv1d(4,2,softmax)", "gap", "dense(1,sigmoid)"], labels: [1, 0, 1, 0, 1])
        let c = Network.Convolution(inputs: 2, filters: 3, window: 2, stride: 1, padding: .valid, kernel: 0, bias: 12,
                                    activation: .softmax)
        let weights: [Float] = (0..<15).map { Float($0 % 5) * 0.3 - 0.6 }, x: [Float] = (0..<10).map { Float($0) * 0.1 }
        var out = [Float](repeating: .nan, count: 4 * 3)
        Network.convolve(c, x: x, inputSteps: 5, out: &out, outputSteps: 4, weights: weights)
        for t in 0..<4 { XCTAssertEqual(out[(t * 3)..<(t * 3 + 3)].reduce(0, +), 1, accuracy: 1e-6, "step \(t)") }
    }

    func testStridedSamePaddedConvolutionAndMaxPooling() throws {
        try check(["embedding(6,3)", "conv1d(3,3,tanh,strides=2,padding=same)", "maxpool1d(2,padding=same)", "flatten",
                   "dense(2,softmax)"], labels: [1, 0, 0, 1, 1])
    }

    func testOverlappingAveragePoolingAfterConvolution() throws {
        try check(["embedding(6,3)", "conv1d(3,2)", "avgpool1d(2,strides=1)", "flatten", "dense(1,sigmoid)"],
                  labels: [0, 1, 1, 0, 1])
    }

    func testSamePaddedAveragePoolingCountsOnlyRealSteps() throws {
        try check(["embedding(6,3,mask_zero)", "avgpool1d(3,strides=2,padding=same)", "conv1d(2,2,padding=same)", "gap",
                   "dense(3,softmax)"], labels: [2, 0, 1, 1, 0])
    }

    func testMaskedLSTMIntoDense() throws {
        try check(["embedding(6,3,mask_zero)", "lstm(3)", "dense(1,sigmoid)"], labels: [1, 0, 1, 0, 1])
    }

    func testStackedRecurrentLayersPassTheMaskOn() throws {
        try check(["embedding(6,3,mask_zero)", "spatialdropout1d(0.3)", "gru(2,return_sequences)", "lstm(2)", "dense(3,softmax)"],
                  labels: [2, 0, 1, 1, 0])
    }

    func testBidirectionalLayersWithAndWithoutSequences() throws {
        try check(["embedding(6,3,mask_zero)", "bidirectional(lstm(2,return_sequences))", "gap", "dense(1,sigmoid)"],
                  labels: [0, 1, 1, 0, 1])
        try check(["embedding(6,3)", "conv1d(3,2,relu,padding=same)", "bidirectional(gru(2))", "dense(2,softmax)"],
                  labels: [1, 0, 0, 1, 1])
    }

    func testSpatialDropoutOnSequences() throws {
        try check(["embedding(6,3)", "spatialdropout1d(0.4)", "gap", "dense(1,sigmoid)"], labels: [0, 1, 1, 0, 1])
    }

    /// SpatialDropout1D keeps or drops each feature of a sample at every step alike, scaling kept ones by 1/(1 − rate).
    func testSpatialDropoutDropsWholeFeatures() throws {
        let model = try model(["embedding(6,8)", "spatialdropout1d(0.5)", "gap", "dense(1,sigmoid)"])
        let (ws, _) = try forward(model, model.parameters, [0, 1, 1, 0, 1], dropoutSeed: 5)
        let (embedded, dropped) = (ws.outputs[0], ws.outputs[1])
        var droppedFeatures = 0
        for b in 0..<sequences.count {
            for d in 0..<8 {
                let kept = (0..<4).map { dropped[b * 32 + $0 * 8 + d] != 0 }
                XCTAssertTrue(kept.allSatisfy { $0 } || kept.allSatisfy { !$0 }, "sample \(b) feature \(d): \(kept)")
                if kept[0] {
                    for t in 0..<4 { XCTAssertEqual(dropped[b * 32 + t * 8 + d], embedded[b * 32 + t * 8 + d] * 2, accuracy: 1e-6) }
                } else {
                    droppedFeatures += 1
                }
            }
        }
        XCTAssertTrue((8...32).contains(droppedFeatures), "about half of 40 features: \(droppedFeatures)")
    }

    func testMaxPoolingAndDropoutOnSequences() throws {
        try check(["embedding(6,3)", "dropout(0.25)", "gmp", "dense(1,sigmoid)"], labels: [0, 1, 1, 0, 1])
    }

    func testUnusedEmbeddingRowsGetNoGradient() throws {
        let model = try model(["embedding(8,3)", "gap", "dense(1,sigmoid)"])
        let gradient = try analyticGradient(model, [1, 0, 1, 0, 1], dropoutSeed: 0)
        XCTAssertEqual(Array(gradient[18..<24]), [Float](repeating: 0, count: 6), "row 6 is never used")
        XCTAssertEqual(Array(gradient[21..<24]), [0, 0, 0], "row 7 is never used")
        XCTAssertTrue(gradient[0..<18].contains { $0 != 0 })
    }

    func testLossesMatchKerasFormulasAndClipping() {
        func value(_ loss: Loss, _ row: [Float], _ label: Int) -> Float {
            row.withUnsafeBufferPointer { loss.value($0, label: label) }
        }
        XCTAssertEqual(value(.binaryCrossentropy, [0.8], 1), -log(0.8), accuracy: 1e-6)
        XCTAssertEqual(value(.binaryCrossentropy, [0.8], 0), -log(0.2), accuracy: 1e-6)
        // Clipped to [1e-7, 1 − 1e-7] in Float32, whose upper end is 1 − 1.19e-7: a confident
        // wrong answer costs 15.942 (Keras's familiar ceiling) or 16.118, not infinity.
        XCTAssertEqual(value(.binaryCrossentropy, [1], 0), 15.942385, accuracy: 1e-5)
        XCTAssertEqual(value(.binaryCrossentropy, [0], 1), 16.118, accuracy: 1e-3)
        // Sparse categorical renormalises the row before clipping, as Keras does.
        XCTAssertEqual(value(.sparseCategoricalCrossentropy, [0.2, 0.3, 0.5], 1), -log(0.3), accuracy: 1e-6)
        XCTAssertEqual(value(.sparseCategoricalCrossentropy, [0.4, 0.6, 1.0], 2), -log(0.5), accuracy: 1e-6)
        XCTAssertEqual(value(.sparseCategoricalCrossentropy, [1, 0, 0], 2), 16.118, accuracy: 1e-3)
        // No gradient flows where the probability was clipped.
        var delta: [Float] = [9]
        [Float(1)].withUnsafeBufferPointer { row in
            delta.withUnsafeMutableBufferPointer { Loss.binaryCrossentropy.gradient(row, label: 0, scale: 1, into: $0) }
        }
        XCTAssertEqual(delta, [0])
    }
}
