import CKernels

extension RecurrentCell {
    /// Runs the cell over one sample `x` (`steps × inputs`) from a zero state, writing
    /// `outputCount(steps:returnSequences:)` floats to `output` and what `backward` needs to
    /// `cache` (`cacheFloats(steps:)` floats). `mask`, if given, has `steps` entries, false for a
    /// padded step.
    public func forward(x: UnsafeBufferPointer<Float>, steps: Int, mask: UnsafeBufferPointer<Bool>?,
                        weights: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                        options: RecurrentOptions, cache: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count >= steps * inputs && weights.count >= parameterCount && cache.count >= cacheFloats(steps: steps)
            && output.count >= outputCount(steps: steps, returnSequences: options.returnSequences)
            && (mask == nil || mask!.count >= steps), "recurrent cell buffers too small")
        forward(samples: 1, x: SampleRows(reading: x.baseAddress!, stride: 0), masks: mask?.baseAddress, steps: steps,
                weights: weights, output: SampleRows(output.baseAddress!, stride: 0), options: options,
                cache: SampleRows(cache.baseAddress!, stride: 0))
    }

    /// Runs the cell over `samples` samples at once, each as the one-sample `forward` does (with
    /// the same result to the bit, whatever else is in the batch): row b of `x` holds sample b,
    /// `masks` (if given) `steps` flags per sample, and `output` and `cache` take a row per
    /// sample. The input projection of every step is one matrix product per sample before the
    /// loop; each step's recurrent product is one product for every sample.
    func forward(samples count: Int, x: SampleRows, masks: UnsafePointer<Bool>?, steps: Int,
                 weights: UnsafeBufferPointer<Float>, output: SampleRows, options: RecurrentOptions, cache: SampleRows) {
        let layout = CacheLayout(self, steps: steps)
        let (w, u) = (width, units)
        let weight = weights.baseAddress!
        let kernel = weight + kernelOffset, recurrent = weight + recurrentOffset, bias = weight + biasOffset
        let act = cache.shifted(by: layout.activations), aux = cache.shifted(by: layout.auxiliary)
        let hidden = cache.shifted(by: layout.hidden), cellState = cache.shifted(by: layout.cellState)
        let rec = cache.shifted(by: layout.scratch)
        func active(_ b: Int, _ t: Int) -> Bool { masks.map { $0[b * steps + t] } ?? true }

        for b in 0..<count {
            for t in 0..<steps { (act[b] + t * w).update(from: bias, count: w) }
            embsh_gemm_nn(steps, w, inputs, x[b], inputs, kernel, w, act[b], w)
            hidden[b].update(repeating: 0, count: u)
            if kind == .lstm { cellState[b].update(repeating: 0, count: u) }
        }

        for p in 0..<steps {
            let t = layout.time(p, reverse: options.reverse)
            let anyActive = (0..<count).contains { active($0, t) }
            if anyActive {
                switch kind {
                case .lstm:
                    embsh_gemm_nn(count, w, u, hidden[0] + p * u, hidden.stride, recurrent, w, act[0] + t * w, act.stride)
                case .gru:
                    for b in 0..<count { rec[b].update(from: bias + w, count: w) }
                    embsh_gemm_nn(count, w, u, hidden[0] + p * u, hidden.stride, recurrent, w, rec[0], rec.stride)
                }
            }
            for b in 0..<count {
                let hp = hidden[b] + p * u, hn = hp + u
                guard active(b, t) else {
                    hn.update(from: hp, count: u)
                    if kind == .lstm { (cellState[b] + (p + 1) * u).update(from: cellState[b] + p * u, count: u) }
                    continue
                }
                switch kind {
                case .lstm:
                    let cp = cellState[b] + p * u
                    embsh_lstm_step(act[b] + t * w, cp, cp + u, aux[b] + t * u, hn, u)
                case .gru:
                    embsh_gru_step(act[b] + t * w, rec[b], aux[b] + t * u, hp, hn, u)
                }
            }
        }

        for b in 0..<count {
            let out = output[b], states = hidden[b]
            guard options.returnSequences else {
                out.update(from: states + steps * u, count: u)
                continue
            }
            for p in 0..<steps {
                let t = layout.time(p, reverse: options.reverse)
                if options.zeroMaskedOutputs && !active(b, t) {
                    (out + t * u).update(repeating: 0, count: u)
                } else {
                    (out + t * u).update(from: states + (p + 1) * u, count: u)
                }
            }
        }
    }
}
