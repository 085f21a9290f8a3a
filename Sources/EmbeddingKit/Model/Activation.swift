import Foundation

/// A dense layer's activation, applied to each output row (Keras names).
public enum Activation: String, CaseIterable, Equatable, Sendable {
    case linear, relu, sigmoid, softmax, tanh

    /// Replaces `row` (pre-activations) by the activations.
    @inline(__always)
    func apply(_ row: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .linear:
            break
        case .relu:
            for i in row.indices where row[i] < 0 { row[i] = 0 }
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
            for i in delta.indices where !(output[i] > 0) { delta[i] = 0 }
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
}
