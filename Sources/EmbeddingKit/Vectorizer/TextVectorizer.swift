#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Keras 3 `TextVectorization` layer: texts to token indices (int mode) or to a
/// multi-hot, count or TF-IDF matrix, with a vocabulary learned by `adapt`.
///
/// A value type. Indices in int mode: 0 is padding (''), 1 the out-of-vocabulary token
/// '[UNK]', learned tokens follow by count, descending, ties by their bytes, descending. In
/// the other modes '[UNK]' is column 0 and learned tokens follow. Unlike Keras's `Tokenizer`,
/// adapting again replaces the vocabulary, as Keras's `adapt()` does.
public struct TextVectorizer: Sendable {
    /// The out-of-vocabulary token.
    public static let oovToken = "[UNK]"

    public let config: TextVectorizerConfig
    /// Documents the vocabulary was adapted on (`adapt`'s last call).
    public private(set) var documentCount = 0
    /// Whether `adapt` has given it a vocabulary.
    public private(set) var isAdapted = false
    /// Learned tokens in index order (token `id` has index `id + config.tokenStart`).
    private(set) var table = TokenTable()
    /// Occurrences and documents of each learned token in the adapted texts.
    private(set) var counts: [Int] = []
    private(set) var documentCounts: [Int] = []
    /// tf_idf: the weight of each output column ('[UNK]' gets the mean); empty otherwise.
    private(set) var idfWeights: [Float] = []
    let pipeline: VectorizerPipeline

    /// A vectorizer with no vocabulary; throws `TextVectorizerError` for an invalid configuration.
    public init(config: TextVectorizerConfig = TextVectorizerConfig()) throws(TextVectorizerError) {
        try config.validate()
        self.config = config
        pipeline = VectorizerPipeline(config)
    }

    init(config: TextVectorizerConfig, table: TokenTable, counts: [Int], documentCounts: [Int], documentCount: Int,
         isAdapted: Bool) {
        self.config = config
        self.table = table
        self.counts = counts
        self.documentCounts = documentCounts
        self.documentCount = documentCount
        self.isAdapted = isAdapted
        pipeline = VectorizerPipeline(config)
        if config.outputMode == .tfIdf && isAdapted { idfWeights = Self.idf(documentCounts, documents: documentCount, config: config) }
    }

    /// Keras's weights: `log(1 + documents / (1 + document frequency))` computed in double and
    /// kept as float32, the mean of them for '[UNK]' in front, zeros after up to `max_tokens`
    /// when padded.
    private static func idf(_ documentCounts: [Int], documents: Int, config: TextVectorizerConfig) -> [Float] {
        let weights = documentCounts.map { Float(log(1 + Double(documents) / Double(1 + $0))) }
        let mean = weights.isEmpty ? Float.nan : Float(weights.reduce(0.0) { $0 + Double($1) } / Double(weights.count))
        var all = [mean] + weights
        if config.padToMaxTokens, let maxTokens = config.maxTokens, all.count < maxTokens {
            all += [Float](repeating: 0, count: maxTokens - all.count)
        }
        return all
    }

    // MARK: Adapting

    /// Learns the vocabulary of `texts` (one document each), replacing the one it had.
    public mutating func adapt<S: Sequence<String>>(texts: S) throws(TextVectorizerError) {
        var adapter = makeAdapter()
        for text in texts { adapter.add(text) }
        self = try adapter.finish()
    }

    /// An adapter to feed documents one at a time; commit with `finish()`.
    public func makeAdapter() -> TextVectorizerAdapter {
        TextVectorizerAdapter(self)
    }

    // MARK: Vocabulary

    /// Number of indices (Keras `vocabulary_size()`): the special tokens and the learned ones.
    public var vocabularySize: Int { config.tokenStart + table.count }

    /// Number of learned tokens.
    public var learnedCount: Int { table.count }

    /// `get_vocabulary()`: the token of every index, special tokens first.
    public var vocabulary: [String] {
        (config.outputMode == .int ? ["", Self.oovToken] : [Self.oovToken]) + (0 ..< table.count).map(table.token)
    }

    /// The token at `index`, or nil beyond the vocabulary.
    public func token(at index: Int) -> String? {
        if index == config.oovIndex { return Self.oovToken }
        if index == 0 && config.outputMode == .int { return "" }
        let id = index - config.tokenStart
        return id >= 0 && id < table.count ? table.token(id) : nil
    }

