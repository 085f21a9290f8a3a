import CKernels

extension RecurrentCell {
    /// Runs the cell over one sample `x` (`steps × inputs`) from a zero state, writing
    /// `outputCount(steps:returnSequences:)` floats to `output` and what `backward` needs to
    /// `cache` (`cacheFloats(steps:)` floats). `mask`, if given, has `steps` entries, false for a
    /// padded step. The input projection of every step is one matrix product before the loop.
    public func forward(x: UnsafeBufferPointer<Float>, steps: Int, mask: UnsafeBufferPointer<Bool>?,
                        weights: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                        options: RecurrentOptions, cache: UnsafeMutableBufferPointer<Float>) {
        let layout = CacheLayout(self, steps: steps)
        precondition(x.count >= steps * inputs && weights.count >= parameterCount && cache.count >= layout.total
            && output.count >= outputCount(steps: steps, returnSequences: options.returnSequences)
            && (mask == nil || mask!.count >= steps), "recurrent cell buffers too small")
        let (w, u) = (width, units)
        let weight = weights.baseAddress!, base = cache.baseAddress!
        let kernel = weight + kernelOffset, recurrent = weight + recurrentOffset, bias = weight + biasOffset
        let act = base + layout.activations, aux = base + layout.auxiliary
        let hidden = base + layout.hidden, cellState = base + layout.cellState, rec = base + layout.scratch

        for t in 0..<steps { (act + t * w).update(from: bias, count: w) }
        embsh_gemm_nn(steps, w, inputs, x.baseAddress!, inputs, kernel, w, act, w)
        hidden.update(repeating: 0, count: u)
        if kind == .lstm { cellState.update(repeating: 0, count: u) }

        for p in 0..<steps {
            let t = layout.time(p, reverse: options.reverse)
            let hp = hidden + p * u, hn = hp + u
            if let mask, !mask[t] {
                hn.update(from: hp, count: u)
                if kind == .lstm { (cellState + (p + 1) * u).update(from: cellState + p * u, count: u) }
                continue
            }
            let a = act + t * w
            switch kind {
            case .lstm:
                embsh_gemm_nn(1, w, u, hp, u, recurrent, w, a, w)
                embsh_sigmoid(a, 2 * u)
                embsh_tanh(a + 2 * u, u)
                embsh_sigmoid(a + 3 * u, u)
                let cp = cellState + p * u, cn = cp + u, tc = aux + t * u
                for j in 0..<u {
                    cn[j] = a[u + j] * cp[j] + a[j] * a[2 * u + j]
                    tc[j] = cn[j]
                }
                embsh_tanh(tc, u)
                for j in 0..<u { hn[j] = a[3 * u + j] * tc[j] }
            case .gru:
                rec.update(from: bias + w, count: w)
                embsh_gemm_nn(1, w, u, hp, u, recurrent, w, rec, w)
                for j in 0..<(2 * u) { a[j] += rec[j] }
                embsh_sigmoid(a, 2 * u)
                let recH = aux + t * u
                recH.update(from: rec + 2 * u, count: u)
                for j in 0..<u { a[2 * u + j] += a[u + j] * recH[j] }
                embsh_tanh(a + 2 * u, u)
                for j in 0..<u { hn[j] = a[j] * hp[j] + (1 - a[j]) * a[2 * u + j] }
            }
        }

        let out = output.baseAddress!
        guard options.returnSequences else {
            out.update(from: hidden + steps * u, count: u)
            return
        }
        for p in 0..<steps {
            let t = layout.time(p, reverse: options.reverse)
            if options.zeroMaskedOutputs, let mask, !mask[t] {
                (out + t * u).update(repeating: 0, count: u)
            } else {
                (out + t * u).update(from: hidden + (p + 1) * u, count: u)
            }
        }
    }
}
