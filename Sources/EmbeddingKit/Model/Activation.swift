import CKernels
import Foundation

/// A dense or convolution layer's activation, applied elementwise or (softmax) to each output
/// row (Keras names).
public enum Activation: String, CaseIterable, Equatable, Sendable {
    case linear, relu, sigmoid, softmax, tanh

    /// Replaces `row` (pre-activations) by the activations.
    @inline(__always)
    func apply(_ row: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .linear:
            break
        case .relu:
            embsh_relu(row.baseAddress!, row.count)
        case .sigmoid:
            for i in row.indices { row[i] = 1 / (1 + Foundation.exp(-row[i])) }
        case .tanh:
            for i in row.indices { row[i] = Foundation.tanh(row[i]) }
        case .softmax:
            var top = -Float.infinity
            for v in row where v > top { top = v }
            var sum: Float = 0
            for i in row.indices {
                row[i] = Foundation.exp(row[i] - top)
                sum += row[i]
            }
            for i in row.indices { row[i] /= sum }
        }
    }

    /// Turns `delta` (gradient with respect to the activations `output`) into the gradient
    /// with respect to the pre-activations, in place.
    @inline(__always)
    func backward(output: UnsafeBufferPointer<Float>, delta: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .linear:
            break
        case .relu:
            embsh_relu_backward(output.baseAddress!, delta.baseAddress!, delta.count)
        case .sigmoid:
            for i in delta.indices { delta[i] *= output[i] * (1 - output[i]) }
        case .tanh:
            for i in delta.indices { delta[i] *= 1 - output[i] * output[i] }
        case .softmax:
            var dot: Float = 0
            for i in delta.indices { dot += delta[i] * output[i] }
            for i in delta.indices { delta[i] = output[i] * (delta[i] - dot) }
        }
    }

    /// `apply` to `rows`, a block of rows `width` long: elementwise activations in one pass,
    /// softmax row by row.
    func apply(rows: UnsafeMutableBufferPointer<Float>, width: Int) {
        guard self == .softmax else { return apply(rows) }
        for start in stride(from: 0, to: rows.count, by: width) {
            apply(UnsafeMutableBufferPointer(rebasing: rows[start ..< start + width]))
        }
    }

    /// `backward` over a block of rows `width` long, as `apply(rows:width:)` applies.
    func backward(outputRows output: UnsafeBufferPointer<Float>, delta: UnsafeMutableBufferPointer<Float>, width: Int) {
        guard self == .softmax else { return backward(output: output, delta: delta) }
        for start in stride(from: 0, to: delta.count, by: width) {
            backward(output: UnsafeBufferPointer(rebasing: output[start ..< start + width]),
                     delta: UnsafeMutableBufferPointer(rebasing: delta[start ..< start + width]))
        }
    }
}
