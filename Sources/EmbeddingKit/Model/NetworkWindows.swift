import CKernels

/// Conv1D and 1-D pooling: each output step reads a window of input steps, clipped at the
/// ends of the sequence when padding is `same`.
extension Network {
    /// The input steps output step `t` reads: window offsets `offsets` (within 0..<window)
    /// starting at input step `first`.
    @inline(__always)
    static func window(_ t: Int, inputSteps: Int, window: Int, stride: Int, lead: Int) -> (first: Int, offsets: Range<Int>) {
        let start = t * stride - lead
        let lo = Swift.max(0, -start), hi = Swift.min(window, inputSteps - start)
        return (start + lo, lo ..< Swift.max(lo, hi))
    }

    /// Output steps whose window lies wholly inside the input.
    static func interior(outputSteps: Int, inputSteps: Int, window: Int, stride: Int, lead: Int) -> Range<Int> {
        let first = (lead + stride - 1) / stride
        let last = inputSteps >= window - lead ? (inputSteps - window + lead) / stride + 1 : 0
        return Swift.min(first, outputSteps) ..< Swift.max(Swift.min(first, outputSteps), Swift.min(last, outputSteps))
    }

    /// One sample's Conv1D: `out` (outputSteps × filters) = bias + windows × kernel, activated.
    static func convolve(_ c: Convolution, x: UnsafePointer<Float>, inputSteps: Int, out: UnsafeMutablePointer<Float>,
                         outputSteps: Int, weights w: UnsafePointer<Float>) {
        let lead = c.padding.leadingPad(input: inputSteps, window: c.window, stride: c.stride)
        for t in 0..<outputSteps { (out + t * c.filters).update(from: w + c.bias, count: c.filters) }
        let inner = interior(outputSteps: outputSteps, inputSteps: inputSteps, window: c.window, stride: c.stride, lead: lead)
        if !inner.isEmpty {
            embsh_gemm_nn(inner.count, c.filters, c.window * c.inputs, x + (inner.lowerBound * c.stride - lead) * c.inputs,
                          c.stride * c.inputs, w + c.kernel, c.filters, out + inner.lowerBound * c.filters, c.filters)
        }
        for t in 0..<outputSteps where !inner.contains(t) {
            let (first, offsets) = window(t, inputSteps: inputSteps, window: c.window, stride: c.stride, lead: lead)
            embsh_gemm_nn(1, c.filters, offsets.count * c.inputs, x + first * c.inputs, 0,
                          w + c.kernel + offsets.lowerBound * c.inputs * c.filters, c.filters, out + t * c.filters, c.filters)
        }
        c.activation.apply(rows: UnsafeMutableBufferPointer(start: out, count: outputSteps * c.filters), width: c.filters)
    }

    /// One sample's input gradient of Conv1D: turns `delta` (outputSteps × filters, w.r.t. the
    /// activations `out`) into the gradient w.r.t. the pre-activations in place, and writes
    /// `deltaIn` = Σ_t delta_t · kernelᵀ over each window. `transposed` is the kernel as
    /// filters × (window × inputs).
    static func convolveBackward(_ c: Convolution, deltaIn: UnsafeMutablePointer<Float>, inputSteps: Int,
                                 delta: UnsafeMutablePointer<Float>, out: UnsafePointer<Float>, outputSteps: Int,
                                 transposed: UnsafePointer<Float>) {
        c.activation.backward(outputRows: UnsafeBufferPointer(start: out, count: outputSteps * c.filters),
                              delta: UnsafeMutableBufferPointer(start: delta, count: outputSteps * c.filters), width: c.filters)
        deltaIn.update(repeating: 0, count: inputSteps * c.inputs)
        let lead = c.padding.leadingPad(input: inputSteps, window: c.window, stride: c.stride)
        let row = c.window * c.inputs
        for t in 0..<outputSteps {
            // One step at a time: overlapping windows add to the same input rows.
            let (first, offsets) = window(t, inputSteps: inputSteps, window: c.window, stride: c.stride, lead: lead)
            embsh_sparse_row_times_matrix(offsets.count * c.inputs, c.filters, delta + t * c.filters,
                                          transposed + offsets.lowerBound * c.inputs, row, deltaIn + first * c.inputs)
        }
    }

