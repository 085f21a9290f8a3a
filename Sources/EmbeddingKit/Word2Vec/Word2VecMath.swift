import CKernels
import Foundation

extension VectorMath {
    /// `y += a · x` over `n` floats, SIMD16 at a time.
    @inline(__always)
    static func addScaled(_ a: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, _ n: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let a16 = SIMD16<Float>(repeating: a)
        var i = 0
        while i &+ 16 <= n {
            let sum = ry.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
                + a16 * rx.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            ry.storeBytes(of: sum, toByteOffset: i &* 4, as: SIMD16<Float>.self)
            i &+= 16
        }
        while i &+ 4 <= n {
            let sum = ry.loadUnaligned(fromByteOffset: i &* 4, as: SIMD4<Float>.self)
                + a16.lowHalf.lowHalf * rx.loadUnaligned(fromByteOffset: i &* 4, as: SIMD4<Float>.self)
            ry.storeBytes(of: sum, toByteOffset: i &* 4, as: SIMD4<Float>.self)
            i &+= 4
        }
        while i < n { y[i] += a * x[i]; i &+= 1 }
    }
}

/// word2vec.c's logistic function table: 1000 bins over (-6, 6); beyond, the gradient is
/// clipped to its limit. Each bin also holds the example's loss, −log σ(f) for the
/// positive word and −log(1 − σ(f)) for a noise word.
final class SigmoidTable: @unchecked Sendable {
    struct Bin {
        var sigmoid: Float
        var positiveLoss: Float
        var negativeLoss: Float
    }

    static let bound: Float = EMBSH_SIGMOID_BOUND
    static let size = Int(EMBSH_SIGMOID_BINS)
    let bins: UnsafeMutablePointer<Bin>

    init() {
        precondition(MemoryLayout<Bin>.stride == 3 * MemoryLayout<Float>.stride, "the C kernels read three floats per bin")
        bins = .allocate(capacity: Self.size)
        for i in 0 ..< Self.size {
            let x = (Double(i) / Double(Self.size) * 2 - 1) * Double(Self.bound)
            let s = 1 / (1 + exp(-x))
            bins[i] = Bin(sigmoid: Float(s), positiveLoss: Float(-log(s)), negativeLoss: Float(-log(1 - s)))
        }
    }

    deinit { bins.deallocate() }

    /// The bins as floats, three per bin (the layout the C kernels read).
    var floats: UnsafePointer<Float> { UnsafeRawPointer(bins).assumingMemoryBound(to: Float.self) }

    /// For score `f` and label 1 (the true word) or 0 (a noise word): the gradient factor
    /// `label − σ(f)` and the loss. A NaN score (diverged vectors) gives no gradient and a NaN
    /// loss, which the training loop reports; the bin index stays inside the table for every `f`.
    @inline(__always)
    func gradient(_ f: Float, positive: Bool) -> (g: Float, loss: Float) {
        if f >= Self.bound { return positive ? (0, 0) : (-1, f) }
        guard f > -Self.bound else {
            if f.isNaN { return (0, f) }
            return positive ? (1, -f) : (0, 0)
        }
        let bin = bins[min(Int((f + Self.bound) * (Float(Self.size) / Self.bound / 2)), Self.size - 1)]
        return positive ? (1 - bin.sigmoid, bin.positiveLoss) : (-bin.sigmoid, bin.negativeLoss)
    }
}
