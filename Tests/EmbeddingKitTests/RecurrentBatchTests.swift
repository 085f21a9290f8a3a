import XCTest
@testable import EmbeddingKit

/// A batch of samples through a recurrent layer at once gives every sample the bits it gets
/// alone — whatever the other samples' masks (none, a hole, all padding) — so training results do
/// not depend on how samples are shared among threads.
final class RecurrentBatchTests: XCTestCase {
    static let steps = 7, inputs = 5, units = 11
    static let masks: [[Bool]] = [
        Array(repeating: true, count: steps),
        [false, false, false, true, true, true, true],
        [true, false, true, true, false, true, false],
        Array(repeating: false, count: steps),
        [true, true, true, true, true, false, false],
    ]

    func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
    }

    /// Forward then backward of `count` samples as one batch, through `layer` (a cell's or a
    /// bidirectional layer's batched entry points); returns outputs, input and weight gradients.
    struct Layer {
        let parameters: Int, cacheFloats: Int, outputFloats: Int
        let forward: (Int, SampleRows, UnsafePointer<Bool>?, UnsafeBufferPointer<Float>, SampleRows, SampleRows) -> Void
        let backward: (Int, SampleRows, UnsafePointer<Bool>?, UnsafeBufferPointer<Float>, SampleRows, SampleRows, SampleRows,
                       SampleRows) -> Void
    }

    func run(_ layer: Layer, samples: Range<Int>, x: [Float], weights: [Float], dOut: [Float]) -> [[Float]] {
        let (steps, inputs) = (Self.steps, Self.inputs)
        let count = samples.count
        let masks = samples.flatMap { Self.masks[$0] }
        var output = [Float](repeating: .nan, count: count * layer.outputFloats)
        var cache = [Float](repeating: .nan, count: count * layer.cacheFloats)
        var dx = [Float](repeating: .nan, count: count * steps * inputs)
        var dw = [Float](repeating: 0, count: count * layer.parameters)
        let xs = Array(x[(samples.lowerBound * steps * inputs)..<(samples.upperBound * steps * inputs)])
        let ds = Array(dOut[(samples.lowerBound * layer.outputFloats)..<(samples.upperBound * layer.outputFloats)])
        xs.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                masks.withUnsafeBufferPointer { m in
                    let xRows = SampleRows(reading: x.baseAddress!, stride: steps * inputs)
                    output.withUnsafeMutableBufferPointer { o in
                        cache.withUnsafeMutableBufferPointer { c in
                            let cacheRows = SampleRows(c.baseAddress!, stride: layer.cacheFloats)
                            layer.forward(count, xRows, m.baseAddress!, w, SampleRows(o.baseAddress!, stride: layer.outputFloats),
                                          cacheRows)
                            ds.withUnsafeBufferPointer { d in
                                dx.withUnsafeMutableBufferPointer { dx in
                                    dw.withUnsafeMutableBufferPointer { dw in
                                        layer.backward(count, xRows, m.baseAddress!, w,
                                                       SampleRows(reading: d.baseAddress!, stride: layer.outputFloats), cacheRows,
                                                       SampleRows(dx.baseAddress!, stride: steps * inputs),
                                                       SampleRows(dw.baseAddress!, stride: layer.parameters))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return [output, dx, dw]
    }

    func check(_ layer: Layer, _ context: String) {
        let count = Self.masks.count
        let x = values(count * Self.steps * Self.inputs, seed: 1), weights = values(layer.parameters, seed: 2)
        let dOut = values(count * layer.outputFloats, seed: 3)
        let batch = run(layer, samples: 0..<count, x: x, weights: weights, dOut: dOut)
        for b in 0..<count {
            let alone = run(layer, samples: b..<(b + 1), x: x, weights: weights, dOut: dOut)
            for (name, (whole, single)) in zip(["output", "input gradient", "weight gradient"], zip(batch, alone)) {
                let width = single.count
                XCTAssertEqual(whole[(b * width)..<((b + 1) * width)].map(\.bitPattern), single.map(\.bitPattern),
                               "\(context): sample \(b)'s \(name)")
            }
        }
    }

    func testBatchedCellsEqualOneSampleAtATime() {
        let steps = Self.steps
        for kind in RecurrentCell.Kind.allCases {
            let cell = RecurrentCell(kind: kind, inputs: Self.inputs, units: Self.units)
            for returnSequences in [false, true] {
                for reverse in [false, true] {
                    let options = RecurrentOptions(returnSequences: returnSequences, reverse: reverse,
                                                   zeroMaskedOutputs: returnSequences)
                    let layer = Layer(
                        parameters: cell.parameterCount, cacheFloats: cell.cacheFloats(steps: steps),
                        outputFloats: cell.outputCount(steps: steps, returnSequences: returnSequences),
                        forward: { cell.forward(samples: $0, x: $1, masks: $2, steps: steps, weights: $3, output: $4,
                                                options: options, cache: $5) },
                        backward: { cell.backward(samples: $0, x: $1, masks: $2, steps: steps,
                                                  transposed: cell.transposedWeights($3), outputGradient: $4,
                                                  options: options, cache: $5, inputGradient: $6, weightGradient: $7) })
                    check(layer, "\(kind) returnSequences \(returnSequences) reverse \(reverse)")
                }
            }
            for returnSequences in [false, true] {
                let bidirectional = BidirectionalRecurrent(cell: cell)
                let layer = Layer(
                    parameters: bidirectional.parameterCount, cacheFloats: bidirectional.cacheFloats(steps: steps),
                    outputFloats: bidirectional.outputCount(steps: steps, returnSequences: returnSequences),
                    forward: { bidirectional.forward(samples: $0, x: $1, masks: $2, steps: steps, weights: $3, output: $4,
                                                     returnSequences: returnSequences, cache: $5) },
                    backward: { bidirectional.backward(samples: $0, x: $1, masks: $2, steps: steps,
                                                       transposed: bidirectional.transposedWeights($3), outputGradient: $4, returnSequences: returnSequences, cache: $5,
                                                       inputGradient: $6, weightGradient: $7) })
                check(layer, "bidirectional \(kind) returnSequences \(returnSequences)")
            }
        }
    }
}
