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

    /// The parts of the cache and weights of one direction (0 forward, 1 backward).
    private func parts(_ direction: Int, steps: Int, returnSequences: Bool, cache: UnsafeMutableBufferPointer<Float>)
        -> (cache: UnsafeMutableBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        let start = cache.baseAddress! + direction * directionFloats(steps: steps)
        let cacheCount = cell.cacheFloats(steps: steps)
        return (UnsafeMutableBufferPointer(start: start, count: cacheCount),
                UnsafeMutableBufferPointer(start: start + cacheCount,
                                           count: cell.outputCount(steps: steps, returnSequences: returnSequences)))
    }

    private func weights(_ direction: Int, _ weights: UnsafeBufferPointer<Float>) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(rebasing: weights[(direction * cell.parameterCount)...])
    }

    /// Runs both directions over one sample, as `RecurrentCell.forward` does.
    public func forward(x: UnsafeBufferPointer<Float>, steps: Int, mask: UnsafeBufferPointer<Bool>?,
                        weights: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                        returnSequences: Bool, cache: UnsafeMutableBufferPointer<Float>) {
        precondition(weights.count >= parameterCount && cache.count >= cacheFloats(steps: steps)
            && output.count >= outputCount(steps: steps, returnSequences: returnSequences), "bidirectional buffers too small")
        let u = cell.units
        let rows = returnSequences ? steps : 1
        for direction in 0..<2 {
            let part = parts(direction, steps: steps, returnSequences: returnSequences, cache: cache)
            cell.forward(x: x, steps: steps, mask: mask, weights: self.weights(direction, weights), output: part.output,
                         options: options(returnSequences, reverse: direction == 1), cache: part.cache)
            for t in 0..<rows {
                (output.baseAddress! + t * 2 * u + direction * u).update(from: part.output.baseAddress! + t * u, count: u)
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
        precondition(weights.count >= parameterCount && cache.count >= cacheFloats(steps: steps)
            && weightGradient.count >= parameterCount
            && outputGradient.count >= outputCount(steps: steps, returnSequences: returnSequences)
            && (inputGradient == nil || inputGradient!.count >= steps * cell.inputs), "bidirectional buffers too small")
        let u = cell.units
        let rows = returnSequences ? steps : 1
        let second = UnsafeMutableBufferPointer(start: cache.baseAddress! + 2 * directionFloats(steps: steps),
                                                count: steps * cell.inputs)
        for direction in 0..<2 {
            let part = parts(direction, steps: steps, returnSequences: returnSequences, cache: cache)
            // The direction's output buffer now takes its half of the output gradient.
            for t in 0..<rows {
                (part.output.baseAddress! + t * u).update(from: outputGradient.baseAddress! + t * 2 * u + direction * u,
                                                          count: u)
            }
            let dWeights = UnsafeMutableBufferPointer(rebasing: weightGradient[(direction * cell.parameterCount)...])
            cell.backward(x: x, steps: steps, mask: mask, weights: self.weights(direction, weights),
                          outputGradient: UnsafeBufferPointer(part.output),
                          options: options(returnSequences, reverse: direction == 1), cache: part.cache,
                          inputGradient: inputGradient == nil ? nil : (direction == 0 ? inputGradient : second),
                          weightGradient: dWeights)
        }
        if let inputGradient {
            for i in 0..<(steps * cell.inputs) { inputGradient[i] += second[i] }
        }
    }
}
