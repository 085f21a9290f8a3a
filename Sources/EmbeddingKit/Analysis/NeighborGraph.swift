/// Each vector's `k` nearest others by Euclidean distance, found exactly (all pairs, in
/// parallel): the input to t-SNE's affinities and to trustworthiness.
struct NeighborGraph {
    let k: Int
    /// Row i's neighbours, nearest first, at `i * k ..< (i + 1) * k`.
    let indices: [Int32]
    /// Their squared distances, in the same order.
    let squaredDistances: [Float]

    /// The `k` nearest of each of the `rows` vectors of length `dim` in `values` (row-major),
    /// itself excluded; ties go to the lower index.
    init(values: UnsafeBufferPointer<Float>, rows: Int, dim: Int, k: Int, interruption: Interruption) throws {
        precondition(k >= 1 && k < rows && values.count == rows * dim)
        let base = values.baseAddress!
        let squares = (0 ..< rows).map { VectorMath.dot(base + $0 * dim, base + $0 * dim, dim) }
        var indices = [Int32](repeating: 0, count: rows * k)
        var distances = [Float](repeating: 0, count: rows * k)
        let stopped = indices.withUnsafeMutableBufferPointer { outIndices in
            distances.withUnsafeMutableBufferPointer { outDistances in
                let out = UncheckedBox((outIndices, outDistances))
                return Parallel.mapChunks(count: rows, minimumPerChunk: 64) { range -> Bool in
                    for i in range {
                        if i % 64 == 0, interruption.isRequested { return true }
                        var best = TopK(k: k)
                        let row = base + i * dim
                        for j in 0 ..< rows where j != i {
                            // −|a − b|² = 2a·b − |a|² − |b|²: the highest score is the nearest.
                            let score = 2 * VectorMath.dot(row, base + j * dim, dim) - squares[i] - squares[j]
                            if score >= best.threshold { best.insert(score, j) }
                        }
                        for (slot, item) in best.sorted().enumerated() {
                            out.value.0[i * k + slot] = Int32(item.index)
                            out.value.1[i * k + slot] = max(0, -item.score)
                        }
                    }
                    return false
                }.contains(true)
            }
        }
        if stopped { throw Interrupted() }
        self.k = k
        self.indices = indices
        self.squaredDistances = distances
    }
}
