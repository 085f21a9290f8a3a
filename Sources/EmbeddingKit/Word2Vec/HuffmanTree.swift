/// The binary tree of hierarchical softmax: a Huffman tree over the vocabulary's counts,
/// built as word2vec.c's `CreateBinaryTree` builds it (and gensim, whose heap breaks ties
/// differently but otherwise numbers nodes the same way). Each word's path from the root is a
/// list of inner nodes (`points`, rows of the output matrix, 0…words − 2) and the branch taken
/// at each (`codes`, 0 or 1); the word's probability is the product of σ(±score) along it.
public struct HuffmanTree: Sendable {
    /// The codes and points of every word, one after another; word `w`'s are at `offsets[w] ..< offsets[w + 1]`.
    public let codes: [UInt8]
    public let points: [Int32]
    public let offsets: [Int]

    /// The longest path word2vec.c allows (MAX_CODE_LENGTH); a tree over counts that fit in
    /// memory is never deeper than about 90 (the depth grows like a Fibonacci sequence).
    public static let maxDepth = 40

    /// Builds the tree over `counts`, sorted from the most frequent word to the least (the
    /// vocabulary's order). Two smallest nodes merge into a new inner node, the first of them
    /// taking branch 0 and the second branch 1; of a leaf and an inner node with equal counts the
    /// inner node is taken first, as word2vec.c's two-queue scan does.
    public init(counts: [Int]) {
        let n = counts.count
        guard n > 1 else {
            codes = []
            points = []
            offsets = Array(repeating: 0, count: n + 1)
            return
        }
        // Leaves 0..<n (descending counts, so the smallest is last), inner nodes n..<2n-1
        // created in increasing count order: two queues, no heap needed.
        var weight = counts + Array(repeating: Int.max, count: n - 1)
        var parent = [Int](repeating: 0, count: 2 * n - 1)
        var branch = [UInt8](repeating: 0, count: 2 * n - 1)
        var leaf = n - 1, inner = n
        func smallest() -> Int {
            if leaf >= 0 && weight[leaf] < weight[inner] {
                leaf -= 1
                return leaf + 1
            }
            inner += 1
            return inner - 1
        }
        for node in n ..< 2 * n - 1 {
            let first = smallest(), second = smallest()
            weight[node] = weight[first] &+ weight[second]
            parent[first] = node
            parent[second] = node
            branch[second] = 1
        }
        let root = 2 * n - 2
        var codes: [UInt8] = [], points: [Int32] = [], offsets = [0]
        var pathCodes: [UInt8] = [], pathPoints: [Int32] = []
        for word in 0 ..< n {
            pathCodes.removeAll(keepingCapacity: true)
            pathPoints.removeAll(keepingCapacity: true)
            var node = word
            while node != root {
                pathCodes.append(branch[node])
                node = parent[node]
                pathPoints.append(Int32(node - n))
            }
            codes += pathCodes.reversed()
            points += pathPoints.reversed()
            offsets.append(codes.count)
        }
        self.codes = codes
        self.points = points
        self.offsets = offsets
    }

    /// The number of inner nodes (rows of the output matrix).
    public var innerNodes: Int { max(offsets.count - 2, 0) }

    /// Word `word`'s branches from the root down.
    public func codes(of word: Int) -> ArraySlice<UInt8> { codes[offsets[word] ..< offsets[word + 1]] }

    /// The inner nodes on word `word`'s path, from the root (node words − 2) down.
    public func points(of word: Int) -> ArraySlice<Int32> { points[offsets[word] ..< offsets[word + 1]] }
}
