extension Network {
    /// Backpropagates the loss gradient in the last op's delta (set by `Loss.gradient`) after a
    /// training `forward` of the same `count` samples, and fills `ws.gradient`: every dense
    /// kernel and bias, and the embedding rows this batch uses (a sparse row update; the
    /// other rows stay zero; none for a frozen embedding). Each value is summed in sample order on one thread, so the
    /// result does not depend on the number of threads.
    func backward(_ ws: Workspace, parameters: UnsafeBufferPointer<Float>, count: Int, threads: Int) {
        let chunks = threadCount(samples: count, length: ws.length, threads: threads)
        Parallel.forEachChunk(count: count, minimumPerChunk: 1, chunks: chunks) { samples in
            for k in ops.indices.dropFirst().reversed() { backward(op: k, ws, parameters, samples) }
        }
        for (k, op) in ops.enumerated() {
            switch op {
            case .embedding(_, let dim) where embeddingIsTrainable:
                scatterEmbeddingGradient(ws, dim: dim, count: count)
            case .dense(let dense):
                denseGradient(dense, input: ws.outputs[k - 1], delta: ws.deltas[k], into: ws.gradient, count: count,
                              threads: threads)
            default:
                break
            }
        }
    }

    /// Zeroes the embedding rows of the first `count` samples' indices, restoring the
    /// all-zero embedding gradient after an update.
    func clearEmbeddingGradient(_ ws: Workspace, count: Int) {
        guard embeddingIsTrainable, case .embedding(_, let dim) = ops[0] else { return }
        for id in ws.ids.prefix(count * ws.length) {
            (ws.gradient.baseAddress! + Int(id) * dim).update(repeating: 0, count: dim)
        }
    }

    /// Whether the gradient of the last `backward` is free of NaN and infinity.
    func gradientIsFinite(_ ws: Workspace, count: Int) -> Bool {
        var sum: Float = 0
        for v in ws.deltas[0].prefix(count * ws.widths[1]) { sum += v * 0 }
        for v in ws.gradient[embeddingSize...] { sum += v * 0 }
        return sum == 0
    }

    private func backward(op k: Int, _ ws: Workspace, _ w: UnsafeBufferPointer<Float>, _ samples: Range<Int>) {
        let length = ws.length
        let (inWidth, outWidth) = (ws.widths[k], ws.widths[k + 1])
        let (delta, deltaIn) = (ws.deltas[k], ws.deltas[k - 1])
        switch ops[k] {
        case .embedding:
            preconditionFailure("the embedding is the first op")
        case .averagePool(let dim, let masked):
            for b in samples {
                var steps = 0
                for t in 0..<length where !masked || ws.ids[b * length + t] != 0 { steps += 1 }
                let n = Float(steps)
                for t in 0..<length {
                    let row = deltaIn.baseAddress! + b * inWidth + t * dim
                    if masked && ws.ids[b * length + t] == 0 {
                        row.update(repeating: 0, count: dim)
                    } else {
                        for d in 0..<dim { row[d] = delta[b * outWidth + d] / n }
                    }
                }
            }
        case .maxPool(let dim):
            let x = ws.outputs[k - 1]
            for b in samples {
                let gradIn = Workspace.row(deltaIn, b, inWidth)
                gradIn.update(repeating: 0)
                for d in 0..<dim {
                    var best = 0
                    for t in 1..<length where x[b * inWidth + t * dim + d] > x[b * inWidth + best * dim + d] { best = t }
                    gradIn[best * dim + d] = delta[b * outWidth + d]
                }
            }
        case .dense(let dense):
            let kernel = w.baseAddress! + dense.kernel
            for b in samples {
                let dz = Workspace.row(delta, b, outWidth)
                dense.activation.backward(output: UnsafeBufferPointer(Workspace.row(ws.outputs[k], b, outWidth)), delta: dz)
                let gradIn = deltaIn.baseAddress! + b * inWidth
                if dense.units == 1 {
                    for i in 0..<dense.inputs { gradIn[i] = kernel[i] * dz[0] }
                } else {
                    for i in 0..<dense.inputs {
                        let weights = kernel + i * dense.units
                        var sum: Float = 0
                        for u in 0..<dense.units { sum += weights[u] * dz[u] }
                        gradIn[i] = sum
                    }
                }
            }
        case .dropout(let rate, _):
            let keep = 1 - rate
            let mask = ws.masks[k]
            for b in samples {
                for j in 0..<outWidth {
                    let i = b * outWidth + j
                    deltaIn[i] = mask[i] != 0 ? delta[i] / keep : 0
                }
            }
        }
    }

    /// Kernel gradient Σ_b x[b,i]·dz[b,u] split over input rows i, and bias gradient Σ_b dz[b,u].
    private func denseGradient(_ dense: Dense, input x: UnsafeMutableBufferPointer<Float>,
                               delta dz: UnsafeMutableBufferPointer<Float>, into gradient: UnsafeMutableBufferPointer<Float>,
                               count: Int, threads: Int) {
        let units = dense.units
        let rowsPerThread = Swift.max(1, 100_000 / Swift.max(1, count * units))
        let chunks = Swift.max(1, Swift.min(threads, dense.inputs / rowsPerThread))
        Parallel.forEachChunk(count: dense.inputs, minimumPerChunk: 1, chunks: chunks) { rows in
            for i in rows {
                let g = gradient.baseAddress! + dense.kernel + i * units
                g.update(repeating: 0, count: units)
                for b in 0..<count {
                    let a = x[b * dense.inputs + i]
                    let d = dz.baseAddress! + b * units
                    for u in 0..<units { g[u] += a * d[u] }
                }
            }
        }
        let bias = gradient.baseAddress! + dense.bias
        bias.update(repeating: 0, count: units)
        for b in 0..<count {
            for u in 0..<units { bias[u] += dz[b * units + u] }
        }
    }

    /// Adds each step's delta to the gradient row of its word index, in sample order.
    private func scatterEmbeddingGradient(_ ws: Workspace, dim: Int, count: Int) {
        let delta = ws.deltas[0]
        for s in 0 ..< count * ws.length {
            let g = ws.gradient.baseAddress! + Int(ws.ids[s]) * dim
            let d = delta.baseAddress! + s * dim
            for j in 0..<dim { g[j] += d[j] }
        }
    }
}
