extension Network {
    /// Fewest floating-point operations a thread should get (below that, waking it costs more).
    private static let workPerThread = 200_000

    /// Samples a thread takes at a time: a whole block of the four-row matrix products (each
    /// recurrent step is one product over a piece's samples), and small enough that a thread the
    /// system pauses holds up the others briefly.
    static let samplesPerPiece = 4

    /// Threads worth using for `samples` samples of `length` steps, at most `threads`.
    func threadCount(samples: Int, length: Int, threads: Int) -> Int {
        let perThread = Swift.max(1, Self.workPerThread / Swift.max(1, workPerSample(length: length)))
        return Swift.max(1, Swift.min(threads, samples / perThread))
    }

    /// Runs the first `count` samples of `ws.ids` through every op. With `training`, dropout
    /// is on, its masks drawn from `dropoutSeed` per op and sample, so results do not depend
    /// on the number of threads.
    func forward(_ ws: Workspace, parameters: UnsafeBufferPointer<Float>, count: Int, training: Bool,
                 dropoutSeed: UInt64, threads: Int) {
        let threads = threadCount(samples: count, length: ws.length, threads: threads)
        Parallel.forEachPiece(count: count, pieceSize: Self.samplesPerPiece, threads: threads) { samples in
            for k in ops.indices {
                forward(op: k, ws, parameters, samples, training: training, dropoutSeed: dropoutSeed)
            }
        }
    }

    private func forward(op k: Int, _ ws: Workspace, _ w: UnsafeBufferPointer<Float>, _ samples: Range<Int>,
                         training: Bool, dropoutSeed: UInt64) {
        let length = ws.length
        let (inWidth, outWidth) = (ws.widths[k], ws.widths[k + 1])
        let (inSteps, outSteps) = (ws.steps[k], ws.steps[k + 1])
        let out = ws.outputs[k]
        switch ops[k] {
        case .embedding(_, let dim):
            for b in samples {
                for t in 0..<length {
                    let id = Int(ws.ids[b * length + t])
                    (out.baseAddress! + (b * length + t) * dim).update(from: w.baseAddress! + id * dim, count: dim)
                }
            }
        case .averagePool(let dim, let masked):
            let x = ws.outputs[k - 1]
            for b in samples {
                let o = Workspace.row(out, b, dim)
                o.update(repeating: 0)
                var steps = 0
                for t in 0..<inSteps where !masked || ws.ids[b * length + t] != 0 {
                    steps += 1
                    let row = x.baseAddress! + b * inWidth + t * dim
                    for d in 0..<dim { o[d] += row[d] }
                }
                // Keras divides by zero (NaN) when every step is masked; this gives zeros.
                if steps > 0 {
                    let n = Float(steps)
                    for d in 0..<dim { o[d] /= n }
                }
            }
        case .maxPool(let dim):
            let x = ws.outputs[k - 1]
            for b in samples {
                let o = Workspace.row(out, b, dim)
                o.baseAddress!.update(from: x.baseAddress! + b * inWidth, count: dim)
                for t in 1..<inSteps {
                    let row = x.baseAddress! + b * inWidth + t * dim
                    for d in 0..<dim { o[d] = row[d] > o[d] || row[d].isNaN ? row[d] : o[d] }
                }
            }
        case .dense(let dense):
            let x = ws.outputs[k - 1]
            let kernel = w.baseAddress! + dense.kernel
            for b in samples {
                let o = Workspace.row(out, b, outWidth)
                o.baseAddress!.update(from: w.baseAddress! + dense.bias, count: dense.units)
                let row = x.baseAddress! + b * inWidth
                if dense.units == 1 {
                    var sum: Float = 0
                    for i in 0..<dense.inputs { sum += row[i] * kernel[i] }
                    o[0] += sum
                } else {
                    for i in 0..<dense.inputs {
                        let a = row[i]
                        let weights = kernel + i * dense.units
                        for u in 0..<dense.units { o[u] += a * weights[u] }
                    }
                }
                dense.activation.apply(o)
            }
        case .convolution(let c):
            let x = ws.outputs[k - 1]
            for b in samples {
                Self.convolve(c, x: x.baseAddress! + b * inWidth, inputSteps: inSteps, out: out.baseAddress! + b * outWidth,
                              outputSteps: outSteps, weights: w.baseAddress!)
            }
        case .pooling(let p):
            let x = ws.outputs[k - 1]
            for b in samples {
                Self.pool(p, x: x.baseAddress! + b * inWidth, inputSteps: inSteps, out: out.baseAddress! + b * outWidth,
                          outputSteps: outSteps)
            }
        case .recurrent(let r):
            let cacheWidth = r.cacheFloats(steps: inSteps)
            let weights = UnsafeBufferPointer(rebasing: w[r.weights ..< r.weights + r.parameterCount])
            let first = samples.lowerBound
            let x = SampleRows(ws.outputs[k - 1].baseAddress! + first * inWidth, stride: inWidth)
            let output = SampleRows(out.baseAddress! + first * outWidth, stride: outWidth)
            let cache = SampleRows(ws.caches[k].baseAddress! + first * cacheWidth, stride: cacheWidth)
            Self.withStepMasks(r.masked ? ws.ids.baseAddress! + first * length : nil, samples: samples.count,
                               length: length, steps: inSteps) { masks in
                if r.bidirectional {
                    BidirectionalRecurrent(cell: r.cell).forward(
                        samples: samples.count, x: x, masks: masks, steps: inSteps, weights: weights, output: output,
                        returnSequences: r.returnSequences, cache: cache)
                } else {
                    r.cell.forward(samples: samples.count, x: x, masks: masks, steps: inSteps, weights: weights,
                                   output: output, options: RecurrentOptions(returnSequences: r.returnSequences),
                                   cache: cache)
                }
            }
        case .dropout(let rate, let channels):
            let x = ws.outputs[k - 1]
            guard training else {
                for b in samples { (out.baseAddress! + b * outWidth).update(from: x.baseAddress! + b * inWidth, count: inWidth) }
                return
            }
            let keep = 1 - rate
            let mask = ws.masks[k]
            for b in samples {
                var rng = Xoshiro256StarStar(seed: dropoutSeed &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15
                    &+ UInt64(b) &* 0xD1B5_4A32_D192_ED03)
                // One draw per element, or per feature shared by every step.
                let features = (0 ..< (channels ?? 0)).map { _ in rng.nextUnitDouble() < Double(keep) }
                for j in 0..<outWidth {
                    let kept = channels.map { features[j % $0] } ?? (rng.nextUnitDouble() < Double(keep))
                    mask[b * outWidth + j] = kept ? 1 : 0
                    out[b * outWidth + j] = kept ? x[b * inWidth + j] / keep : 0
                }
            }
        }
    }

    /// Calls `body` with the step masks of `samples` samples whose word indices start at `ids`
    /// (`length` per sample; `steps` flags per sample, false where the index is 0, the padding),
    /// or with nil when there are no indices to mask by.
    static func withStepMasks<R>(_ ids: UnsafePointer<Int32>?, samples: Int, length: Int, steps: Int,
                                 _ body: (UnsafePointer<Bool>?) -> R) -> R {
        guard let ids else { return body(nil) }
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: samples * steps) { masks in
            for b in 0..<samples {
                for t in 0..<steps { masks[b * steps + t] = ids[b * length + t] != 0 }
            }
            return body(masks.baseAddress!)
        }
    }
}
