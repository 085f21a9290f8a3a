/// Keras `Bidirectional(layer, merge_mode="concat")` of an LSTM or GRU: a forward cell and a
/// reversed cell of the same shape read the sample, and their outputs are concatenated —
/// per step (`steps × 2·units`, the backward half of row t being its output after reading step
/// t) or, for the last output, the forward cell's final state then the backward cell's (its
/// state after reading step 0). Weights are the forward cell's block then the backward cell's,
/// Keras's `get_weights()` order. When returning sequences, masked steps output zeros in both
/// halves, as Keras forces `zero_output_for_mask` on the wrapped layers.
public struct BidirectionalRecurrent: Hashable, Sendable {
    /// The shape of each direction's cell.
    public let cell: RecurrentCell

    public init(cell: RecurrentCell) { self.cell = cell }

    /// Floats of weights: two cells' blocks.
    public var parameterCount: Int { 2 * cell.parameterCount }

    /// Floats of output: twice a cell's.
    public func outputCount(steps: Int, returnSequences: Bool) -> Int {
        2 * cell.outputCount(steps: steps, returnSequences: returnSequences)
    }

    /// Floats of cache: each direction's cache and output, and one input gradient.
    public func cacheFloats(steps: Int) -> Int { 2 * directionFloats(steps: steps) + steps * cell.inputs }

    private func directionFloats(steps: Int) -> Int { cell.cacheFloats(steps: steps) + steps * cell.units }

    private func options(_ returnSequences: Bool, reverse: Bool) -> RecurrentOptions {
        RecurrentOptions(returnSequences: returnSequences, reverse: reverse, zeroMaskedOutputs: returnSequences)
    }

    /// Where a direction's (0 forward, 1 backward) cache and output start in a sample's cache.
    private func offsets(_ direction: Int, steps: Int) -> (cache: Int, output: Int) {
        let start = direction * directionFloats(steps: steps)
        return (start, start + cell.cacheFloats(steps: steps))
    }

    private func weights(_ direction: Int, _ weights: UnsafeBufferPointer<Float>) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(rebasing: weights[(direction * cell.parameterCount)...])
    }

    /// Runs both directions over one sample, as `RecurrentCell.forward` does.
    public func forward(x: UnsafeBufferPointer<Float>, steps: Int, mask: UnsafeBufferPointer<Bool>?,
                        weights: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                        returnSequences: Bool, cache: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count >= steps * cell.inputs && weights.count >= parameterCount
            && cache.count >= cacheFloats(steps: steps) && (mask == nil || mask!.count >= steps)
            && output.count >= outputCount(steps: steps, returnSequences: returnSequences), "bidirectional buffers too small")
        forward(samples: 1, x: SampleRows(reading: x.baseAddress!, stride: 0), masks: mask?.baseAddress, steps: steps,
                weights: weights, output: SampleRows(output.baseAddress!, stride: 0), returnSequences: returnSequences,
                cache: SampleRows(cache.baseAddress!, stride: 0))
    }

    /// Runs both directions over `samples` samples at once, rows as in `RecurrentCell`'s batched
    /// `forward`.
    func forward(samples count: Int, x: SampleRows, masks: UnsafePointer<Bool>?, steps: Int,
                 weights: UnsafeBufferPointer<Float>, output: SampleRows, returnSequences: Bool, cache: SampleRows) {
        let u = cell.units
        let rows = returnSequences ? steps : 1
        for direction in 0..<2 {
            let part = offsets(direction, steps: steps)
            let partOutput = cache.shifted(by: part.output)
            cell.forward(samples: count, x: x, masks: masks, steps: steps, weights: self.weights(direction, weights),
                         output: partOutput, options: options(returnSequences, reverse: direction == 1),
                         cache: cache.shifted(by: part.cache))
            for b in 0..<count {
                for t in 0..<rows {
                    (output[b] + t * 2 * u + direction * u).update(from: partOutput[b] + t * u, count: u)
                }
            }
        }
    }

    /// Backpropagation through both directions for the sample `forward` last ran with this
    /// cache; gradients as in `RecurrentCell.backward` (the input gradient is the sum of both).
    public func backward(x: UnsafeBufferPointer<Float>, steps: Int, mask: UnsafeBufferPointer<Bool>?,
                         weights: UnsafeBufferPointer<Float>, outputGradient: UnsafeBufferPointer<Float>,
                         returnSequences: Bool, cache: UnsafeMutableBufferPointer<Float>,
                         inputGradient: UnsafeMutableBufferPointer<Float>?,
                         weightGradient: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count >= steps * cell.inputs && weights.count >= parameterCount
            && cache.count >= cacheFloats(steps: steps) && weightGradient.count >= parameterCount
            && (mask == nil || mask!.count >= steps)
            && outputGradient.count >= outputCount(steps: steps, returnSequences: returnSequences)
            && (inputGradient == nil || inputGradient!.count >= steps * cell.inputs), "bidirectional buffers too small")
        transposedWeights(weights).withUnsafeBufferPointer { transposed in
            backward(samples: 1, x: SampleRows(reading: x.baseAddress!, stride: 0), masks: mask?.baseAddress, steps: steps,
                     transposed: transposed.baseAddress!,
                     outputGradient: SampleRows(reading: outputGradient.baseAddress!, stride: 0),
                     returnSequences: returnSequences, cache: SampleRows(cache.baseAddress!, stride: 0),
                     inputGradient: inputGradient.map { SampleRows($0.baseAddress!, stride: 0) },
                     weightGradient: SampleRows(weightGradient.baseAddress!, stride: 0))
        }
    }

    /// Each direction's `RecurrentCell.transposedWeights`, forward then backward.
    func transposedWeights(_ weights: UnsafeBufferPointer<Float>) -> [Float] {
        (0..<2).flatMap { cell.transposedWeights(self.weights($0, weights)) }
    }

    /// Backpropagation through both directions for `samples` samples at once, rows as in
    /// `RecurrentCell`'s batched `backward`; the weights enter as `transposedWeights`.
    func backward(samples count: Int, x: SampleRows, masks: UnsafePointer<Bool>?, steps: Int, transposed: UnsafePointer<Float>,
                  outputGradient: SampleRows, returnSequences: Bool,
                  cache: SampleRows, inputGradient: SampleRows?, weightGradient: SampleRows) {
        let u = cell.units
        let rows = returnSequences ? steps : 1
        let second = cache.shifted(by: 2 * directionFloats(steps: steps))
        for direction in 0..<2 {
            let part = offsets(direction, steps: steps)
            // The direction's output buffer now takes its half of the output gradient.
            let partGradient = cache.shifted(by: part.output)
            for b in 0..<count {
                for t in 0..<rows {
                    (partGradient[b] + t * u).update(from: outputGradient[b] + t * 2 * u + direction * u, count: u)
                }
            }
            cell.backward(samples: count, x: x, masks: masks, steps: steps,
                          transposed: transposed + direction * cell.transposedCount, outputGradient: partGradient,
                          options: options(returnSequences, reverse: direction == 1),
                          cache: cache.shifted(by: part.cache),
                          inputGradient: inputGradient == nil ? nil : (direction == 0 ? inputGradient : second),
                          weightGradient: weightGradient.shifted(by: direction * cell.parameterCount))
        }
        if let inputGradient {
            for b in 0..<count {
                let (total, other) = (inputGradient[b], second[b])
                for i in 0..<(steps * cell.inputs) { total[i] += other[i] }
            }
        }
    }
}