    /// Adds filters `filters` of one sample's Conv1D kernel gradient, transposed: row f of
    /// `transposed` (window × inputs values) gets Σ_t delta_t[f] · window_t. Zero deltas (most,
    /// after ReLU or global max pooling) cost nothing.
    static func convolutionKernelGradient(_ c: Convolution, filters: Range<Int>, x: UnsafePointer<Float>, inputSteps: Int,
                                          delta: UnsafePointer<Float>, outputSteps: Int,
                                          transposed: UnsafeMutablePointer<Float>) {
        let lead = c.padding.leadingPad(input: inputSteps, window: c.window, stride: c.stride)
        let row = c.window * c.inputs
        let inner = interior(outputSteps: outputSteps, inputSteps: inputSteps, window: c.window, stride: c.stride, lead: lead)
        if !inner.isEmpty {
            embsh_matmul_transposed_add(inner.count, filters.lowerBound, filters.upperBound, row,
                                        delta + inner.lowerBound * c.filters, c.filters,
                                        x + (inner.lowerBound * c.stride - lead) * c.inputs, c.stride * c.inputs, transposed, row)
        }
        for t in 0..<outputSteps where !inner.contains(t) {
            let (first, offsets) = window(t, inputSteps: inputSteps, window: c.window, stride: c.stride, lead: lead)
            embsh_matmul_transposed_add(1, filters.lowerBound, filters.upperBound, offsets.count * c.inputs,
                                        delta + t * c.filters, 0, x + first * c.inputs, 0,
                                        transposed + offsets.lowerBound * c.inputs, row)
        }
    }

    /// One sample's MaxPooling1D or AveragePooling1D (average over the window's steps inside the sequence).
    static func pool(_ p: Pooling, x: UnsafePointer<Float>, inputSteps: Int, out: UnsafeMutablePointer<Float>, outputSteps: Int) {
        let lead = p.padding.leadingPad(input: inputSteps, window: p.window, stride: p.stride)
        for t in 0..<outputSteps {
            let (first, offsets) = window(t, inputSteps: inputSteps, window: p.window, stride: p.stride, lead: lead)
            let o = out + t * p.channels
            o.update(from: x + first * p.channels, count: p.channels)
            for s in first + 1 ..< first + offsets.count {
                let row = x + s * p.channels
                switch p.kind {
                case .max: for d in 0..<p.channels where row[d] > o[d] || row[d].isNaN { o[d] = row[d] }
                case .average: for d in 0..<p.channels { o[d] += row[d] }
                }
            }
            if p.kind == .average {
                let n = Float(offsets.count)
                for d in 0..<p.channels { o[d] /= n }
            }
        }
    }

    /// One sample's input gradient of a pooling layer: each output step's delta goes to its
    /// window's largest value (max) or is shared by its steps (average).
    static func poolBackward(_ p: Pooling, x: UnsafePointer<Float>, deltaIn: UnsafeMutablePointer<Float>, inputSteps: Int,
                             delta: UnsafePointer<Float>, outputSteps: Int) {
        deltaIn.update(repeating: 0, count: inputSteps * p.channels)
        let lead = p.padding.leadingPad(input: inputSteps, window: p.window, stride: p.stride)
        for t in 0..<outputSteps {
            let (first, offsets) = window(t, inputSteps: inputSteps, window: p.window, stride: p.stride, lead: lead)
            let d = delta + t * p.channels
            switch p.kind {
            case .max:
                for c in 0..<p.channels {
                    var best = first
                    for s in first + 1 ..< first + offsets.count where x[s * p.channels + c] > x[best * p.channels + c] { best = s }
                    deltaIn[best * p.channels + c] += d[c]
                }
            case .average:
                let n = Float(offsets.count)
                for s in first ..< first + offsets.count {
                    for c in 0..<p.channels { deltaIn[s * p.channels + c] += d[c] / n }
                }
            }
        }
    }
}
