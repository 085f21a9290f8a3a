import Foundation

/// The training loss, chosen by the output layer, computed as Keras 3 does from probabilities:
/// clipped to [ε, 1 − ε] with ε = 1e-7 (no gradient where clipped), averaged over the batch.
public enum Loss: String, CaseIterable, Equatable, Sendable {
    /// One sigmoid unit: −(y·log p + (1 − y)·log(1 − p)).
    case binaryCrossentropy = "binary_crossentropy"
    /// Softmax over N classes: −log(p_y / Σp).
    case sparseCategoricalCrossentropy = "sparse_categorical_crossentropy"

    /// Keras's `backend.epsilon()`.
    static let epsilon: Float = 1e-7
    private static let low = epsilon
    private static let high = Float(1 - 1e-7)

    /// NaN stays NaN, so a broken model shows as a NaN loss.
    @inline(__always)
    private static func clip(_ p: Float) -> Float { p < low ? low : (p > high ? high : p) }

    @inline(__always)
    private static func isInside(_ p: Float) -> Bool { p >= low && p <= high }

    /// The loss of one output row for `label`.
    func value(_ row: UnsafeBufferPointer<Float>, label: Int) -> Float {
        switch self {
        case .binaryCrossentropy:
            let p = Self.clip(row[0])
            return label == 1 ? -Foundation.log(p) : -Foundation.log(1 - p)
        case .sparseCategoricalCrossentropy:
            var sum: Float = 0
            for v in row { sum += v }
            return -Foundation.log(Self.clip(row[label] / sum))
        }
    }

    /// Writes `scale` × dLoss/dRow into `delta` (`scale` is 1/batch size for the batch mean).
    func gradient(_ row: UnsafeBufferPointer<Float>, label: Int, scale: Float, into delta: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .binaryCrossentropy:
            let p = row[0]
            delta[0] = !Self.isInside(p) ? 0 : label == 1 ? -scale / p : scale / (1 - p)
        case .sparseCategoricalCrossentropy:
            var sum: Float = 0
            for v in row { sum += v }
            guard Self.isInside(row[label] / sum) else {
                for j in delta.indices { delta[j] = 0 }
                return
            }
            for j in delta.indices { delta[j] = scale / sum }
            delta[label] -= scale / row[label]
        }
    }

    /// The class Keras's accuracy compares with the label: p > 0.5 for a sigmoid, the first
    /// largest probability for a softmax.
    func predictedClass(_ row: UnsafeBufferPointer<Float>) -> Int {
        switch self {
        case .binaryCrossentropy:
            return row[0] > 0.5 ? 1 : 0
        case .sparseCategoricalCrossentropy:
            var best = 0
            for j in row.indices where row[j] > row[best] { best = j }
            return best
        }
    }
}
