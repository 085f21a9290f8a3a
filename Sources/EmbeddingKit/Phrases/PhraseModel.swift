/// What one pass of phrase learning found, frozen (gensim's `FrozenPhrases`): each phrase
/// (its words joined by the delimiter, connector words included) with its score and count.
public struct PhraseStage: Sendable {
    public let phrases: [String]
    public let scores: [Double]
    /// Occurrences of each phrase's words in a row in the corpus the pass learned from.
    public let counts: [Int]
    /// Tokens of that corpus (gensim's `corpus_word_count`), and the entries counted (words
    /// and bigrams after any pruning: the vocabulary size of the default scoring).
    public let corpusWords: Int
    public let vocabularySize: Int
    /// Phrase bytes → number, for applying.
    let table: WordTable

    /// Throws a description of the first value that cannot be: arrays of unequal length, a
    /// phrase twice, a score that is NaN, a negative count.
    public init(phrases: [String], scores: [Double], counts: [Int], corpusWords: Int, vocabularySize: Int) throws(PhrasesError) {
        func refuse(_ what: String) -> PhrasesError { .invalidSetting(name: "phrases", value: what, expected: "a consistent phrase list") }
        guard phrases.count == scores.count, phrases.count == counts.count else { throw refuse("\(phrases.count) phrases, \(scores.count) scores") }
        guard corpusWords >= 0, vocabularySize >= 0 else { throw refuse("negative totals") }
        if let score = scores.first(where: \.isNaN) { throw refuse("score \(score)") }
        if let count = counts.first(where: { $0 < 1 }) { throw refuse("count \(count)") }
        let table = WordTable(capacity: phrases.count)
        for var phrase in phrases {
            let known = phrase.withUTF8 { table.id(of: $0) } >= 0
            guard !known else { throw refuse("'\(phrase)' twice") }
            phrase.withUTF8 { table.add($0) }
            if let refusal = table.refusal { throw .tooManyEntries(refusal.description) }
        }
        self.phrases = phrases
        self.scores = scores
        self.counts = counts
        self.corpusWords = corpusWords
        self.vocabularySize = vocabularySize
        self.table = table
    }
}

/// A learned phrase model: the settings and one stage per pass, applied in order.
public struct PhraseModel: Sendable {
    public let config: PhrasesConfig
    public let stages: [PhraseStage]

    /// Throws when `config` is invalid or the stages do not match its passes.
    public init(config: PhrasesConfig, stages: [PhraseStage]) throws(PhrasesError) {
        try config.validate()
        guard stages.count == config.passes else {
            throw .invalidSetting(name: "passes", value: "\(config.passes)", expected: "the number of stages (\(stages.count))")
        }
        self.config = config
        self.stages = stages
    }

    /// The phrases of every stage.
    public var phraseCount: Int { stages.reduce(0) { $0 + $1.phrases.count } }

    /// `text` with the model's phrases joined, its words separated by single spaces (for
    /// tests and short texts; files go through `Phrases.apply`).
    public func apply(to text: String) -> String {
        let applier = PhraseApplier(stages: stages, config: config)
        var text = text
        return text.withUTF8 { String(decoding: applier.apply($0), as: UTF8.self) }
    }
}

/// Applies stages to lines with its own scratch memory (one per thread), as gensim's
/// `analyze_sentence` does: left to right, a word followed by connector words and another word
/// becomes one token when that sequence is a phrase; otherwise the first word is kept as it is
/// and the second starts the next candidate. A line is cut into sentences of
/// `Word2VecConfig.maxSentenceLength` words, as gensim's `LineSentence` cuts it.
final class PhraseApplier: @unchecked Sendable {
    private let stages: [PhraseStage]
    private let connectors: WordTable
    private let delimiter: [UInt8]
    private var buffers = (ByteBuffer(), ByteBuffer())
    private let key = ByteBuffer()
    private var between: [UnsafeBufferPointer<UInt8>] = []
    /// Phrases joined since the driver last took the number.
    var joined = 0

    init(stages: [PhraseStage], config: PhrasesConfig) {
        self.stages = stages
        connectors = Phrases.connectorTable(config.connectors)
        delimiter = Array(config.delimiter.utf8)
    }

    /// The line after every stage (the line itself when there is none), valid until the next call.
    func apply(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var input = line
        for (i, stage) in stages.enumerated() {
            let output = i % 2 == 0 ? buffers.0 : buffers.1
            output.removeAll()
            phrase(input, stage, into: output)
            input = output.bytes
        }
        return input
    }

    private func phrase(_ input: UnsafeBufferPointer<UInt8>, _ stage: PhraseStage, into output: ByteBuffer) {
        var start: UnsafeBufferPointer<UInt8>?
        between.removeAll(keepingCapacity: true)
        var words = 0
        func flush() {
            if let first = start { output.appendWord(first) }
            for word in between { output.appendWord(word) }
            start = nil
            between.removeAll(keepingCapacity: true)
        }
        forEachWord(in: input) { word in
            words &+= 1
            if words > Word2VecConfig.maxSentenceLength {
                flush()
                words = 1
            }
            guard connectors.id(of: word) < 0 else {
                if start != nil { between.append(word) } else { output.appendWord(word) }
                return
            }
            guard let first = start else {
                start = word
                return
            }
            key.join(first, between, word, delimiter: delimiter)
            if stage.table.id(of: key.bytes) >= 0 {
                output.appendWord(key.bytes)
                joined &+= 1
                start = nil
                between.removeAll(keepingCapacity: true)
            } else {
                flush()
                start = word
            }
        }
        flush()
    }
}

/// A growable byte buffer with manually managed memory (no exclusivity checks in the loops).
final class ByteBuffer {
    private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var capacity = 256
    private(set) var count = 0

    deinit { storage.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    func removeAll() { count = 0 }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let base = bytes.baseAddress { (storage + count).update(from: base, count: bytes.count) }
        count &+= bytes.count
    }

    func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count &+= 1
    }

    /// Appends a word, after a space unless the buffer is empty.
    func appendWord(_ word: UnsafeBufferPointer<UInt8>) {
        if count > 0 { append(32) }
        append(word)
    }

    /// Replaces the contents with `first`, each of `between` and `last`, joined by `delimiter`.
    func join(_ first: UnsafeBufferPointer<UInt8>, _ between: [UnsafeBufferPointer<UInt8>], _ last: UnsafeBufferPointer<UInt8>,
              delimiter: [UInt8]) {
        count = 0
        append(first)
        delimiter.withUnsafeBufferPointer { delimiter in
            for word in between {
                append(delimiter)
                append(word)
            }
            append(delimiter)
        }
        append(last)
    }

    private func reserve(_ extra: Int) {
        guard count &+ extra > capacity else { return }
        capacity = max(capacity * 2, count + extra)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
    }
}
