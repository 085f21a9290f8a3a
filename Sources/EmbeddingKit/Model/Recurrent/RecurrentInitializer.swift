extension RecurrentCell {
    /// Fills `weights` (`parameterCount` floats) as Keras initialises the layer: kernel
    /// glorot_uniform (limit √(6 / (inputs + width))), recurrent kernel orthogonal (rows
    /// orthonormal, from the QR of a Gaussian matrix with R's diagonal made positive), bias
    /// zeros — with LSTM's forget gate at 1 (`unit_forget_bias`).
    public func initialize(_ weights: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro256StarStar) {
        precondition(weights.count >= parameterCount, "recurrent cell weights too small")
        let w = width
        let limit = (6 / Double(inputs + w)).squareRoot()
        for i in 0..<(inputs * w) { weights[kernelOffset + i] = Float((rng.nextUnitDouble() * 2 - 1) * limit) }
        let rows = Self.orthonormalRows(count: units, length: w, rng: &rng)
        for i in 0..<(units * w) { weights[recurrentOffset + i] = Float(rows[i]) }
        for i in biasOffset..<parameterCount { weights[i] = 0 }
        if kind == .lstm {
            for j in units..<(2 * units) { weights[biasOffset + j] = 1 }
        }
    }

    /// `count` orthonormal rows of `length` (count ≤ length), row-major: modified Gram–Schmidt
    /// on Gaussian rows, which is the QR of their transpose with R's diagonal positive. A row
    /// that comes out (numerically) dependent is drawn again.
    static func orthonormalRows(count: Int, length: Int, rng: inout Xoshiro256StarStar) -> [Double] {
        precondition(count <= length, "orthogonal rows need count ≤ length")
        var q = [Double](repeating: 0, count: count * length)
        var i = 0
        while i < count {
            var row = (0..<length).map { k -> Double in
                let pair = rng.nextGaussianPair()
                return k % 2 == 0 ? pair.0 : pair.1
            }
            let original = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for r in 0..<i {
                var dot = 0.0
                for k in 0..<length { dot += q[r * length + k] * row[k] }
                for k in 0..<length { row[k] -= dot * q[r * length + k] }
            }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 1e-6 * original else { continue }
            for k in 0..<length { q[i * length + k] = row[k] / norm }
            i += 1
        }
        return q
    }
}
