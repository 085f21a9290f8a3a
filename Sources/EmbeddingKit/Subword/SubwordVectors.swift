/// The subword half of a fastText model, attached to the table of its word vectors: the
/// n-gram rows (`settings.bucket` × dim) from which vectors of words outside the table are
/// composed, and, when known, the output vectors of training (for a `.bin` export that can
/// go on training). A table row holds a word's own vector already averaged with its n-grams,
/// as fastText's `get_word_vector` gives it.
public struct SubwordVectors: Sendable {
    public let settings: SubwordSettings
    public let dim: Int
    /// bucket × dim, row-major.
    public let ngrams: [Float]
    /// Output (negative sampling) vectors, one per table row in table order, when known.
    public let output: [Float]?
    /// The training settings fastText files carry (window, epochs, …), kept for export.
    public let training: FastTextTrainingArguments

    public init(settings: SubwordSettings, dim: Int, ngrams: [Float], output: [Float]? = nil,
                training: FastTextTrainingArguments = FastTextTrainingArguments()) throws(TableError) {
        guard ngrams.count == settings.bucket * dim else {
            throw .valueCountMismatch(expected: settings.bucket * dim, got: ngrams.count)
        }
        self.settings = settings
        self.dim = dim
        self.ngrams = ngrams
        self.output = output
        self.training = training
    }

    /// Bytes of the n-gram and output rows.
    public var memoryBytes: Int { (ngrams.count + (output?.count ?? 0)) * MemoryLayout<Float>.size }

    /// `word`'s vector as fastText composes it: the mean of `own` (the word's input row, when
    /// it has one) and its n-gram rows, summed in fastText's order. Nil when there is nothing
    /// to average (no own row and no n-gram, e.g. a word shorter than `minn` with its marks).
    public func compose(_ word: String, own: UnsafeBufferPointer<Float>? = nil) -> [Float]? {
        let buckets = settings.buckets(of: word)
        let count = buckets.count + (own == nil ? 0 : 1)
        guard count > 0 else { return nil }
        var sum = [Float](repeating: 0, count: dim)
        sum.withUnsafeMutableBufferPointer { sum in
            if let own { for j in 0 ..< dim { sum[j] += own[j] } }
            ngrams.withUnsafeBufferPointer { rows in
                for b in buckets {
                    let row = rows.baseAddress! + b * dim
                    for j in 0 ..< dim { sum[j] += row[j] }
                }
            }
            let scale = Float(1.0 / Double(count))
            for j in 0 ..< dim { sum[j] *= scale }
        }
        return sum
    }

    /// The input row fastText keeps for an in-vocabulary word whose table row is `composed`:
    /// composed × (n-grams + 1) − Σ n-gram rows (what a `.bin` export writes; exact up to
    /// float rounding).
    public func ownRow(of word: String, composed: UnsafeBufferPointer<Float>) -> [Float] {
        let buckets = settings.buckets(of: word)
        let scale = Float(buckets.count + 1)
        var own = (0 ..< dim).map { composed[$0] * scale }
        ngrams.withUnsafeBufferPointer { rows in
            for b in buckets {
                for j in 0 ..< dim { own[j] -= rows[b * dim + j] }
            }
        }
        return own
    }
}

/// fastText's training arguments as its model files store them (`args.cc`), beside the
/// n-gram settings; defaults are the `fasttext` tool's for unsupervised training.
public struct FastTextTrainingArguments: Equatable, Sendable {
    public var window = 5
    public var epochs = 5
    public var minCount = 5
    public var negative = 5
    public var wordNgrams = 1
    /// fastText's `loss_name`: 1 hs, 2 ns, 3 softmax, 4 ova.
    public var loss: Int32 = 2
    /// fastText's `model_name`: 1 cbow, 2 sg, 3 sup.
    public var model: Int32 = 2
    public var lrUpdateRate = 100
    public var sample = 1e-4
    /// fastText's `ntokens`: every token of the training corpus (words under min_count and each
    /// line's `</s>` included); nil when unknown, and the `.bin` export writes the sum of the
    /// words' counts.
    public var tokens: Int?

    public init() {}
}
