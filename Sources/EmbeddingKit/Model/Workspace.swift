/// Scratch memory for running a network on batches of up to `capacity` sequences of `length`
/// steps. Every buffer holds one row per sample, so threads that work on different samples
/// never write the same memory; allocated once per `fit`, `predict` or `evaluate`.
final class Workspace: @unchecked Sendable {
    let capacity: Int
    let length: Int
    /// Values per sample of the input and of each op's output (`Network.widths`).
    let widths: [Int]
    /// Steps per sample of the input and of each op's output (`Network.steps`).
    let steps: [Int]
    /// Word indices of the current batch, capacity × length.
    let ids: UnsafeMutableBufferPointer<Int32>
    /// Each op's output.
    let outputs: [UnsafeMutableBufferPointer<Float>]
    /// The loss gradient with respect to each op's output; empty unless training.
    let deltas: [UnsafeMutableBufferPointer<Float>]
    /// Dropout keep masks (1 or 0) for dropout ops; empty for the others and unless training.
    let masks: [UnsafeMutableBufferPointer<Float>]
    /// What each recurrent op's forward keeps for its backward, one row per sample; empty for
    /// other ops.
    let caches: [UnsafeMutableBufferPointer<Float>]
    /// Each recurrent op's weight gradient per sample while training (summed in sample order
    /// afterwards, so results do not depend on the number of threads); empty otherwise.
    let sampleGradients: [UnsafeMutableBufferPointer<Float>]
    /// The gradient, aligned with the parameters; empty unless training. Its embedding rows
    /// are kept zero between steps except for the rows of the current batch.
    let gradient: UnsafeMutableBufferPointer<Float>

    /// Allocates the buffers, after checking that they fit in memory together with `alsoBytes`
    /// more that the caller needs at the same time (e.g. the optimizer's state).
    init(network: Network, capacity: Int, length: Int, training: Bool, alsoBytes: Int = 0) throws(ModelError) {
        do {
            try MemoryBudget.reserve([Self.floats(network: network, capacity: capacity, length: length, training: training)],
                                     elementSize: MemoryLayout<Float>.size,
                                     for: "\(training ? "training" : "running") the model on batches of \(capacity) × \(length)",
                                     lower: training ? "lower batch, maxlen or the model's size" : "lower maxlen or the model's size",
                                     alsoBytes: alsoBytes)
        } catch {
            throw .memory(error)
        }
        func allocate(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        self.capacity = capacity
        self.length = length
        let widths = network.widths(length: length)
        self.widths = widths
        steps = network.steps(length: length)
        ids = .allocate(capacity: capacity * length)
        ids.initialize(repeating: 0)
        outputs = widths.dropFirst().map { allocate(capacity * $0) }
        deltas = training ? widths.dropFirst().map { allocate(capacity * $0) } : []
        masks = network.ops.indices.map { k in
            guard training, case .dropout = network.ops[k] else { return allocate(0) }
            return allocate(capacity * widths[k + 1])
        }
        let steps = self.steps
        caches = network.ops.indices.map { k in
            guard case .recurrent(let r) = network.ops[k] else { return allocate(0) }
            return allocate(capacity * r.cacheFloats(steps: steps[k]))
        }
        sampleGradients = network.ops.map { op in
            guard training, case .recurrent(let r) = op else { return allocate(0) }
            return allocate(capacity * r.parameterCount)
        }
        gradient = allocate(training ? network.parameterCount : 0)
    }

    /// Floats (or Int32s, of the same size) the buffers take at most, or -1 when that overflows.
    private static func floats(network: Network, capacity: Int, length: Int, training: Bool) -> Int {
        let widths = network.widths(length: length)
        // Per sample: the ids, each op's output and, when training, its delta and dropout mask;
        // a recurrent op's cache and, when training, its weight gradient.
        let steps = network.steps(length: length)
        var perSample = widths[0]
        for (k, width) in widths.dropFirst().enumerated() {
            guard var more = MemoryBudget.product([width, training ? 3 : 1]) else { return -1 }
            if case .recurrent(let r) = network.ops[k] {
                // Both far below Int.max: steps ≤ 1,000,000 and parameters ≤ 2^30.
                more += r.cacheFloats(steps: steps[k]) + (training ? r.parameterCount : 0)
            }
            let (sum, overflow) = perSample.addingReportingOverflow(more)
            if overflow { return -1 }
            perSample = sum
        }
        guard let batch = MemoryBudget.product([capacity, perSample]) else { return -1 }
        let (total, overflow) = batch.addingReportingOverflow(training ? network.parameterCount : 0)
        return overflow ? -1 : total
    }

    deinit {
        ids.deallocate()
        for buffer in outputs + deltas + masks + caches + sampleGradients { buffer.deallocate() }
        gradient.deallocate()
    }

    /// Sample `b`'s row of `buffer`, whose rows are `width` long.
    @inline(__always)
    static func row(_ buffer: UnsafeMutableBufferPointer<Float>, _ b: Int, _ width: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: buffer.baseAddress! + b * width, count: width)
    }

    /// Copies the given sequences (row-major, `length` each) into the batch.
    func load(_ sequences: SequenceMatrix, rows: some Sequence<Int>) {
        var b = 0
        sequences.ids.withUnsafeBufferPointer { all in
            for r in rows {
                (ids.baseAddress! + b * length).update(from: all.baseAddress! + r * length, count: length)
                b += 1
            }
        }
    }
}
