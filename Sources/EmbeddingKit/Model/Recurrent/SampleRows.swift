/// One row of floats per sample, `stride` floats apart: how the model engine's buffers hold a
/// batch, so a recurrent layer can run every sample of a thread's share through each step as
/// one matrix product.
struct SampleRows {
    let base: UnsafeMutablePointer<Float>
    let stride: Int

    init(_ base: UnsafeMutablePointer<Float>, stride: Int) {
        self.base = base
        self.stride = stride
    }

    /// Rows of a read-only buffer (the callee only reads them).
    init(reading base: UnsafePointer<Float>, stride: Int) {
        self.init(UnsafeMutablePointer(mutating: base), stride: stride)
    }

    /// Sample `b`'s row.
    @inline(__always)
    subscript(_ b: Int) -> UnsafeMutablePointer<Float> { base + b * stride }

    /// The same rows, each starting `offset` floats further in.
    func shifted(by offset: Int) -> SampleRows { SampleRows(base + offset, stride: stride) }
}
