/// Eigen-decomposition of a symmetric matrix, in double precision: Householder reduction to
/// tridiagonal form, then implicit QR steps with Wilkinson shifts (Golub & Van Loan, §8.3),
/// the eigenvectors accumulated from the reflections and rotations. O(m³) with a small constant,
/// deterministic, and interruptible between steps.
enum SymmetricEigen {
    /// Eigenvalues in descending order and their unit eigenvectors (`vectors[k]` goes with
    /// `values[k]`) of the m × m symmetric matrix `matrix`, row-major. Polls `interruption`.
    static func decompose(_ matrix: [Double], size m: Int,
                          interruption: Interruption = .never) throws -> (values: [Double], vectors: [[Double]]) {
        precondition(matrix.count == m * m, "a symmetric matrix of m × m values")
        var a = matrix
        var q = [Double](repeating: 0, count: m * m)
        for i in 0 ..< m { q[i * m + i] = 1 }
        var d = [Double](repeating: 0, count: m), e = [Double](repeating: 0, count: max(m - 1, 0))
        try a.withUnsafeMutableBufferPointer { a in
            try q.withUnsafeMutableBufferPointer { q in
                try tridiagonalize(a.baseAddress!, q.baseAddress!, m, interruption)
                for i in 0 ..< m { d[i] = a[i * m + i] }
                for i in 0 ..< m - 1 { e[i] = a[(i + 1) * m + i] }
                try diagonalize(&d, &e, q.baseAddress!, m, interruption)
            }
        }
        let order = (0 ..< m).sorted { d[$0] > d[$1] || (d[$0] == d[$1] && $0 < $1) }
        return (order.map { d[$0] }, order.map { k in (0 ..< m).map { q[$0 * m + k] } })
    }

    /// Reduces `a` (m × m, symmetric) to tridiagonal form by Householder reflections
    /// H = I − 2vvᵀ, each applied as A ← HAH and accumulated as Q ← QH.
    private static func tridiagonalize(_ a: UnsafeMutablePointer<Double>, _ q: UnsafeMutablePointer<Double>, _ m: Int,
                                       _ interruption: Interruption) throws {
        guard m > 2 else { return }
        var v = [Double](repeating: 0, count: m), p = [Double](repeating: 0, count: m)
        for k in 0 ..< m - 2 {
            try interruption.checkpoint()
            var norm = 0.0
            for i in k + 1 ..< m { norm += a[i * m + k] * a[i * m + k] }
            norm = norm.squareRoot()
            if norm == 0 { continue }
            let alpha = a[(k + 1) * m + k] > 0 ? -norm : norm
            var length = 0.0
            for i in k + 1 ..< m {
                v[i] = a[i * m + k] - (i == k + 1 ? alpha : 0)
                length += v[i] * v[i]
            }
            length = length.squareRoot()
            if length == 0 { continue }
            for i in k + 1 ..< m { v[i] /= length }
            // HAH = A − 2vwᵀ − 2wvᵀ with p = Av, w = p − (vᵀp)v.
            var vp = 0.0
            for i in k + 1 ..< m {
                var sum = 0.0
                for j in k + 1 ..< m { sum += a[i * m + j] * v[j] }
                p[i] = sum
                vp += v[i] * sum
            }
            for i in k + 1 ..< m { p[i] -= vp * v[i] }
            for i in k + 1 ..< m {
                for j in k + 1 ..< m { a[i * m + j] -= 2 * (v[i] * p[j] + p[i] * v[j]) }
            }
            a[(k + 1) * m + k] = alpha
            a[k * m + k + 1] = alpha
            for i in k + 2 ..< m {
                a[i * m + k] = 0
                a[k * m + i] = 0
            }
            for r in 0 ..< m {
                var w = 0.0
                for j in k + 1 ..< m { w += q[r * m + j] * v[j] }
                for j in k + 1 ..< m { q[r * m + j] -= 2 * w * v[j] }
            }
        }
    }

    /// Diagonalises the tridiagonal matrix with diagonal `d` and subdiagonal `e` by implicit
    /// QR steps (Wilkinson shift, bulge chased down with Givens rotations), splitting off each
    /// eigenvalue once its subdiagonal entry is negligible; the rotations are accumulated in `q`.
    private static func diagonalize(_ d: inout [Double], _ e: inout [Double], _ q: UnsafeMutablePointer<Double>, _ m: Int,
                                    _ interruption: Interruption) throws {
        func negligible(_ i: Int) -> Bool { abs(e[i]) <= Double.ulpOfOne * (abs(d[i]) + abs(d[i + 1])) }
        var high = m - 1
        var steps = 0
        while high > 0 {
            if negligible(high - 1) {
                e[high - 1] = 0
                high -= 1
                continue
            }
            var low = high - 1
            while low > 0 && !negligible(low - 1) { low -= 1 }
            steps += 1
            if steps % 64 == 0 { try interruption.checkpoint() }
            // Past this many steps the matrix cannot converge (non-finite input): stop where it is.
            if steps > 64 * m { break }
            let delta = (d[high - 1] - d[high]) / 2, b = e[high - 1]
            let shift = d[high] - b * b / (delta + (delta >= 0 ? 1 : -1) * (delta * delta + b * b).squareRoot())
            var x = d[low] - shift, z = e[low]
            for k in low ..< high {
                let r = (x * x + z * z).squareRoot()
                let (c, s) = r == 0 ? (1.0, 0.0) : (x / r, z / r)
                if k > low { e[k - 1] = r }
                let dk = d[k], dk1 = d[k + 1], ek = e[k]
                d[k] = c * c * dk + 2 * c * s * ek + s * s * dk1
                d[k + 1] = s * s * dk - 2 * c * s * ek + c * c * dk1
                e[k] = c * s * (dk1 - dk) + (c * c - s * s) * ek
                if k + 1 < high {
                    z = s * e[k + 1]
                    e[k + 1] *= c
                    x = e[k]
                }
                for row in 0 ..< m {
                    let qk = q[row * m + k], qk1 = q[row * m + k + 1]
                    q[row * m + k] = c * qk + s * qk1
                    q[row * m + k + 1] = c * qk1 - s * qk
                }
            }
        }
    }
}
