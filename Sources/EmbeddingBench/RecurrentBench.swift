import Dispatch
import EmbeddingKit

/// `embsh-bench recurrent [--kind lstm|gru] [--units N] [--inputs N] [--steps N] [--batch N]
/// [--repeats N] [--threads N]`: one training batch's forward and backward pass through an LSTM
/// or GRU cell (default LSTM(32) on 32-wide inputs, 40 steps, batch 32, one thread), the
/// samples split over the threads, each with its own cache and weight gradient as the engine
/// does. Prints the median seconds per batch and the multiply-adds per second.
enum RecurrentBench {
    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard let kind = RecurrentCell.Kind(rawValue: options.string("kind") ?? "lstm") else {
            throw BenchError("--kind must be lstm or gru")
        }
        let units = try options.int("units", default: 32), inputs = try options.int("inputs", default: 32)
        let steps = try options.int("steps", default: 40), batch = try options.int("batch", default: 32)
        let repeats = try options.int("repeats", default: 200), threads = try options.int("threads", default: 1)
        guard units >= 1, inputs >= 1, steps >= 1, batch >= 1, repeats >= 1, (1...batch).contains(threads) else {
            throw BenchError("sizes must be ≥ 1 and --threads at most --batch")
        }
        let cell = RecurrentCell(kind: kind, inputs: inputs, units: units)
        var rng = Xoshiro256StarStar(seed: 1)
        var weights = [Float](repeating: 0, count: cell.parameterCount)
        weights.withUnsafeMutableBufferPointer { cell.initialize($0, rng: &rng) }
        let x = (0..<(batch * steps * inputs)).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        let dOut = (0..<(batch * units)).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        let settings = RecurrentOptions()
        let chunks = Parallel.ranges(count: batch, parts: threads)
        // Per thread: cache, output, input gradient, weight gradient.
        let cacheCount = cell.cacheFloats(steps: steps)
        let scratch = chunks.map { _ in
            UnsafeMutableBufferPointer<Float>.allocate(capacity: cacheCount + units + steps * inputs + cell.parameterCount)
        }
        defer { scratch.forEach { $0.deallocate() } }
        for buffer in scratch { buffer.initialize(repeating: 0) }

        func batchPass() {
            x.withUnsafeBufferPointer { x in
                weights.withUnsafeBufferPointer { w in
                    dOut.withUnsafeBufferPointer { d in
                        // Read-only while the threads run, but each thread's own scratch.
                        nonisolated(unsafe) let (x, w, d, scratch) = (x, w, d, scratch)
                        DispatchQueue.concurrentPerform(iterations: chunks.count) { c in
                            let base = scratch[c].baseAddress!
                            let cache = UnsafeMutableBufferPointer(start: base, count: cacheCount)
                            let output = UnsafeMutableBufferPointer(start: base + cacheCount, count: units)
                            let dx = UnsafeMutableBufferPointer(start: base + cacheCount + units, count: steps * inputs)
                            let dw = UnsafeMutableBufferPointer(start: dx.baseAddress! + steps * inputs, count: cell.parameterCount)
                            for b in chunks[c] {
                                let sample = UnsafeBufferPointer(rebasing: x[(b * steps * inputs)..<((b + 1) * steps * inputs)])
                                cell.forward(x: sample, steps: steps, mask: nil, weights: w, output: output, options: settings,
                                             cache: cache)
                                cell.backward(x: sample, steps: steps, mask: nil, weights: w,
                                              outputGradient: UnsafeBufferPointer(rebasing: d[(b * units)..<((b + 1) * units)]),
                                              options: settings, cache: cache, inputGradient: dx, weightGradient: dw)
                            }
                        }
                    }
                }
            }
        }
        batchPass()  // warm-up
        let (seconds, _) = medianTime(repeats: repeats, batchPass)
        // Forward, and backward's three products (state, input and weight gradients).
        let multiplyAdds = Double(batch * cell.multiplyAdds(steps: steps) * 3)
        emit(["measure": .text("recurrent"), "kind": .text(kind.rawValue), "units": .integer(units),
              "inputs": .integer(inputs), "steps": .integer(steps), "batch": .integer(batch), "threads": .integer(threads),
              "batch_seconds": .number(seconds), "gflops": .number(2 * multiplyAdds / seconds / 1e9)])
    }
}
