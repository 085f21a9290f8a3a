import Foundation

/// The state word2vec threads share: the input vectors (the result), the output vectors
/// of negative sampling, the noise and subsampling tables, and the count of words trained
/// so far, which sets the learning rate. Threads update the vectors without locks
/// (Hogwild, as word2vec.c and gensim do).
final class Word2VecModel: @unchecked Sendable {
    let config: Word2VecConfig
    let vocabulary: Word2VecVocabulary
    let dim: Int
    /// Input vectors, vocabulary × dim.
    let syn0: UnsafeMutablePointer<Float>
    /// Output vectors of negative sampling, vocabulary × dim, starting at zero (one row, never
    /// read, when `negative` is 0).
    let syn1neg: UnsafeMutablePointer<Float>
    /// The tree and inner-node vectors of hierarchical softmax, when it is on.
    let hierarchicalSoftmax: HierarchicalSoftmax?
    let noise: UnsafeMutablePointer<NegativeSampler.Bucket>
    /// Each word is kept when a 32-bit random number is below its entry.
    let keep: UnsafeMutablePointer<UInt64>
    let sigmoid = SigmoidTable()
    /// Word occurrences all epochs will train (before subsampling).
    let totalWords: Int
    let interruption: Interruption
    private let lock = NSLock()
    private var processed = 0

    /// Throws `MemoryError` when the input and output vectors and the resulting table (three
    /// words × dim matrices with one objective, four with both), with each thread's scratch
    /// (`Word2VecWorker.scratchFloats`), would not fit in `limit` bytes (default: what the
    /// machine can give now).
    static func checkMemory(words: Int, config: Word2VecConfig, limit: UInt64? = nil) throws(MemoryError) {
        let scratch = MemoryBudget.product([config.threads, Word2VecWorker.scratchFloats(config), MemoryLayout<Float>.size])
        let matrices = config.hierarchicalSoftmax && config.negative > 0 ? 4 : 3
        try MemoryBudget.reserve([matrices, words, config.dim], elementSize: MemoryLayout<Float>.size,
                                 for: "training \(words) words × \(config.dim) (input, output and result vectors)",
                                 lower: "lower dim, raise min_count or set max_vocab", alsoBytes: scratch ?? Int.max, limit: limit)
    }

    init(vocabulary: Word2VecVocabulary, config: Word2VecConfig, interruption: Interruption) {
        self.config = config
        self.vocabulary = vocabulary
        self.interruption = interruption
        dim = config.dim
        let n = vocabulary.count * dim
        syn0 = .allocate(capacity: n)
        var random = Xoshiro256StarStar(seed: config.seed)
        let scale = 1 / Double(dim)
        for i in 0 ..< n { syn0[i] = Float((random.nextUnitDouble() - 0.5) * scale) }
        let outputs = config.negative > 0 ? n : dim
        syn1neg = .allocate(capacity: outputs)
        syn1neg.initialize(repeating: 0, count: outputs)
        hierarchicalSoftmax = config.hierarchicalSoftmax ? HierarchicalSoftmax(counts: vocabulary.counts, dim: dim) : nil
        let buckets = NegativeSampler(counts: vocabulary.counts).buckets
        noise = .allocate(capacity: buckets.count)
        noise.initialize(from: buckets, count: buckets.count)
        let probabilities = vocabulary.keepProbabilities(sample: config.sample)
        keep = .allocate(capacity: probabilities.count)
        for (i, p) in probabilities.enumerated() { keep[i] = UInt64(p * 4_294_967_296) }
        totalWords = config.epochs * vocabulary.trainWords
    }

    deinit {
        syn0.deallocate()
        syn1neg.deallocate()
        noise.deallocate()
        keep.deallocate()
    }

    /// Adds words a thread has trained; returns the share of the whole run done so far.
    func advance(by words: Int) -> Double {
        lock.lock()
        processed += words
        let done = processed
        lock.unlock()
        return min(1, Double(done) / Double(max(totalWords, 1)))
    }

    /// The share of the whole run done so far.
    var fraction: Double { advance(by: 0) }

    /// The input vectors as a table labelled by the vocabulary, with counts.
    func table() throws -> EmbeddingTable {
        let values = HugePageFloats.make(count: vocabulary.count * dim) { $0.baseAddress!.update(from: syn0, count: $0.count) }
        return try EmbeddingTable(rows: vocabulary.count, dim: dim, values: values,
                                  labels: vocabulary.words, counts: vocabulary.counts)
    }
}
