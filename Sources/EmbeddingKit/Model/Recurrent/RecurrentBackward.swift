import CKernels

extension RecurrentCell {
    /// Backpropagation through time for the sample `forward` last ran with this `cache` (same
    /// `x`, `steps`, `mask`, `weights` and `options`). `outputGradient` has the shape of the
    /// output. Adds the weights' gradient to `weightGradient` (`parameterCount` floats, same
    /// layout as the weights) and, unless nil, overwrites `inputGradient` (`steps × inputs`).
    /// The cache's gradient rows are overwritten, so a second `backward` needs a new `forward`.
    public func backward(x: UnsafeBufferPointer<Float>, steps: Int, mask: UnsafeBufferPointer<Bool>?,
                         weights: UnsafeBufferPointer<Float>, outputGradient: UnsafeBufferPointer<Float>,
                         options: RecurrentOptions, cache: UnsafeMutableBufferPointer<Float>,
                         inputGradient: UnsafeMutableBufferPointer<Float>?,
                         weightGradient: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count >= steps * inputs && weights.count >= parameterCount && cache.count >= cacheFloats(steps: steps)
            && weightGradient.count >= parameterCount
            && outputGradient.count >= outputCount(steps: steps, returnSequences: options.returnSequences)
            && (inputGradient == nil || inputGradient!.count >= steps * inputs)
            && (mask == nil || mask!.count >= steps), "recurrent cell buffers too small")
        transposedWeights(weights).withUnsafeBufferPointer { transposed in
            backward(samples: 1, x: SampleRows(reading: x.baseAddress!, stride: 0), masks: mask?.baseAddress, steps: steps,
                     transposed: transposed.baseAddress!,
                     outputGradient: SampleRows(reading: outputGradient.baseAddress!, stride: 0),
                     options: options, cache: SampleRows(cache.baseAddress!, stride: 0),
                     inputGradient: inputGradient.map { SampleRows($0.baseAddress!, stride: 0) },
                     weightGradient: SampleRows(weightGradient.baseAddress!, stride: 0))
        }
    }

    /// Floats of `transposedWeights`.
    var transposedCount: Int { width * (units + inputs) }

    /// The recurrent kernel and the kernel transposed, as the backward pass multiplies by them:
    /// Rᵀ (`width × units`) then Kᵀ (`width × inputs`), row-major. Computed once per batch.
    func transposedWeights(_ weights: UnsafeBufferPointer<Float>) -> [Float] {
        [Float](unsafeUninitializedCapacity: transposedCount) { out, count in
            Self.transpose(weights.baseAddress! + recurrentOffset, rows: units, columns: width, into: out.baseAddress!)
            Self.transpose(weights.baseAddress! + kernelOffset, rows: inputs, columns: width,
                           into: out.baseAddress! + width * units)
            count = transposedCount
        }
    }

    /// Backpropagation through time for `samples` samples at once, each as the one-sample
    /// `backward` does (with the same result to the bit, whatever else is in the batch), rows as
    /// in the batched `forward`; each sample's weight gradient goes to its own row of
    /// `weightGradient`. Each step's product with the recurrent kernel is one product for every
    /// sample. The weights enter only as `transposed`, their `transposedWeights`.
    func backward(samples count: Int, x: SampleRows, masks: UnsafePointer<Bool>?, steps: Int, transposed: UnsafePointer<Float>,
                  outputGradient dOut: SampleRows, options: RecurrentOptions, cache: SampleRows, inputGradient: SampleRows?,
                  weightGradient: SampleRows) {
        let layout = CacheLayout(self, steps: steps)
        let (w, u) = (width, units)
        let act = cache.shifted(by: layout.activations), aux = cache.shifted(by: layout.auxiliary)
        let hidden = cache.shifted(by: layout.hidden), cellState = cache.shifted(by: layout.cellState)
        let grad = cache.shifted(by: layout.gradient)
        let gradRec = kind == .lstm ? grad : cache.shifted(by: layout.recurrentGradient)
        let dh = cache.shifted(by: layout.scratch + w), dc = dh.shifted(by: u)
        func active(_ b: Int, _ t: Int) -> Bool { masks.map { $0[b * steps + t] } ?? true }

        // dh of the previous step = g · Rᵀ; the input gradient = g · Kᵀ.
        let recurrentT = transposed, kernelT = transposed + w * u
        for b in 0..<count {
            if options.returnSequences {
                dh[b].update(repeating: 0, count: u)
            } else {
                dh[b].update(from: dOut[b], count: u)
            }
            dc[b].update(repeating: 0, count: u)
        }

        for p in stride(from: steps - 1, through: 0, by: -1) {
            let t = layout.time(p, reverse: options.reverse)
            var anyActive = false
            for b in 0..<count {
                let masked = !active(b, t)
                if options.returnSequences && !(masked && options.zeroMaskedOutputs) {
                    let row = dOut[b] + t * u, d = dh[b]
                    for j in 0..<u { d[j] += row[j] }
                }
                let g = grad[b] + t * w
                if masked {
                    // The state passed through unchanged: its gradient does too (zero rows add
                    // nothing in the product below).
                    g.update(repeating: 0, count: w)
                    if kind == .gru { (gradRec[b] + t * w).update(repeating: 0, count: w) }
                    continue
                }
                anyActive = true
                switch kind {
                case .lstm:
                    embsh_lstm_step_gradient(act[b] + t * w, aux[b] + t * u, cellState[b] + p * u, dh[b], dc[b], g, u)
                case .gru:
                    embsh_gru_step_gradient(act[b] + t * w, aux[b] + t * u, hidden[b] + p * u, dh[b], g,
                                            gradRec[b] + t * w, u)
                }
            }
            if anyActive {
                embsh_gemm_nn(count, u, w, gradRec[0] + t * w, gradRec.stride, recurrentT, u, dh[0], dh.stride)
            }
        }

        for b in 0..<count {
            let dWeight = weightGradient[b]
            embsh_gemm_tn(inputs, w, steps, x[b], inputs, grad[b], w, dWeight + kernelOffset, w)
            // Row p of the hidden states meets the gradient of the step processed p-th.
            let gradRecFirst = options.reverse ? gradRec[b] + (steps - 1) * w : gradRec[b]
            embsh_gemm_tn(u, w, steps, hidden[b], u, gradRecFirst, options.reverse ? -w : w, dWeight + recurrentOffset, w)
            let dBias = dWeight + biasOffset
            for t in 0..<steps {
                let g = grad[b] + t * w
                for j in 0..<w { dBias[j] += g[j] }
            }
            if kind == .gru {
                for t in 0..<steps {
                    let g = gradRec[b] + t * w
                    for j in 0..<w { dBias[w + j] += g[j] }
                }
            }
            if let inputGradient {
                inputGradient[b].update(repeating: 0, count: steps * inputs)
                embsh_gemm_nn(steps, inputs, w, grad[b], w, kernelT, inputs, inputGradient[b], inputs)
            }
        }
    }

    /// Writes the transpose of the row-major `rows × columns` matrix `m` to `into`.
    private static func transpose(_ m: UnsafePointer<Float>, rows: Int, columns: Int, into: UnsafeMutablePointer<Float>) {
        for i in 0..<rows {
            for j in 0..<columns { into[j * rows + i] = m[i * columns + j] }
        }
    }
}
