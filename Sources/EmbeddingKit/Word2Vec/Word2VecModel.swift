import Foundation

/// The vectors word2vec threads share — the input vectors (the result), the output vectors of
/// negative sampling, hierarchical softmax's — and the run's `schedule`. Threads update the
/// vectors without locks (Hogwild, as word2vec.c and gensim do).
final class Word2VecModel: @unchecked Sendable {
    let schedule: CorpusSchedule
    let dim: Int
    /// Input vectors, vocabulary × dim.
    let syn0: UnsafeMutablePointer<Float>
    /// Output vectors of negative sampling, vocabulary × dim, starting at zero (one row, never
    /// read, when `negative` is 0).
    let syn1neg: UnsafeMutablePointer<Float>
    /// The tree and inner-node vectors of hierarchical softmax, when it is on.
    let hierarchicalSoftmax: HierarchicalSoftmax?

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
        schedule = CorpusSchedule(vocabulary: vocabulary, config: config, interruption: interruption)
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
    }

    deinit {
        syn0.deallocate()
        syn1neg.deallocate()
    }

    /// The input vectors as a table labelled by the vocabulary, with counts.
    func table() throws -> EmbeddingTable {
        let vocabulary = schedule.vocabulary
        let values = HugePageFloats.make(count: vocabulary.count * dim) { $0.baseAddress!.update(from: syn0, count: $0.count) }
        return try EmbeddingTable(rows: vocabulary.count, dim: dim, values: values,
                                  labels: vocabulary.words, counts: vocabulary.counts)
    }
}
