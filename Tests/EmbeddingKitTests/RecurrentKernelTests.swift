import CKernels
import Foundation
import XCTest

/// The recurrent cells' C kernels on their own: the vector logistic and tanh against libm
/// over the whole float range (NaN stays NaN), and the three matrix products — with a
/// negative row stride — against plain loops.
final class RecurrentKernelTests: XCTestCase {
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

    func testMatrixProducts() {
        var rng = Xoshiro(seed: 3)
        for (m, n, k) in [(1, 128, 32), (7, 96, 5), (3, 37, 13), (5, 3, 130)] {
            let a = (0..<(m * k)).map { _ in rng.next() }, at = (0..<(k * m)).map { _ in rng.next() }
            let b = (0..<(k * n)).map { _ in rng.next() }, bt = (0..<(n * k)).map { _ in rng.next() }
            let start = (0..<(m * n)).map { _ in rng.next() }
            func expected(_ element: (Int, Int) -> Double) -> [Double] {
                (0..<(m * n)).map { Double(start[$0]) + element($0 / n, $0 % n) }
            }
            var nn = start, tn = start, nt = start, reversed = start
            embsh_gemm_nn(m, n, k, a, k, b, n, &nn, n)
            embsh_gemm_tn(m, n, k, at, m, b, n, &tn, n)
            embsh_gemm_nt(m, n, k, a, k, bt, k, &nt, n)
            // b's rows walked from the last: row p of the product is b's row k − 1 − p.
            b.withUnsafeBufferPointer { b in embsh_gemm_nn(m, n, k, a, k, b.baseAddress! + (k - 1) * n, -n, &reversed, n) }
            let context = "\(m)×\(n)×\(k)"
            assertClose(nn, expected { i, j in (0..<k).reduce(0) { $0 + Double(a[i * k + $1]) * Double(b[$1 * n + j]) } }, context)
            assertClose(tn, expected { i, j in (0..<k).reduce(0) { $0 + Double(at[$1 * m + i]) * Double(b[$1 * n + j]) } }, context)
            assertClose(nt, expected { i, j in (0..<k).reduce(0) { $0 + Double(a[i * k + $1]) * Double(bt[j * k + $1]) } }, context)
            assertClose(reversed, expected { i, j in
                (0..<k).reduce(0) { $0 + Double(a[i * k + $1]) * Double(b[(k - 1 - $1) * n + j]) }
            }, context)
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
