import CKernels

extension Network {
    /// Backpropagates the loss gradient in the last op's delta (set by `Loss.gradient`) after a
    /// training `forward` of the same `count` samples, and fills `ws.gradient`: every dense
    /// kernel and bias, and the embedding rows this batch uses (a sparse row update; the
    /// other rows stay zero; none for a frozen embedding). Each value is summed in sample order on one thread, so the
    /// result does not depend on the number of threads.
    func backward(_ ws: Workspace, parameters: UnsafeBufferPointer<Float>, count: Int, threads: Int) {
        let sampleThreads = threadCount(samples: count, length: ws.length, threads: threads)
        // Kernels transposed once per batch, for the input gradients: each Conv1D kernel as
        // filters × (window × inputs), each recurrent layer's as its cells' `transposedWeights`.
        let transposedKernels = ops.map { op -> [Float] in
            switch op {
            case .convolution(let c):
                let rows = c.window * c.inputs
                var transposed = [Float](repeating: 0, count: rows * c.filters)
                for r in 0..<rows {
                    for f in 0..<c.filters { transposed[f * rows + r] = parameters[c.kernel + r * c.filters + f] }
                }
                return transposed
            case .recurrent(let r):
                let weights = UnsafeBufferPointer(rebasing: parameters[r.weights ..< r.weights + r.parameterCount])
                return r.bidirectional ? BidirectionalRecurrent(cell: r.cell).transposedWeights(weights)
                    : r.cell.transposedWeights(weights)
            default:
                return []
            }
        }
        Parallel.forEachPiece(count: count, pieceSize: Self.samplesPerPiece, threads: sampleThreads) { samples in
            for k in ops.indices.dropFirst().reversed() { backward(op: k, ws, parameters, samples, transposedKernels[k]) }
        }
        for (k, op) in ops.enumerated() {
            switch op {
            case .embedding(_, let dim) where embeddingIsTrainable:
                scatterEmbeddingGradient(ws, dim: dim, count: count)
            case .dense(let dense):
                denseGradient(dense, input: ws.outputs[k - 1], delta: ws.deltas[k], into: ws.gradient, count: count,
                              threads: threads)
            case .convolution(let c):
                convolutionGradient(c, op: k, ws, count: count, threads: threads)
            case .recurrent(let r):
                sumSampleGradients(ws.sampleGradients[k], into: ws.gradient.baseAddress! + r.weights, width: r.parameterCount,
                                   count: count, threads: threads)
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
        embsh_all_finite(ws.deltas[0].baseAddress!, count * ws.widths[1]) != 0
            && embsh_all_finite(ws.gradient.baseAddress! + embeddingSize, ws.gradient.count - embeddingSize) != 0
    }

    private func backward(op k: Int, _ ws: Workspace, _ w: UnsafeBufferPointer<Float>, _ samples: Range<Int>,
                          _ transposedKernel: [Float]) {
        let length = ws.length
        let (inWidth, outWidth) = (ws.widths[k], ws.widths[k + 1])
        let (inSteps, outSteps) = (ws.steps[k], ws.steps[k + 1])
        let (delta, deltaIn) = (ws.deltas[k], ws.deltas[k - 1])
        switch ops[k] {
        case .embedding:
            preconditionFailure("the embedding is the first op")
        case .averagePool(let dim, let masked):
            for b in samples {
                var steps = 0
                for t in 0..<inSteps where !masked || ws.ids[b * length + t] != 0 { steps += 1 }
                let n = Float(steps)
                for t in 0..<inSteps {
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
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: dim) { best in
                for b in samples {
                    embsh_max_steps(x.baseAddress! + b * inWidth, inSteps, dim, best.baseAddress!)
                    let gradIn = Workspace.row(deltaIn, b, inWidth)
                    gradIn.update(repeating: 0)
                    for d in 0..<dim { gradIn[Int(best[d]) &* dim &+ d] = delta[b * outWidth + d] }
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
        case .convolution(let c):
            transposedKernel.withUnsafeBufferPointer { transposed in
                for b in samples {
                    Self.convolveBackward(c, deltaIn: deltaIn.baseAddress! + b * inWidth, inputSteps: inSteps,
                                          delta: delta.baseAddress! + b * outWidth, out: ws.outputs[k].baseAddress! + b * outWidth,
                                          outputSteps: outSteps, transposed: transposed.baseAddress!)
                }
            }
        case .pooling(let p):
            for b in samples {
                Self.poolBackward(p, x: ws.outputs[k - 1].baseAddress! + b * inWidth, deltaIn: deltaIn.baseAddress! + b * inWidth,
                                  inputSteps: inSteps, delta: delta.baseAddress! + b * outWidth, outputSteps: outSteps)
            }
        case .recurrent(let r):
            let cacheWidth = r.cacheFloats(steps: inSteps)
            let first = samples.lowerBound
            let gradient = SampleRows(ws.sampleGradients[k].baseAddress! + first * r.parameterCount, stride: r.parameterCount)
            gradient.base.update(repeating: 0, count: samples.count * r.parameterCount)
            let x = SampleRows(ws.outputs[k - 1].baseAddress! + first * inWidth, stride: inWidth)
            let outputGradient = SampleRows(delta.baseAddress! + first * outWidth, stride: outWidth)
            let inputGradient = SampleRows(deltaIn.baseAddress! + first * inWidth, stride: inWidth)
            let cache = SampleRows(ws.caches[k].baseAddress! + first * cacheWidth, stride: cacheWidth)
            Self.withStepMasks(r.masked ? ws.ids.baseAddress! + first * length : nil, samples: samples.count,
                               length: length, steps: inSteps) { masks in
                transposedKernel.withUnsafeBufferPointer { transposed in
                    if r.bidirectional {
                        BidirectionalRecurrent(cell: r.cell).backward(
                            samples: samples.count, x: x, masks: masks, steps: inSteps, transposed: transposed.baseAddress!,
                            outputGradient: outputGradient,
                            returnSequences: r.returnSequences, cache: cache, inputGradient: inputGradient,
                            weightGradient: gradient)
                    } else {
                        r.cell.backward(samples: samples.count, x: x, masks: masks, steps: inSteps,
                                        transposed: transposed.baseAddress!, outputGradient: outputGradient,
                                        options: RecurrentOptions(returnSequences: r.returnSequences), cache: cache,
                                        inputGradient: inputGradient, weightGradient: gradient)
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
        let workers = Swift.max(1, Swift.min(threads, dense.inputs / rowsPerThread))
        Parallel.forEachPiece(count: dense.inputs, pieceSize: Swift.max(1, rowsPerThread / 4), threads: workers) { rows in
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

    /// Conv1D's kernel gradient split over filters, each summed in sample order, and its bias
    /// gradient Σ_b Σ_t delta.
    private func convolutionGradient(_ c: Convolution, op k: Int, _ ws: Workspace, count: Int, threads: Int) {
        let (inWidth, outWidth) = (ws.widths[k], ws.widths[k + 1])
        let (inSteps, outSteps) = (ws.steps[k], ws.steps[k + 1])
        let (x, delta) = (ws.outputs[k - 1].baseAddress!, ws.deltas[k].baseAddress!)
        let rows = c.window * c.inputs
        var transposed = [Float](repeating: 0, count: c.filters * rows)
        // Work per batch: every delta is read; most are zero after ReLU and max pooling.
        let workers = Swift.max(1, Swift.min(threads, count * outSteps * c.filters / 20_000))
        let kernel = ws.gradient.baseAddress! + c.kernel, bias = ws.gradient.baseAddress! + c.bias
        transposed.withUnsafeMutableBufferPointer { t in
            Parallel.forEachPiece(count: c.filters, pieceSize: 8, threads: workers) { filters in
                for b in 0..<count {
                    Self.convolutionKernelGradient(c, filters: filters, x: x + b * inWidth, inputSteps: inSteps,
                                                   delta: delta + b * outWidth, outputSteps: outSteps,
                                                   transposed: t.baseAddress!)
                }
                for r in 0..<rows {
                    for f in filters { kernel[r * c.filters + f] = t[f * rows + r] }
                }
                for f in filters { bias[f] = 0 }
                for b in 0..<count {
                    for s in 0..<outSteps {
                        let row = delta + b * outWidth + s * c.filters
                        for f in filters { bias[f] += row[f] }
                    }
                }
            }
        }
    }

    /// Sets `gradient` (`width` values) to the sum of the first `count` rows of `rows`, each
    /// value summed in sample order, split over the values.
    private func sumSampleGradients(_ rows: UnsafeMutableBufferPointer<Float>, into gradient: UnsafeMutablePointer<Float>,
                                    width: Int, count: Int, threads: Int) {
        let workers = Swift.max(1, Swift.min(threads, width * count / 100_000))
        Parallel.forEachPiece(count: width, pieceSize: 2048, threads: workers) { range in
            (gradient + range.lowerBound).update(from: rows.baseAddress! + range.lowerBound, count: range.count)
            for b in 1 ..< Swift.max(1, count) {
                let row = rows.baseAddress! + b * width
                for i in range { gradient[i] += row[i] }
            }
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
