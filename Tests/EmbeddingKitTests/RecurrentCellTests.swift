import XCTest
@testable import EmbeddingKit

/// The recurrent cells against a Double reference of Keras's equations: forward values, and
/// the analytic gradients (weights and inputs) against central differences of the reference
/// in Double (step 1e-6), so the only noise is the cells' own Float32 rounding — hence the
/// tolerance of 2e-4 plus 1e-3 relative, well below a wrong term's size (≥ 1e-2 here).
final class RecurrentCellTests: XCTestCase {
    static let steps = 6, inputs = 3, units = 4
    /// A hole, trailing padding: the state must carry over both.
    static let mask = [true, false, true, true, false, false]

    func values(_ count: Int, seed: UInt64, scale: Double = 0.8) -> [Float] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in Float((rng.nextUnitDouble() * 2 - 1) * scale) }
    }

    /// Forward and backward of `cell` in Float, with output gradient `dOut`.
    func run(_ cell: RecurrentCell, x: [Float], mask: [Bool]?, weights: [Float], options: RecurrentOptions, dOut: [Float])
        -> (output: [Float], dx: [Float], dw: [Float]) {
        let steps = x.count / cell.inputs
        var output = [Float](repeating: .nan, count: cell.outputCount(steps: steps, returnSequences: options.returnSequences))
        var cache = [Float](repeating: .nan, count: cell.cacheFloats(steps: steps))
        var dx = [Float](repeating: .nan, count: x.count), dw = [Float](repeating: 0, count: cell.parameterCount)
        x.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                withMask(mask) { mask in
                    output.withUnsafeMutableBufferPointer { output in
                        cache.withUnsafeMutableBufferPointer { cache in
                            cell.forward(x: x, steps: steps, mask: mask, weights: w, output: output, options: options,
                                         cache: cache)
                            dOut.withUnsafeBufferPointer { d in
                                dx.withUnsafeMutableBufferPointer { dx in
                                    dw.withUnsafeMutableBufferPointer { dw in
                                        cell.backward(x: x, steps: steps, mask: mask, weights: w, outputGradient: d,
                                                      options: options, cache: cache, inputGradient: dx, weightGradient: dw)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (output, dx, dw)
    }

    func assertClose(_ got: [Float], _ expected: [Double], tolerance: Double, relative: Double = 0, _ context: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, expected.count, context, file: file, line: line)
        for (i, (g, e)) in zip(got, expected).enumerated() where !(abs(Double(g) - e) <= tolerance + relative * abs(e)) {
            XCTFail("\(context)[\(i)]: \(g) vs \(e)", file: file, line: line)
            return
        }
    }

    func checkGradients(_ kind: RecurrentCell.Kind, masked: Bool, returnSequences: Bool, reverse: Bool,
                        zeroMaskedOutputs: Bool = false) {
        let cell = RecurrentCell(kind: kind, inputs: Self.inputs, units: Self.units)
        let options = RecurrentOptions(returnSequences: returnSequences, reverse: reverse, zeroMaskedOutputs: zeroMaskedOutputs)
        let steps = Self.steps
        let x = values(steps * Self.inputs, seed: 1), weights = values(cell.parameterCount, seed: 2)
        let dOut = values(cell.outputCount(steps: steps, returnSequences: returnSequences), seed: 3, scale: 1)
        let mask = masked ? Self.mask : nil
        let context = "\(kind) masked=\(masked) sequences=\(returnSequences) reverse=\(reverse) zero=\(zeroMaskedOutputs)"
        let (output, dx, dw) = run(cell, x: x, mask: mask, weights: weights, options: options, dOut: dOut)

        let reference = RecurrentReference(cell: cell)
        let (xd, wd, rd) = (x.map(Double.init), weights.map(Double.init), dOut.map(Double.init))
        assertClose(output, reference.forward(x: xd, steps: steps, mask: mask, weights: wd, options: options),
                    tolerance: 1e-6, "\(context) output")
        func loss(_ x: [Double], _ w: [Double]) -> Double {
            zip(reference.forward(x: x, steps: steps, mask: mask, weights: w, options: options), rd).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let h = 1e-6
        func numeric(_ values: [Double], _ f: ([Double]) -> Double) -> [Double] {
            values.indices.map { i in
                var plus = values, minus = values
                plus[i] += h
                minus[i] -= h
                return (f(plus) - f(minus)) / (2 * h)
            }
        }
        let numericW = numeric(wd) { loss(xd, $0) }, numericX = numeric(xd) { loss($0, wd) }
        assertClose(dw, numericW, tolerance: 2e-4, relative: 1e-3, "\(context) weight gradient")
        assertClose(dx, numericX, tolerance: 2e-4, relative: 1e-3, "\(context) input gradient")
        if masked {
            // A masked step's input has no effect.
            for t in 0..<steps where !Self.mask[t] {
                XCTAssertEqual(Array(dx[(t * Self.inputs)..<((t + 1) * Self.inputs)]), [0, 0, 0], context)
            }
        }
        XCTAssertGreaterThan(numericW.map(abs).max()!, 1e-2, "\(context): the check must see real gradients")
    }

    func testLSTMGradients() {
        for masked in [false, true] {
            for returnSequences in [false, true] {
                for reverse in [false, true] {
                    checkGradients(.lstm, masked: masked, returnSequences: returnSequences, reverse: reverse)
                }
            }
        }
        checkGradients(.lstm, masked: true, returnSequences: true, reverse: true, zeroMaskedOutputs: true)
    }

    func testGRUGradients() {
        for masked in [false, true] {
            for returnSequences in [false, true] {
                for reverse in [false, true] {
                    checkGradients(.gru, masked: masked, returnSequences: returnSequences, reverse: reverse)
                }
            }
        }
        checkGradients(.gru, masked: true, returnSequences: true, reverse: false, zeroMaskedOutputs: true)
    }

    /// Bidirectional(concat): both halves' gradients, the input gradient summed over them.
    func testBidirectionalGradients() {
        for kind in RecurrentCell.Kind.allCases {
            for returnSequences in [false, true] {
                for masked in [false, true] {
                    checkBidirectional(kind, masked: masked, returnSequences: returnSequences)
                }
            }
        }
    }

    func checkBidirectional(_ kind: RecurrentCell.Kind, masked: Bool, returnSequences: Bool) {
        let cell = RecurrentCell(kind: kind, inputs: Self.inputs, units: Self.units), layer = BidirectionalRecurrent(cell: cell)
        let steps = Self.steps, u = Self.units
        let x = values(steps * Self.inputs, seed: 11), weights = values(layer.parameterCount, seed: 12)
        let dOut = values(layer.outputCount(steps: steps, returnSequences: returnSequences), seed: 13, scale: 1)
        let mask = masked ? Self.mask : nil
        let context = "bidirectional \(kind) masked=\(masked) sequences=\(returnSequences)"
        var output = [Float](repeating: .nan, count: dOut.count), cache = [Float](repeating: .nan, count: layer.cacheFloats(steps: steps))
        var dx = [Float](repeating: .nan, count: x.count), dw = [Float](repeating: 0, count: layer.parameterCount)
        x.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                withMask(mask) { mask in
                    output.withUnsafeMutableBufferPointer { output in
                        cache.withUnsafeMutableBufferPointer { cache in
                            layer.forward(x: x, steps: steps, mask: mask, weights: w, output: output,
                                          returnSequences: returnSequences, cache: cache)
                            dOut.withUnsafeBufferPointer { d in
                                dx.withUnsafeMutableBufferPointer { dx in
                                    dw.withUnsafeMutableBufferPointer { dw in
                                        layer.backward(x: x, steps: steps, mask: mask, weights: w, outputGradient: d,
                                                       returnSequences: returnSequences, cache: cache, inputGradient: dx,
                                                       weightGradient: dw)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let reference = RecurrentReference(cell: cell), half = cell.parameterCount
        func forward(_ x: [Double], _ w: [Double]) -> [Double] {
            let halves = (0..<2).map { d in
                reference.forward(x: x, steps: steps, mask: mask, weights: Array(w[(d * half)..<((d + 1) * half)]),
                                  options: RecurrentOptions(returnSequences: returnSequences, reverse: d == 1,
                                                            zeroMaskedOutputs: returnSequences))
            }
            var merged: [Double] = []
            for t in 0..<(returnSequences ? steps : 1) {
                let row = (t * u)..<((t + 1) * u)
                merged += halves[0][row]
                merged += halves[1][row]
            }
            return merged
        }
        let (xd, wd, rd) = (x.map(Double.init), weights.map(Double.init), dOut.map(Double.init))
        assertClose(output, forward(xd, wd), tolerance: 1e-6, "\(context) output")
        func loss(_ x: [Double], _ w: [Double]) -> Double { zip(forward(x, w), rd).reduce(0) { $0 + $1.0 * $1.1 } }
        func numeric(_ values: [Double], _ f: ([Double]) -> Double) -> [Double] {
            values.indices.map { i in
                var plus = values, minus = values
                plus[i] += 1e-6
                minus[i] -= 1e-6
                return (f(plus) - f(minus)) / 2e-6
            }
        }
        assertClose(dw, numeric(wd) { loss(xd, $0) }, tolerance: 2e-4, relative: 1e-3, "\(context) weight gradient")
        assertClose(dx, numeric(xd) { loss($0, wd) }, tolerance: 2e-4, relative: 1e-3, "\(context) input gradient")
    }

    /// Every step masked: zero output, zero input gradient, no weight gradient.
    func testAllMaskedSample() {
        for kind in RecurrentCell.Kind.allCases {
            let cell = RecurrentCell(kind: kind, inputs: 2, units: 3)
            let x = values(8, seed: 4), weights = values(cell.parameterCount, seed: 5)
            for returnSequences in [false, true] {
                let options = RecurrentOptions(returnSequences: returnSequences)
                let dOut = values(cell.outputCount(steps: 4, returnSequences: returnSequences), seed: 6)
                let (output, dx, dw) = run(cell, x: x, mask: [false, false, false, false], weights: weights,
                                           options: options, dOut: dOut)
                XCTAssertEqual(output, [Float](repeating: 0, count: output.count), "\(kind)")
                XCTAssertEqual(dx, [Float](repeating: 0, count: 8), "\(kind)")
                XCTAssertEqual(dw, [Float](repeating: 0, count: cell.parameterCount), "\(kind)")
            }
        }
    }

    /// Saturating inputs stay finite; a NaN input reaches the output instead of vanishing.
    func testExtremeAndNaNInputs() {
        for kind in RecurrentCell.Kind.allCases {
            let cell = RecurrentCell(kind: kind, inputs: 2, units: 3)
            let weights = values(cell.parameterCount, seed: 8)
            let huge: [Float] = [1e30, -1e30, 3e4, -3e4, .greatestFiniteMagnitude, 0]
            let dOut = values(3, seed: 9)
            let (output, dx, dw) = run(cell, x: huge, mask: nil, weights: weights, options: RecurrentOptions(), dOut: dOut)
            XCTAssertTrue(output.allSatisfy(\.isFinite) && output.allSatisfy { abs($0) <= 1 }, "\(kind): \(output)")
            XCTAssertTrue(dw.allSatisfy { !$0.isNaN } && dx.allSatisfy { !$0.isNaN }, "\(kind)")
            let (poisoned, _, _) = run(cell, x: [0.1, .nan, 0.2, 0.3, 0.4, 0.5], mask: nil, weights: weights,
                                       options: RecurrentOptions(), dOut: dOut)
            XCTAssertTrue(poisoned.allSatisfy(\.isNaN), "\(kind): \(poisoned)")
        }
    }

    /// Shapes in Keras's order and parameter counts as Keras's summary prints them.
    func testShapesAndCounts() {
        let lstm = RecurrentCell(kind: .lstm, inputs: 32, units: 32), gru = RecurrentCell(kind: .gru, inputs: 32, units: 32)
        XCTAssertEqual(lstm.tensorShapes, [[32, 128], [32, 128], [128]])
        XCTAssertEqual(gru.tensorShapes, [[32, 96], [32, 96], [2, 96]])
        XCTAssertEqual(lstm.parameterCount, 8320)
        XCTAssertEqual(gru.parameterCount, 6336)
        XCTAssertEqual(lstm.parameterCount, lstm.tensorShapes.map { $0.reduce(1, *) }.reduce(0, +))
        XCTAssertEqual(BidirectionalRecurrent(cell: RecurrentCell(kind: .lstm, inputs: 128, units: 64)).parameterCount, 98816)
    }

    /// Keras's initialisers: glorot-uniform kernel, orthonormal recurrent rows, unit forget bias.
    func testInitialization() {
        for kind in RecurrentCell.Kind.allCases {
            let cell = RecurrentCell(kind: kind, inputs: 5, units: 4)
            var weights = [Float](repeating: .nan, count: cell.parameterCount)
            var rng = Xoshiro256StarStar(seed: 9)
            weights.withUnsafeMutableBufferPointer { cell.initialize($0, rng: &rng) }
            let w = cell.width, limit = Float((6 / Double(5 + w)).squareRoot())
            let kernel = weights[0..<(5 * w)]
            XCTAssertTrue(kernel.allSatisfy { abs($0) <= limit }, "\(kind)")
            XCTAssertGreaterThan(kernel.map(abs).max()!, limit * 0.8, "\(kind): kernel spans its range")
            for i in 0..<4 {
                for j in 0..<4 {
                    let dot = (0..<w).reduce(Float(0)) { $0 + weights[(5 + i) * w + $1] * weights[(5 + j) * w + $1] }
                    XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-5, "\(kind) rows \(i), \(j)")
                }
            }
            let bias = Array(weights[((5 + 4) * w)...])
            let expected = (0..<bias.count).map { Float(kind == .lstm && (4..<8).contains($0) ? 1 : 0) }
            XCTAssertEqual(bias, expected, "\(kind)")
            var again = [Float](repeating: 0, count: cell.parameterCount)
            var same = Xoshiro256StarStar(seed: 9)
            again.withUnsafeMutableBufferPointer { cell.initialize($0, rng: &same) }
            XCTAssertEqual(again, weights, "\(kind): the seed decides")
        }
    }
}

/// Calls `body` with `mask` as a buffer pointer, or nil.
func withMask<R>(_ mask: [Bool]?, _ body: (UnsafeBufferPointer<Bool>?) -> R) -> R {
    guard let mask else { return body(nil) }
    return mask.withUnsafeBufferPointer { body($0) }
}
