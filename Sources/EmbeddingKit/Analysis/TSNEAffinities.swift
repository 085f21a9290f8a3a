import Foundation

/// t-SNE's joint probabilities P, sparse: each vector's conditional distribution over its
/// 3·perplexity nearest neighbours (a Gaussian whose width is found by bisection so that its
/// entropy is log(perplexity)), symmetrised as (P + Pᵀ) and scaled to sum to 1.
struct TSNEAffinities {
    /// Row i's entries are `columns[offsets[i] ..< offsets[i + 1]]` with `values` beside them.
    let offsets: [Int]
    let columns: [Int32]
    let values: [Double]

    init(_ graph: NeighborGraph, rows: Int, perplexity: Double) {
        let k = graph.k
        var conditional = [Double](repeating: 0, count: rows * k)
        conditional.withUnsafeMutableBufferPointer { out in
            let box = UncheckedBox(out)
            Parallel.forEachChunk(count: rows, minimumPerChunk: 256) { range in
                for i in range {
                    Self.bisect(graph.squaredDistances[(i * k) ..< (i + 1) * k], perplexity: perplexity,
                                into: UnsafeMutableBufferPointer(rebasing: box.value[(i * k) ..< (i + 1) * k]))
                }
            }
        }
        // Row i gets its own k entries and one for each row that lists i; equal columns are summed.
        var entries = [[(column: Int32, value: Double)]](repeating: [], count: rows)
        for i in 0 ..< rows {
            for slot in 0 ..< k {
                let j = Int(graph.indices[i * k + slot]), p = conditional[i * k + slot]
                entries[i].append((Int32(j), p))
                entries[j].append((Int32(i), p))
            }
        }
        var offsets = [0], columns: [Int32] = [], values: [Double] = [], total = 0.0
        for var row in entries {
            row.sort { $0.column < $1.column }
            for entry in row {
                if let last = columns.last, columns.count > offsets.last!, last == entry.column {
                    values[values.count - 1] += entry.value
                } else {
                    columns.append(entry.column)
                    values.append(entry.value)
                }
                total += entry.value
            }
            offsets.append(columns.count)
        }
        let scale = 1 / max(total, Double.leastNormalMagnitude)
        self.offsets = offsets
        self.columns = columns
        self.values = values.map { $0 * scale }
    }

    /// Writes exp(−β·d²) / Σ for the β whose distribution has entropy log(perplexity) (within
    /// 1e-5 nats, at most 100 halvings).
    private static func bisect(_ distances: ArraySlice<Float>, perplexity: Double, into out: UnsafeMutableBufferPointer<Double>) {
        let target = log(perplexity)
        var beta = 1.0, low = -Double.infinity, high = Double.infinity
        for _ in 0 ..< 100 {
            var sum = 0.0
            for (slot, d) in distances.enumerated() {
                out[slot] = exp(-Double(d) * beta)
                sum += out[slot]
            }
            if sum == 0 { sum = Double.ulpOfOne }
            var weighted = 0.0
            for (slot, d) in distances.enumerated() {
                out[slot] /= sum
                weighted += Double(d) * out[slot]
            }
            let difference = log(sum) + beta * weighted - target
            if abs(difference) <= 1e-5 { break }
            if difference > 0 {
                low = beta
                beta = high == .infinity ? beta * 2 : (beta + high) / 2
            } else {
                high = beta
                beta = low == -.infinity ? beta / 2 : (beta + low) / 2
            }
        }
    }
}
