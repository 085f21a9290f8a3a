import CKernels

/// The output side of hierarchical softmax, shared by the training threads: the Huffman tree's
/// paths in flat buffers and the inner nodes' vectors (`syn1`, (words − 1) × dim, starting at
/// zero as in word2vec.c and gensim), updated without locks like the input vectors.
final class HierarchicalSoftmax: @unchecked Sendable {
    let dim: Int
    let syn1: UnsafeMutablePointer<Float>
    private let codes: UnsafeMutablePointer<UInt8>
    private let points: UnsafeMutablePointer<Int32>
    private let offsets: UnsafeMutablePointer<Int>

    init(counts: [Int], dim: Int) {
        let tree = HuffmanTree(counts: counts)
        self.dim = dim
        syn1 = .allocate(capacity: max(tree.innerNodes, 1) * dim)
        syn1.initialize(repeating: 0, count: max(tree.innerNodes, 1) * dim)
        codes = .allocate(capacity: max(tree.codes.count, 1))
        codes.initialize(from: tree.codes, count: tree.codes.count)
        points = .allocate(capacity: max(tree.points.count, 1))
        points.initialize(from: tree.points, count: tree.points.count)
        offsets = .allocate(capacity: tree.offsets.count)
        offsets.initialize(from: tree.offsets, count: tree.offsets.count)
    }

    deinit {
        syn1.deallocate()
        codes.deallocate()
        points.deallocate()
        offsets.deallocate()
    }

    /// One step for `word` predicted from `input`: updates the inner nodes on the word's path and
    /// adds the input's gradient (already scaled by `alpha`) to `gradient`; returns the loss.
    @inline(__always)
    func train(word: Int, input: UnsafePointer<Float>, alpha: Float, sigmoid: SigmoidTable,
               gradient: UnsafeMutablePointer<Float>) -> Float {
        let start = offsets[word]
        return embsh_hs_path(input, syn1, dim, points + start, codes + start, offsets[word + 1] &- start, alpha,
                             sigmoid.floats, gradient)
    }
}
