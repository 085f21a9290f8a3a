/// How far a map can be trusted (Venna and Kaski 2001, as scikit-learn's `trustworthiness`):
/// 1 when every point's k nearest in the map are among its k nearest in the original space;
/// each intruder costs its original rank beyond k:
/// T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢ} (r(i, j) − k).
/// Distances are Euclidean in both spaces; equal distances rank the lower index first.
public enum Trustworthiness {
    /// T(k) of `map` (a point a vector) for the `rows` vectors of length `dim` in `values`
    /// (row-major). `k` must be below n / 2.
    public static func score(values: [Float], rows: Int, dim: Int, map: [[Double]], k: Int = 10,
                             interruption: Interruption = .never) throws -> Double {
        precondition(values.count == rows * dim && map.count == rows && k >= 1 && 2 * k < rows)
        let squares = values.withUnsafeBufferPointer { v in (0 ..< rows).map { VectorMath.dot(v.baseAddress! + $0 * dim, v.baseAddress! + $0 * dim, dim) } }
        let penalties = values.withUnsafeBufferPointer { v in
            let base = v.baseAddress!
            return Parallel.mapChunks(count: rows, minimumPerChunk: 64) { range -> Double? in
                var distances = [Float](repeating: 0, count: rows), penalty = 0.0
                for i in range {
                    if i % 64 == 0, interruption.isRequested { return nil }
                    for j in 0 ..< rows { distances[j] = squares[i] + squares[j] - 2 * VectorMath.dot(base + i * dim, base + j * dim, dim) }
                    for j in mapNeighbors(of: i, in: map, k: k) {
                        var rank = 1
                        for m in 0 ..< rows where m != i && m != j && (distances[m] < distances[j] || (distances[m] == distances[j] && m < j)) {
                            rank += 1
                        }
                        penalty += Double(max(0, rank - k))
                    }
                }
                return penalty
            }
        }
        guard !penalties.contains(where: { $0 == nil }) else { throw Interrupted() }
        let n = Double(rows), kk = Double(k)
        return 1 - 2 / (n * kk * (2 * n - 3 * kk - 1)) * penalties.reduce(0) { $0 + $1! }
    }

    /// The `k` points nearest point `i` in `map`.
    private static func mapNeighbors(of i: Int, in map: [[Double]], k: Int) -> [Int] {
        var best = TopK(k: k)
        for j in map.indices where j != i {
            let d = zip(map[i], map[j]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            best.insert(Float(-d), j)
        }
        return best.sorted().map(\.index)
    }
}
