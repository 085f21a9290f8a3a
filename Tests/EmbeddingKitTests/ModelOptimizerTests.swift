import XCTest
@testable import EmbeddingKit

final class ModelOptimizerTests: XCTestCase {
    private func steps(_ optimizer: Optimizer, weights: [Float], gradients: [[Float]]) -> ([Float], OptimizerSlots) {
        var weights = weights
        var slots = OptimizerSlots(optimizer: optimizer, parameterCount: weights.count)
        for g in gradients {
            g.withUnsafeBufferPointer { slots.step(weights: &weights, gradient: $0, range: 0..<$0.count, threads: 1) }
        }
        return (weights, slots)
    }

    /// By hand, Keras 3 Adam with defaults (lr 0.001, β1 0.9, β2 0.999, ε 1e-7), w = 0.5, g = 0.1:
    /// m = 0.1·0.1 = 0.01, v = 0.001·0.01 = 1e-5, α = 0.001·√0.001 / 0.1 = 3.16228e-4,
    /// w = 0.5 − α·0.01 / (√1e-5 + 1e-7) = 0.5 − 9.99968e-4 = 0.49900003.
    func testOneAdamStepMatchesHandComputedValue() {
        let (w, slots) = steps(.adam(), weights: [0.5, -0.3], gradients: [[0.1, -0.2]])
        XCTAssertEqual(w[0], 0.499_000_03, accuracy: 2e-8)
        XCTAssertEqual(w[1], -0.299_000_02, accuracy: 2e-8)
        XCTAssertEqual(slots.momentums[0], 0.01, accuracy: 1e-9)
        XCTAssertEqual(slots.momentums[1], -0.02, accuracy: 2e-9)
        XCTAssertEqual(slots.velocities[0], 1e-5, accuracy: 1e-11)
        XCTAssertEqual(slots.iterations, 1)
    }

    /// A zero gradient (an embedding row no sample used) still moves the weight, because
    /// Keras updates the whole matrix: step 2 has m = 0.009, v = 9.99e-6,
    /// α = 0.001·√(1 − 0.999²) / (1 − 0.9²) = 2.35317e-4, so w drops by 6.7e-4 more.
    func testZeroGradientStillMovesWeightsAsKerasDenseEmbeddingUpdate() {
        let (w, _) = steps(.adam(), weights: [0.5, -0.3], gradients: [[0.1, -0.2], [0, 0]])
        XCTAssertEqual(w[0], 0.498_329_99, accuracy: 3e-8)
        XCTAssertEqual(w[1], -0.298_329_97, accuracy: 3e-8)
    }

    func testSGDWithAndWithoutMomentum() {
        XCTAssertEqual(steps(.sgd(learningRate: 0.1), weights: [1], gradients: [[0.5], [0.5]]).0[0], 0.9, accuracy: 1e-7)
        let (w, slots) = steps(.sgd(learningRate: 0.01, momentum: 0.9), weights: [0.5], gradients: [[0.1], [0.1]])
        XCTAssertEqual(w[0], 0.4971, accuracy: 1e-7)
        XCTAssertEqual(slots.momentums[0], -0.0019, accuracy: 1e-9)
        XCTAssertTrue(slots.velocities.isEmpty)
    }

    func testParallelUpdateEqualsSerialUpdate() {
        let n = 400_003  // over 3 · 2^17: three chunks at three threads
        let weights = (0..<n).map { Float($0 % 97) / 97 - 0.5 }
        let gradient = (0..<n).map { Float($0 % 13) / 13 - 0.4 }
        var results: [[Float]] = []
        for threads in [1, 2, 3] {
            var w = weights
            var slots = OptimizerSlots(optimizer: .adam(), parameterCount: n)
            for _ in 0..<2 { gradient.withUnsafeBufferPointer { slots.step(weights: &w, gradient: $0, range: 0..<$0.count, threads: threads) } }
            results.append(w)
        }
        XCTAssertEqual(results[0], results[1])
        XCTAssertEqual(results[0], results[2])
    }

    func testDefaultsAndValidation() {
        XCTAssertEqual(Optimizer(.adam), .adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7))
        XCTAssertEqual(Optimizer(.sgd, learningRate: 0.1), .sgd(learningRate: 0.1, momentum: 0))
        XCTAssertThrowsError(try Optimizer.adam(learningRate: 0).validate()) {
            XCTAssertEqual($0 as? ModelError, .invalidOption(name: "lr", value: "0.0", reason: "the learning rate must be a number > 0"))
        }
        XCTAssertThrowsError(try Optimizer.sgd(momentum: 1.5).validate())
        XCTAssertThrowsError(try Optimizer.adam(beta1: 1).validate())
    }
}
