import CKernels
import Foundation

/// How weights follow their gradients, with Keras 3's formulas and defaults. Hyperparameters
/// are Doubles like Keras's Python floats and enter the Float32 arithmetic where Keras casts them.
///
/// Every trainable weight is updated at every step, including embedding rows that no sample
/// of the batch used: their gradient is zero, but Adam's moments still decay and keep moving
/// them (and so does SGD's momentum). This is what Keras does with the JAX backend, whose
/// embedding gradient is a dense matrix. A frozen layer's weights are never stepped.
public enum Optimizer: Equatable, Sendable {
    /// Keras `Adam`: m += (g − m)(1 − β1); v += (g² − v)(1 − β2);
    /// w −= α·m / (√v + ε) with α = lr·√(1 − β2^t) / (1 − β1^t) at step t = 1, 2, …
    case adam(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7)
    /// Keras `SGD`: w −= lr·g, or with momentum μ > 0: m = μ·m − lr·g; w += m.
    case sgd(learningRate: Double = 0.01, momentum: Double = 0)

    /// Names for the shell's `optimizer=` choice.
    public enum Kind: String, CaseIterable, Sendable {
        case adam, sgd
    }

    /// Keras's defaults for `kind`, with `learningRate` when given.
    public init(_ kind: Kind, learningRate: Double? = nil) {
        switch kind {
        case .adam: self = learningRate.map { .adam(learningRate: $0) } ?? .adam()
        case .sgd: self = learningRate.map { .sgd(learningRate: $0) } ?? .sgd()
        }
    }

    public var kind: Kind {
        switch self {
        case .adam: .adam
        case .sgd: .sgd
        }
    }

    public var learningRate: Double {
        switch self {
        case .adam(let lr, _, _, _), .sgd(let lr, _): lr
        }
    }

    /// Throws `ModelError.invalidOption` for a hyperparameter out of range.
    public func validate() throws(ModelError) {
        func check(_ ok: Bool, _ name: String, _ value: Double, _ reason: String) throws(ModelError) {
            if !ok { throw .invalidOption(name: name, value: "\(value)", reason: reason) }
        }
        try check(learningRate > 0 && learningRate.isFinite, "lr", learningRate, "the learning rate must be a number > 0")
        switch self {
        case .adam(_, let beta1, let beta2, let epsilon):
            try check(beta1 >= 0 && beta1 < 1, "beta_1", beta1, "must be in [0, 1)")
            try check(beta2 >= 0 && beta2 < 1, "beta_2", beta2, "must be in [0, 1)")
            try check(epsilon >= 0 && epsilon.isFinite, "epsilon", epsilon, "must be a number >= 0")
        case .sgd(_, let momentum):
            try check(momentum >= 0 && momentum <= 1, "momentum", momentum, "must be in [0, 1]")
        }
    }

    /// Number of Float slots per weight: Adam keeps m and v, SGD with momentum keeps m.
    var slotCount: Int {
        switch self {
        case .adam: 2
        case .sgd(_, let momentum): momentum > 0 ? 1 : 0
        }
    }
}

/// An optimizer's progress, as plain values to store and restore.
public struct OptimizerState: Equatable, Sendable {
    public var optimizer: Optimizer
    /// Steps taken (Keras `iterations`).
    public var iterations: Int
    /// Adam's first moments or SGD's momentum buffers, one array per weight tensor in
    /// `SequentialModel.weights` order; empty for SGD without momentum.
    public var momentums: [[Float]]
    /// Adam's second moments, one array per weight tensor; empty for SGD.
    public var velocities: [[Float]]

    public init(optimizer: Optimizer, iterations: Int, momentums: [[Float]], velocities: [[Float]]) {
        self.optimizer = optimizer
        self.iterations = iterations
        self.momentums = momentums
        self.velocities = velocities
    }
}

/// The optimizer's slots over the model's flat parameter vector, and the update kernels.
struct OptimizerSlots {
    let optimizer: Optimizer
    var iterations = 0
    /// Flat first moments (or momentum), parameter-aligned; empty when unused.
    var momentums: [Float]
    /// Flat second moments; empty when unused.
    var velocities: [Float]

    init(optimizer: Optimizer, parameterCount: Int) {
        self.optimizer = optimizer
        momentums = optimizer.slotCount >= 1 ? [Float](repeating: 0, count: parameterCount) : []
        velocities = optimizer.slotCount == 2 ? [Float](repeating: 0, count: parameterCount) : []
    }

    init(optimizer: Optimizer, iterations: Int, momentums: [Float], velocities: [Float]) {
        self.optimizer = optimizer
        self.iterations = iterations
        self.momentums = momentums
        self.velocities = velocities
    }

    /// Fewest parameters per thread worth a thread of its own. The update streams four
    /// parameter-sized arrays and is bound by memory; below this, handing half to a second
    /// thread measured no faster on the shared 2-core machine.
    private static let parametersPerThread = 1 << 17

    /// Applies one step to the weights in `range` from `gradient` (same layout as `weights`),
    /// on up to `threads` threads; the others (a frozen layer's) and their slots stay as they are.
    mutating func step(weights: inout [Float], gradient: UnsafeBufferPointer<Float>, range trainable: Range<Int>, threads: Int) {
        let count = trainable.count
        let first = trainable.lowerBound
        let workers = Swift.max(1, Swift.min(threads, count / Self.parametersPerThread))
        let t = Float(iterations + 1)
        let optimizer = self.optimizer
        weights.withUnsafeMutableBufferPointer { w in
            momentums.withUnsafeMutableBufferPointer { m in
                velocities.withUnsafeMutableBufferPointer { v in
                    let buffers = UncheckedBox((w, m, v))
                    Parallel.forEachPiece(count: count, pieceSize: Self.parametersPerThread / 8, threads: workers) { chunk in
                        let range = chunk.lowerBound + first ..< chunk.upperBound + first
                        let (w, m, v) = buffers.value
                        switch optimizer {
                        case .adam(let lr, let beta1, let beta2, let epsilon):
                            let alpha = Float(lr) * (1 - Foundation.pow(Float(beta2), t)).squareRoot()
                                / (1 - Foundation.pow(Float(beta1), t))
                            let start = range.lowerBound
                            embsh_adam_step(w.baseAddress! + start, m.baseAddress! + start, v.baseAddress! + start,
                                            gradient.baseAddress! + start, range.count, alpha, Float(1 - beta1),
                                            Float(1 - beta2), Float(epsilon))
                        case .sgd(let lr, let momentum) where momentum > 0:
                            let (lr, momentum) = (Float(lr), Float(momentum))
                            for i in range {
                                m[i] = m[i] * momentum - gradient[i] * lr
                                w[i] += m[i]
                            }
                        case .sgd(let lr, _):
                            let lr = Float(lr)
                            for i in range { w[i] -= gradient[i] * lr }
                        }
                    }
                }
            }
        }
        iterations += 1
    }
}