    /// The index of a token as the vocabulary holds it (already standardized), or nil.
    public func index(of token: String) -> Int? {
        var token = token
        let id = token.withUTF8 { table.find($0) }
        if id >= 0 { return id + config.tokenStart }
        return vocabulary.prefix(config.tokenStart).firstIndex(of: token)
    }

    /// Occurrences of the token at `index` in the adapted texts (0 for special tokens).
    public func count(at index: Int) -> Int {
        let id = index - config.tokenStart
        return id >= 0 && id < counts.count ? counts[id] : 0
    }

    /// Adapted documents holding the token at `index` (0 for special tokens).
    public func documentFrequency(at index: Int) -> Int {
        let id = index - config.tokenStart
        return id >= 0 && id < documentCounts.count ? documentCounts[id] : 0
    }

    /// The TF-IDF weight of output column `index` (tf_idf mode only).
    public func idfWeight(at index: Int) -> Float? {
        index >= 0 && index < idfWeights.count ? idfWeights[index] : nil
    }

    // MARK: Texts

    /// The tokens of `text` after standardize, split and n-grams, in output order.
    public func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var text = text
        text.withUTF8 { bytes in
            pipeline.forEachToken(in: bytes, scratch: TokenScratch()) { tokens.append(String(decoding: $0, as: UTF8.self)) }
        }
        return tokens
    }

    /// Calls `body` with the index of each token of `text` (valid UTF-8): its vocabulary index
    /// or that of '[UNK]'.
    func forEachIndex(utf8 text: UnsafeBufferPointer<UInt8>, scratch: TokenScratch, _ body: (Int) -> Void) {
        let (start, oov) = (config.tokenStart, config.oovIndex)
        pipeline.forEachToken(in: text, scratch: scratch) { token in
            let (hash, head) = WordHash.hashPadded(token.baseAddress!, count: token.count)
            let id = table.find(token, hash: hash, head: head)
            body(id >= 0 ? id + start : oov)
        }
    }

    /// Each text's token indices, unpadded (Keras's ragged lookup; in the non-int modes the
    /// column of each token).
    public func textsToSequences(_ texts: [String]) -> [[Int]] {
        let scratch = TokenScratch()
        return texts.map { text in
            var text = text
            var sequence: [Int] = []
            text.withUTF8 { bytes in forEachIndex(utf8: bytes, scratch: scratch) { sequence.append($0) } }
            return sequence
        }
    }

    /// The layer's int output for a batch: sequences padded with 0 at the end (or cut) to
    /// `output_sequence_length`, or to the batch's longest when it is not set.
    public func intOutput(_ texts: [String]) throws(TextVectorizerError) -> [[Int]] {
        guard config.outputMode == .int else { throw .notIntMode(config.outputMode) }
        guard isAdapted else { throw .notAdapted }
        let sequences = textsToSequences(texts)
        let length = config.outputSequenceLength ?? sequences.map(\.count).max() ?? 0
        return sequences.map { sequence in
            sequence.count >= length ? Array(sequence.prefix(length)) : sequence + [Int](repeating: 0, count: length - sequence.count)
        }
    }

    /// Columns of the matrix output: the vocabulary size, or `max_tokens` with `pad_to_max_tokens`.
    public var outputWidth: Int {
        config.padToMaxTokens ? max(config.maxTokens ?? 0, vocabularySize) : vocabularySize
    }

    /// The layer's multi_hot, count or tf_idf output for a batch (float32 values, as Keras's).
    /// Throws `MemoryError` when the matrix would not fit in memory.
    public func matrixOutput(_ texts: [String]) throws -> TextMatrix {
        guard config.outputMode != .int else { throw TextVectorizerError.notIntMode(config.outputMode) }
        guard isAdapted else { throw TextVectorizerError.notAdapted }
        var matrix = try TextMatrix(rows: texts.count, columns: outputWidth)
        for (row, sequence) in textsToSequences(texts).enumerated() {
            for column in sequence {
                switch config.outputMode {
                case .multiHot: matrix[row, column] = 1
                case .count, .tfIdf: matrix[row, column] += 1
                case .int: break
                }
            }
            if config.outputMode == .tfIdf {
                for column in Set(sequence) { matrix[row, column] = Double(Float(matrix[row, column]) * idfWeights[column]) }
            }
        }
        return matrix
    }
}
