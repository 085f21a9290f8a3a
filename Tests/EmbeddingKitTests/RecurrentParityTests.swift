import Foundation
import XCTest
@testable import EmbeddingKit

/// The recurrent cells against Keras 3.15.1 (JAX backend) on fixed weights
/// (`Tests/Fixtures/keras/recurrent`, made by its `generate.py`; Keras is not needed here):
/// LSTM, GRU and their Bidirectional(concat), returning sequences or not, with and without a
/// mask (post-, pre-padded, a hole, all masked); then the recurrent whole-model cases of
/// models.json, assembled by hand from an embedding lookup, the cells, pooling and dense, and
/// the LSTM models' one SGD step.
final class RecurrentParityTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/keras/recurrent")
    static let tolerance: Float = 1e-5

    func cases(_ file: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(file))
        let all = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(all["cases"] as? [[String: Any]])
    }

    /// Every number in a nested JSON array, in order.
    func flat(_ value: Any?) -> [Float] {
        if let number = value as? NSNumber { return [number.floatValue] }
        return (value as? [Any] ?? []).flatMap { flat($0) }
    }

    func assertClose(_ got: [Float], _ expected: [Float], _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, expected.count, context, file: file, line: line)
        for (i, (g, e)) in zip(got, expected).enumerated() where !(abs(g - e) <= Self.tolerance) {
            XCTFail("\(context)[\(i)]: \(g) vs Keras \(e)", file: file, line: line)
            return
        }
    }

    /// One sample through a plain or bidirectional layer.
    func layer(_ cell: RecurrentCell, bidirectional: Bool, x: [Float], mask: [Bool]?, weights: [Float],
               returnSequences: Bool) -> [Float] {
        let steps = x.count / cell.inputs
        let count = bidirectional ? BidirectionalRecurrent(cell: cell).outputCount(steps: steps, returnSequences: returnSequences)
            : cell.outputCount(steps: steps, returnSequences: returnSequences)
        let cacheCount = bidirectional ? BidirectionalRecurrent(cell: cell).cacheFloats(steps: steps) : cell.cacheFloats(steps: steps)
        var output = [Float](repeating: .nan, count: count), cache = [Float](repeating: .nan, count: cacheCount)
        x.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                withMask(mask) { mask in
                    output.withUnsafeMutableBufferPointer { output in
                        cache.withUnsafeMutableBufferPointer { cache in
                            if bidirectional {
                                BidirectionalRecurrent(cell: cell).forward(x: x, steps: steps, mask: mask, weights: w, output: output,
                                                                           returnSequences: returnSequences, cache: cache)
                            } else {
                                cell.forward(x: x, steps: steps, mask: mask, weights: w, output: output,
                                             options: RecurrentOptions(returnSequences: returnSequences), cache: cache)
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    func testCellsMatchKeras() throws {
        let cases = try cases("cells.json")
        XCTAssertEqual(cases.count, 16)
        for c in cases {
            let name = c["name"] as! String
            let kind = try XCTUnwrap(RecurrentCell.Kind(rawValue: c["kind"] as! String))
            let (steps, inputs, units) = (c["steps"] as! Int, c["inputs"] as! Int, c["units"] as! Int)
            let cell = RecurrentCell(kind: kind, inputs: inputs, units: units)
            let bidirectional = c["bidirectional"] as! Bool, returnSequences = c["return_sequences"] as! Bool
            let weights = flat(c["weights"])
            XCTAssertEqual(weights.count, (bidirectional ? 2 : 1) * cell.parameterCount, name)
            let xs = c["x"] as! [Any], outputs = c["output"] as! [Any]
            let masks = (c["mask"] as? [[Bool]])
            for b in xs.indices {
                let x = flat(xs[b])
                XCTAssertEqual(x.count, steps * inputs, name)
                let got = layer(cell, bidirectional: bidirectional, x: x, mask: masks?[b], weights: weights,
                                returnSequences: returnSequences)
                assertClose(got, flat(outputs[b]), "\(name) sample \(b)")
            }
        }
    }

    /// Embedding rows of `ids`, and the mask (id ≠ 0) when the embedding masks zeros.
    func embed(_ ids: [Int], table: [Float], dim: Int) -> [Float] {
        ids.flatMap { table[($0 * dim)..<(($0 + 1) * dim)] }
    }

    func dense(_ x: [Float], kernel: [Float], bias: [Float]) -> [Float] {
        bias.indices.map { j in x.indices.reduce(bias[j]) { $0 + x[$1] * kernel[$1 * bias.count + j] } }
    }

    /// The recurrent models of models.json (the lead's wiring cases) assembled by hand.
    func testRecurrentModelCasesMatchKeras() throws {
        var checked = 0
        for c in try cases("models.json") {
            let name = c["name"] as! String, layers = c["layers"] as! String
            let weights = (c["weights"] as! [[String: Any]]).map { flat($0["values"]) }
            let shapes = (c["weights"] as! [[String: Any]]).map { $0["shape"] as! [Int] }
            for (w, shape) in zip(weights, shapes) { XCTAssertEqual(w.count, shape.reduce(1, *), name) }
            let training = try XCTUnwrap(c["training"] as? [String: Any])
            XCTAssertEqual((training["weights"] as! [Any]).count, weights.count, name)
            guard layers.contains("lstm") || layers.contains("gru") else { continue }
            let masked = layers.contains("mask_zero"), dim = shapes[0][1]
            let bidirectional = layers.contains("bidirectional")
            let kind: RecurrentCell.Kind = layers.contains("lstm") ? .lstm : .gru
            let units = shapes[1][1] / kind.gates
            let cell = RecurrentCell(kind: kind, inputs: dim, units: units)
            let cellWeights = Array(weights[1..<(bidirectional ? 7 : 4)].joined())
            let (kernel, bias) = (weights[weights.count - 2], weights[weights.count - 1])
            let predictions = c["predictions"] as! [Any]
            for (b, row) in (c["inputs"] as! [[Int]]).enumerated() {
                let x = embed(row, table: weights[0], dim: dim)
                let mask = masked ? row.map { $0 != 0 } : nil
                var features = layer(cell, bidirectional: bidirectional, x: x, mask: mask, weights: cellWeights,
                                     returnSequences: bidirectional)
                if bidirectional {
                    // GlobalMaxPooling1D over the steps (Keras 3's ignores the mask).
                    let width = 2 * units
                    features = (0..<width).map { j in (0..<row.count).map { features[$0 * width + j] }.max()! }
                }
                var out = dense(features, kernel: kernel, bias: bias)
                if out.count == 1 {
                    out = [1 / (1 + exp(-out[0]))]
                } else {
                    let top = out.max()!, e = out.map { exp($0 - top) }, sum = e.reduce(0, +)
                    out = e.map { $0 / sum }
                }
                assertClose(out, flat(predictions[b]), "\(name) sample \(b)")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 4, "the LSTM and bidirectional GRU cases, masked and not")
    }

    /// The LSTM models' training case: one SGD(0.1) step on 4 samples, the gradient assembled
    /// from the cell's backward (embedding rows get the input gradient, dense its own), gives
    /// Keras's weights — the cell's backpropagation against Keras's autodiff.
    func testLSTMTrainingStepMatchesKeras() throws {
        var checked = 0
        for c in try cases("models.json") where (c["layers"] as! String).contains("lstm") {
            let name = c["name"] as! String, layers = c["layers"] as! String
            let weights = (c["weights"] as! [[String: Any]]).map { flat($0["values"]) }
            let shapes = (c["weights"] as! [[String: Any]]).map { $0["shape"] as! [Int] }
            let training = try XCTUnwrap(c["training"] as? [String: Any])
            let rate = Float(training["learning_rate"] as! Double)
            let dim = shapes[0][1], units = shapes[1][1] / 4
            let cell = RecurrentCell(kind: .lstm, inputs: dim, units: units)
            let cellWeights = Array(weights[1..<4].joined())
            let (kernel, bias) = (weights[4], weights[5][0])
            let inputs = training["inputs"] as! [[Int]], labels = training["labels"] as! [Int]
            var dEmbedding = [Float](repeating: 0, count: weights[0].count)
            var dKernel = [Float](repeating: 0, count: units), dBias: Float = 0, loss = 0.0
            let steps = inputs[0].count
            let cache = UnsafeMutableBufferPointer<Float>.allocate(capacity: cell.cacheFloats(steps: steps))
            let h = UnsafeMutableBufferPointer<Float>.allocate(capacity: units)
            let dx = UnsafeMutableBufferPointer<Float>.allocate(capacity: steps * dim)
            let dCell = UnsafeMutableBufferPointer<Float>.allocate(capacity: cell.parameterCount)
            defer { [cache, h, dx, dCell].forEach { $0.deallocate() } }
            dCell.initialize(repeating: 0)
            for (row, label) in zip(inputs, labels) {
                let x = embed(row, table: weights[0], dim: dim)
                let mask = layers.contains("mask_zero") ? row.map { $0 != 0 } : nil
                let p = x.withUnsafeBufferPointer { x in
                    cellWeights.withUnsafeBufferPointer { w in
                        withMask(mask) { mask -> Float in
                            cell.forward(x: x, steps: steps, mask: mask, weights: w, output: h, options: RecurrentOptions(),
                                         cache: cache)
                            let logit = (0..<units).reduce(bias) { $0 + h[$1] * kernel[$1] }
                            let p = 1 / (1 + exp(-logit)), dLogit = (p - Float(label)) / Float(labels.count)
                            for j in 0..<units { dKernel[j] += h[j] * dLogit }
                            dBias += dLogit
                            kernel.map { $0 * dLogit }.withUnsafeBufferPointer { dh in
                                cell.backward(x: x, steps: steps, mask: mask, weights: w, outputGradient: dh,
                                              options: RecurrentOptions(), cache: cache, inputGradient: dx, weightGradient: dCell)
                            }
                            return p
                        }
                    }
                }
                loss -= label == 1 ? log(Double(p)) : log(Double(1 - p))
                for (t, id) in row.enumerated() {
                    for d in 0..<dim { dEmbedding[id * dim + d] += dx[t * dim + d] }
                }
            }
            XCTAssertEqual(loss / Double(labels.count), training["loss"] as! Double, accuracy: 1e-5, name)
            let (kernelEnd, recurrentEnd) = (dim * 4 * units, (dim + units) * 4 * units)
            let gradients = [dEmbedding, Array(dCell[0..<kernelEnd]), Array(dCell[kernelEnd..<recurrentEnd]),
                             Array(dCell[recurrentEnd...]), dKernel, [dBias]]
            let trained = (training["weights"] as! [Any]).map { flat($0) }
            for k in weights.indices {
                assertClose(zip(weights[k], gradients[k]).map { $0 - rate * $1 }, trained[k], "\(name) weights \(k)")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 2)
    }
}
