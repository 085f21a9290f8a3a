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
        let layout = CacheLayout(self, steps: steps)
        precondition(x.count >= steps * inputs && weights.count >= parameterCount && cache.count >= layout.total
            && weightGradient.count >= parameterCount
            && outputGradient.count >= outputCount(steps: steps, returnSequences: options.returnSequences)
            && (inputGradient == nil || inputGradient!.count >= steps * inputs)
            && (mask == nil || mask!.count >= steps), "recurrent cell buffers too small")
        let (w, u) = (width, units)
        let weight = weights.baseAddress!, base = cache.baseAddress!, dOut = outputGradient.baseAddress!
        let act = base + layout.activations, aux = base + layout.auxiliary
        let hidden = base + layout.hidden, cellState = base + layout.cellState
        let grad = base + layout.gradient
        let gradRec = kind == .lstm ? grad : base + layout.recurrentGradient
        let dh = base + layout.scratch + w, dc = dh + u
        let recurrent = weight + recurrentOffset

        if options.returnSequences {
            dh.update(repeating: 0, count: u)
        } else {
            dh.update(from: dOut, count: u)
        }
        dc.update(repeating: 0, count: u)

        for p in stride(from: steps - 1, through: 0, by: -1) {
            let t = layout.time(p, reverse: options.reverse)
            let masked = mask.map { !$0[t] } ?? false
            if options.returnSequences && !(masked && options.zeroMaskedOutputs) {
                let row = dOut + t * u
                for j in 0..<u { dh[j] += row[j] }
            }
            let g = grad + t * w, a = act + t * w
            if masked {
                // The state passed through unchanged: its gradient does too.
                g.update(repeating: 0, count: w)
                if kind == .gru { (gradRec + t * w).update(repeating: 0, count: w) }
                continue
            }
            switch kind {
            case .lstm:
                let tc = aux + t * u, cp = cellState + p * u
                for j in 0..<u {
                    let (i, f, c, o, tcj) = (a[j], a[u + j], a[2 * u + j], a[3 * u + j], tc[j])
                    let dcT = dc[j] + dh[j] * o * (1 - tcj * tcj)
                    g[j] = dcT * c * i * (1 - i)
                    g[u + j] = dcT * cp[j] * f * (1 - f)
                    g[2 * u + j] = dcT * i * (1 - c * c)
                    g[3 * u + j] = dh[j] * tcj * o * (1 - o)
                    dc[j] = dcT * f
                }
                dh.update(repeating: 0, count: u)
                embsh_gemm_nt(1, u, w, g, w, recurrent, w, dh, u)
            case .gru:
                let recH = aux + t * u, hp = hidden + p * u, gr = gradRec + t * w
                for j in 0..<u {
                    let (z, r, hh) = (a[j], a[u + j], a[2 * u + j])
                    let dah = dh[j] * (1 - z) * (1 - hh * hh)
                    let daz = dh[j] * (hp[j] - hh) * z * (1 - z)
                    let dar = dah * recH[j] * r * (1 - r)
                    g[j] = daz; g[u + j] = dar; g[2 * u + j] = dah
                    gr[j] = daz; gr[u + j] = dar; gr[2 * u + j] = dah * r
                    dh[j] *= z
                }
                embsh_gemm_nt(1, u, w, gr, w, recurrent, w, dh, u)
            }
        }

        let dWeight = weightGradient.baseAddress!
        embsh_gemm_tn(inputs, w, steps, x.baseAddress!, inputs, grad, w, dWeight + kernelOffset, w)
        // Row p of the hidden states meets the gradient of the step processed p-th.
        let gradRecFirst = options.reverse ? gradRec + (steps - 1) * w : gradRec
        embsh_gemm_tn(u, w, steps, hidden, u, gradRecFirst, options.reverse ? -w : w, dWeight + recurrentOffset, w)
        let dBias = dWeight + biasOffset
        for t in 0..<steps {
            let g = grad + t * w
            for j in 0..<w { dBias[j] += g[j] }
        }
        if kind == .gru {
            for t in 0..<steps {
                let g = gradRec + t * w
                for j in 0..<w { dBias[w + j] += g[j] }
            }
        }
        if let inputGradient {
            inputGradient.baseAddress!.update(repeating: 0, count: steps * inputs)
            embsh_gemm_nt(steps, inputs, w, grad, w, weight + kernelOffset, w, inputGradient.baseAddress!, inputs)
        }
    }
}
