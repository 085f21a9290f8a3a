import Foundation

/// The state fastText threads share (Hogwild, as in fastText): the input matrix — the
/// vocabulary's own rows, then `bucket` n-gram rows — the output vectors (of the words for
/// negative sampling, of the Huffman tree's inner nodes for hierarchical softmax), each word's
/// input rows (its own and its n-grams', fastText's `subwords`), and the run's `schedule`.
final class FastTextModel: @unchecked Sendable {
    let schedule: CorpusSchedule
    let settings: SubwordSettings
    let dim: Int
    /// (vocabulary + bucket) × dim, uniform in ±1/dim as fastText starts it.
    let input: UnsafeMutablePointer<Float>
    /// vocabulary × dim, starting at zero (hierarchical softmax uses the first vocabulary − 1).
    let output: UnsafeMutablePointer<Float>
    /// Hierarchical softmax (fastText's `-loss hs`): the Huffman tree over the vocabulary's
    /// counts, whose inner nodes' vectors are the output rows; nil for negative sampling.
    let tree: HuffmanTree?
    /// The longest path of `tree` (0 without one).
    let longestPath: Int
    /// Word `w`'s input rows are `rows[starts[w] ..< starts[w + 1]]`: `w`, then vocabulary + bucket row of each n-gram.
    let starts: [Int]
    let rows: [Int32]
    /// Per word, how far the mean of its input rows moves for a gradient each listed row takes
    /// once per listing: Σ multiplicity² / rows (1 unless an n-gram repeats or two share a bucket).
    let hiddenGrowth: [Float]

    /// Throws `MemoryError` when the input matrix, the output vectors, the resulting table and
    /// its n-gram copy would not fit in `limit` bytes (default: what the machine can give now).
    static func checkMemory(words: Int, settings: SubwordSettings, config: Word2VecConfig, limit: UInt64? = nil) throws(MemoryError) {
        try MemoryBudget.reserve([3 * words + 2 * settings.bucket, config.dim], elementSize: MemoryLayout<Float>.size,
                                 for: "training \(words) words and \(settings.bucket) n-gram buckets × \(config.dim)",
                                 lower: "lower bucket or dim, or raise min_count", limit: limit)
    }

    init(vocabulary: Word2VecVocabulary, settings: SubwordSettings, config: Word2VecConfig, interruption: Interruption) {
        schedule = CorpusSchedule(vocabulary: vocabulary, config: config, interruption: interruption,
                                  noisePower: NegativeSampler.fastTextPower, lineEnd: FastText.lineEnd,
                                  epochTokens: FastText.epochTokens(vocabulary))
        self.settings = settings
        dim = config.dim
        let words = vocabulary.count
        let n = (words + settings.bucket) * dim
        input = .allocate(capacity: n)
        // Blocks of 2^20 values, each from its own generator: the same values whatever the cores.
        let block = 1 << 20, bound = 1 / Double(dim), seed = config.seed, target = UncheckedBox(input)
        Parallel.forEachChunk(count: (n + block - 1) / block, minimumPerChunk: 1) { blocks in
            for b in blocks {
                var random = Xoshiro256StarStar(seed: seed &+ UInt64(b) &* 0x9E37_79B9_7F4A_7C15)
                for i in b * block ..< min(n, (b + 1) * block) { target.value[i] = Float((random.nextUnitDouble() * 2 - 1) * bound) }
            }
        }
        output = .allocate(capacity: words * dim)
        output.initialize(repeating: 0, count: words * dim)
        let tree = config.hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        self.tree = tree
        longestPath = tree.map { tree in zip(tree.offsets.dropFirst(), tree.offsets).map { $0 - $1 }.max() ?? 0 } ?? 0
        var starts = [0], rows: [Int32] = [], hiddenGrowth: [Float] = []
        for (w, word) in vocabulary.words.enumerated() {
            let own = [Int32(w)] + settings.buckets(of: word).map { Int32(words + $0) }
            rows += own
            starts.append(rows.count)
            hiddenGrowth.append(Self.hiddenGrowth(of: own))
        }
        self.starts = starts
        self.rows = rows
        self.hiddenGrowth = hiddenGrowth
    }

    /// How far the mean of input rows `rows` moves when each listed row takes a gradient once per
    /// listing, in gradients: Σ multiplicity² / count.
    /// Sorting and counting runs (m² as the sum of the first m odd numbers) takes 0.18 µs a
    /// word where a Dictionary of counts took 0.32 µs: 0.14 s less start-up per million words.
    static func hiddenGrowth(of rows: [Int32]) -> Float {
        guard !rows.isEmpty else { return 0 }
        let sorted = rows.sorted()
        var squares = 0, run = 0
        for i in sorted.indices {
            run = i > 0 && sorted[i] == sorted[i - 1] ? run + 1 : 1
            squares += 2 * run - 1
        }
        return Float(squares) / Float(rows.count)
    }

    deinit {
        input.deallocate()
        output.deallocate()
    }

    /// The words' vectors as fastText's `get_word_vector` gives them (own row and n-gram rows
    /// averaged), labelled by the vocabulary, with the n-gram and output vectors attached.
    func table() throws -> EmbeddingTable {
        let (config, vocabulary) = (schedule.config, schedule.vocabulary)
        let words = vocabulary.count
        var training = FastTextTrainingArguments()
        (training.window, training.epochs, training.minCount, training.negative) = (config.window, config.epochs, config.minCount, config.negative)
        training.model = config.architecture == .cbow ? 1 : 2
        training.loss = config.hierarchicalSoftmax ? 1 : 2
        training.sample = config.sample
        training.tokens = vocabulary.corpusWords
        let ngrams = Array(UnsafeBufferPointer(start: input + words * dim, count: settings.bucket * dim))
        let subwords = try SubwordVectors(settings: settings, dim: dim, ngrams: ngrams,
                                          output: Array(UnsafeBufferPointer(start: output, count: words * dim)), training: training)
        let values = HugePageFloats.make(count: words * dim) { values in
            for w in 0 ..< words {
                let target = values.baseAddress! + w * dim
                target.initialize(repeating: 0, count: dim)
                for r in starts[w] ..< starts[w + 1] {
                    let row = input + Int(rows[r]) * dim
                    for j in 0 ..< dim { target[j] += row[j] }
                }
                let mean = Float(1.0 / Double(starts[w + 1] - starts[w]))
                for j in 0 ..< dim { target[j] *= mean }
            }
        }
        var table = try EmbeddingTable(rows: words, dim: dim, values: values, labels: vocabulary.words, counts: vocabulary.counts)
        table.subwords = subwords
        return table
    }
}
