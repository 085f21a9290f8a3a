/// Clustered test vectors: `clusters` centres drawn from N(0, 1) in `dim` dimensions, and each
/// row a centre (chosen uniformly) plus N(0, spread²) noise — the shape of real embeddings
/// (words in topical groups), which uniform random data lacks. Deterministic for a `seed`;
/// rows are labelled `w0`, `w1`, …
public enum GaussianMixture {
    public static func table(rows: Int, dim: Int, clusters: Int = 1000, spread: Float = 0.5, seed: UInt64 = 1,
                             interruption: Interruption = .never) throws -> EmbeddingTable {
        try EmbeddingTable.checkShape(rows: rows, dim: dim)
        let k = Swift.max(1, clusters)
        var rng = Xoshiro256StarStar(seed: seed)
        var centres = [Float](repeating: 0, count: k * dim)
        for i in centres.indices { centres[i] = Float(rng.nextGaussianPair().0) }
        var values = HugePageFloats.zeros(count: rows * dim)
        for r in 0 ..< rows {
            if r % 65536 == 0 { try interruption.checkpoint() }
            let c = Int(rng.next() % UInt64(k))
            var j = 0
            while j < dim {
                let (z0, z1) = rng.nextGaussianPair()
                values[r * dim + j] = centres[c * dim + j] + spread * Float(z0)
                if j + 1 < dim { values[r * dim + j + 1] = centres[c * dim + j + 1] + spread * Float(z1) }
                j += 2
            }
        }
        return try EmbeddingTable(rows: rows, dim: dim, values: values, labels: (0 ..< rows).map { "w\($0)" })
    }
}
