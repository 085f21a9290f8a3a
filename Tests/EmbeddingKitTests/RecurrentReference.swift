import Foundation
@testable import EmbeddingKit

/// A plain Double implementation of Keras's LSTM and GRU over one sample (no caches, no
/// kernels), written from the Keras equations: the oracle the cells' finite-difference
/// gradient checks differentiate.
struct RecurrentReference {
    let cell: RecurrentCell

    func forward(x: [Double], steps: Int, mask: [Bool]?, weights: [Double], options: RecurrentOptions) -> [Double] {
        let (n, u, w) = (cell.inputs, cell.units, cell.width)
        func kernel(_ i: Int, _ j: Int) -> Double { weights[i * w + j] }
        func recurrent(_ i: Int, _ j: Int) -> Double { weights[(n + i) * w + j] }
        func bias(_ row: Int, _ j: Int) -> Double { weights[(n + u + row) * w + j] }
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        var h = [Double](repeating: 0, count: u), c = h
        var sequence = [[Double]](repeating: h, count: steps)
        for p in 0..<steps {
            let t = options.reverse ? steps - 1 - p : p
            if let mask, !mask[t] {
                sequence[t] = options.zeroMaskedOutputs ? [Double](repeating: 0, count: u) : h
                continue
            }
            var xw = (0..<w).map { j in (0..<n).reduce(bias(0, j)) { $0 + x[t * n + $1] * kernel($1, j) } }
            let hu = (0..<w).map { j in (0..<u).reduce(cell.kind == .gru ? bias(1, j) : 0) { $0 + h[$1] * recurrent($1, j) } }
            switch cell.kind {
            case .lstm:
                for j in 0..<w { xw[j] += hu[j] }
                for j in 0..<u {
                    let (i, f, g, o) = (sigmoid(xw[j]), sigmoid(xw[u + j]), tanh(xw[2 * u + j]), sigmoid(xw[3 * u + j]))
                    c[j] = f * c[j] + i * g
                    h[j] = o * tanh(c[j])
                }
            case .gru:
                for j in 0..<u {
                    let z = sigmoid(xw[j] + hu[j]), r = sigmoid(xw[u + j] + hu[u + j])
                    let hh = tanh(xw[2 * u + j] + r * hu[2 * u + j])
                    h[j] = z * h[j] + (1 - z) * hh
                }
            }
            sequence[t] = h
        }
        return options.returnSequences ? sequence.flatMap { $0 } : h
    }
}
