import CKernels
import Foundation
import XCTest

/// The model engine's C kernels on their own: the vector logistic and tanh against libm over
/// the whole float range (NaN stays NaN), ReLU and its gradient, the finiteness check, and the
/// matrix products — with a negative row
/// stride — against plain loops, each row the same bits alone as beside others.
final class ActivationKernelTests: XCTestCase {
    func testSigmoidAndTanhMatchLibm() {
        var inputs: [Float] = [0, -0, 1e-8, -1e-8, 1e-3, 0.5, -0.5, 3, -3, 9, -9, 20, -20, 44, -44, 87, -87, 88.5, -88.5,
                               200, -200, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        inputs += stride(from: Float(-30), through: 30, by: 0.0137)
        var sigmoid = inputs, tanhs = inputs
        embsh_sigmoid(&sigmoid, sigmoid.count)
        embsh_tanh(&tanhs, tanhs.count)
        for (i, x) in inputs.enumerated() {
            let exactSigmoid = 1 / (1 + Foundation.exp(-Double(x))), exactTanh = Foundation.tanh(Double(x))
            XCTAssertEqual(Double(sigmoid[i]), exactSigmoid, accuracy: 2.5e-7 * max(exactSigmoid, 1e-30) + 1e-37, "σ(\(x))")
            XCTAssertEqual(Double(tanhs[i]), exactTanh, accuracy: 1e-7, "tanh(\(x))")
        }
        var nan: [Float] = [.nan, 1, .nan, 2, 3, 4, 5, 6, .nan]  // in the vector body and the tail
        var nanTanh = nan
        embsh_sigmoid(&nan, nan.count)
        embsh_tanh(&nanTanh, nanTanh.count)
        XCTAssertEqual(nan.map(\.isNaN), [true, false, true, false, false, false, false, false, true])
        XCTAssertEqual(nanTanh.map(\.isNaN), [true, false, true, false, false, false, false, false, true])
    }

    func testReLUAndItsGradientKeepNaN() {
        // 19 values: the vector body and the tail.
        let inputs: [Float] = [-2, -0.0, 0, 1e-30, -1e-30, 3, .nan, .infinity, -.infinity, 7, -7, 0.5, -0.5, 1, -1, 2, .nan, -3, 4]
        var relu = inputs
        embsh_relu(&relu, relu.count)
        for (x, y) in zip(inputs, relu) {
            XCTAssertEqual(y.bitPattern, (x < 0 ? 0 : x).bitPattern, "relu(\(x))")
        }
        var delta = [Float](repeating: 1.5, count: inputs.count)
        embsh_relu_backward(relu, &delta, delta.count)
        XCTAssertEqual(delta, relu.map { $0 > 0 ? 1.5 : 0 })
    }

    func testMaxStepsFindsTheFirstLargest() {
        // 11 features (the vector body and the tail) over 4 steps; ties go to the first step and
        // NaN never wins.
        let steps = 4, dim = 11
        var rows = [Float](repeating: 0, count: steps * dim)
        for t in 0..<steps {
            for d in 0..<dim { rows[t * dim + d] = Float((d * 7 + t * 3) % 5) }
        }
        rows[2 * dim + 1] = .nan
        rows[3 * dim + 9] = .nan
        var best = [Int32](repeating: -1, count: dim)
        embsh_max_steps(rows, steps, dim, &best)
        for d in 0..<dim {
            var top = rows[d], at: Int32 = 0
            for t in 1..<steps where rows[t * dim + d] > top { top = rows[t * dim + d]; at = Int32(t) }
            XCTAssertEqual(best[d], at, "feature \(d)")
        }
    }

    func testFinitenessCheck() {
        for count in [0, 5, 8, 21] {
            let finite = (0..<count).map { Float($0) * 1e37 - 1e38 }
            XCTAssertEqual(embsh_all_finite(finite, finite.count), 1, "\(count) finite values")
            for bad in [Float.nan, .infinity, -.infinity] where count > 0 {
                for position in [0, count - 1] {
                    var values = finite
                    values[position] = bad
                    XCTAssertEqual(embsh_all_finite(values, values.count), 0, "\(bad) at \(position) of \(count)")
                }
            }
        }
    }

    func testMatrixProducts() {
        var rng = Xoshiro(seed: 3)
        for (m, n, k) in [(1, 128, 32), (7, 96, 5), (3, 37, 13), (5, 3, 130), (9, 45, 20)] {
            let a = (0..<(m * k)).map { _ in rng.next() }, at = (0..<(k * m)).map { _ in rng.next() }
            let b = (0..<(k * n)).map { _ in rng.next() }
            let start = (0..<(m * n)).map { _ in rng.next() }
            func expected(_ element: (Int, Int) -> Double) -> [Double] {
                (0..<(m * n)).map { Double(start[$0]) + element($0 / n, $0 % n) }
            }
            var nn = start, tn = start, reversed = start
            embsh_gemm_nn(m, n, k, a, k, b, n, &nn, n)
            embsh_gemm_tn(m, n, k, at, m, b, n, &tn, n)
            // b's rows walked from the last: row p of the product is b's row k − 1 − p.
            b.withUnsafeBufferPointer { b in embsh_gemm_nn(m, n, k, a, k, b.baseAddress! + (k - 1) * n, -n, &reversed, n) }
            let context = "\(m)×\(n)×\(k)"
            assertClose(nn, expected { i, j in (0..<k).reduce(0) { $0 + Double(a[i * k + $1]) * Double(b[$1 * n + j]) } }, context)
            assertClose(tn, expected { i, j in (0..<k).reduce(0) { $0 + Double(at[$1 * m + i]) * Double(b[$1 * n + j]) } }, context)
            assertClose(reversed, expected { i, j in
                (0..<k).reduce(0) { $0 + Double(a[i * k + $1]) * Double(b[(k - 1 - $1) * n + j]) }
            }, context)
            for i in 0..<m {
                var alone = Array(start[(i * n)..<((i + 1) * n)])
                a.withUnsafeBufferPointer { a in embsh_gemm_nn(1, n, k, a.baseAddress! + i * k, k, b, n, &alone, n) }
                XCTAssertEqual(alone.map(\.bitPattern), nn[(i * n)..<((i + 1) * n)].map(\.bitPattern), "\(context) row \(i)")
            }
        }
    }

    private func assertClose(_ got: [Float], _ expected: [Double], _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        for (g, e) in zip(got, expected) where abs(Double(g) - e) > 1e-5 {
            XCTFail("\(context): \(g) vs \(e)", file: file, line: line)
            return
        }
    }

    /// A small generator of floats in [−1, 1) for the products' operands.
    private struct Xoshiro {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Double(state >> 11) * 0x1.0p-53 * 2 - 1)
        }
    }
}
