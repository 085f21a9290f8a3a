/// A Keras-compatible text tokenizer (keras_preprocessing 1.1.2 `Tokenizer`).
///
/// A value type whose state is plain arrays. Fitting more texts later continues the counts,
/// as repeated `fit_on_texts` does. Indices: 0 is reserved (padding); 1 is the OOV token
/// when one is configured; words follow by count, descending, ties in first-seen order.
/// Unlike Keras, the OOV token has its index before any fit.
public struct Tokenizer: Sendable {
    /// The settings this tokenizer was made with.
    public let config: TokenizerConfig
    /// Number of documents fitted so far (`document_count`).
    public private(set) var documentCount = 0
    var vocabulary = Vocabulary()
    private(set) var index: WordIndex
    let lookup: WordLookup
    let scanner: TokenScanner

    /// An empty tokenizer; throws `TokenizerError` for an invalid configuration.
    public init(config: TokenizerConfig = TokenizerConfig()) throws {
        try config.validate()
        self.config = config
        scanner = TokenScanner(config)
        index = WordIndex(vocabulary, oovID: nil, hasOOV: config.oovToken != nil)
        lookup = WordLookup(vocabulary, index)
    }

    init(config: TokenizerConfig, vocabulary: Vocabulary, documentCount: Int, scanner: TokenScanner) {
        self.config = config
        self.vocabulary = vocabulary
        self.documentCount = documentCount
        self.scanner = scanner
        let withoutOOV = WordIndex(vocabulary, oovID: nil, hasOOV: config.oovToken != nil)
        let plainLookup = WordLookup(vocabulary, withoutOOV)
        if let oov = config.oovToken, let oovIndex = Tokenizer.index(of: oov, in: plainLookup) {
            index = WordIndex(vocabulary, oovID: withoutOOV.idAtIndex[oovIndex], hasOOV: true)
            lookup = WordLookup(vocabulary, index)
        } else {
            index = withoutOOV
            lookup = plainLookup
        }
    }

    // MARK: Fitting

    /// Fits on more texts (`fit_on_texts`): one document per text. Throws `WordTableError`,
    /// leaving the tokenizer unchanged, when the vocabulary outgrows what it can hold.
    public mutating func fit<S: Sequence<String>>(texts: S) throws(WordTableError) {
        var fitter = makeFitter()
        for text in texts { fitter.add(text) }
        self = try fitter.finish()
    }

    /// A fitter starting from this tokenizer's counts; commit with `finish()`.
    public func makeFitter() -> TokenizerFitter {
        TokenizerFitter(self)
    }

    // MARK: Vocabulary

    /// Number of distinct fitted words (`len(word_counts)`).
    public var vocabularySize: Int { vocabulary.count }

    /// Number of entries in Keras's `word_index` (fitted words, plus the OOV token if it
    /// is not one of them).
    public var wordIndexCount: Int { index.count }

    /// Index of the OOV token, if one is configured.
    public var oovIndex: Int? { index.oovIndex }

    /// Fitted words with their counts, in first-seen order (`word_counts`).
    public var wordCounts: [(word: String, count: Int)] {
        vocabulary.counts.indices.map { (vocabulary.word($0), vocabulary.counts[$0]) }
    }

    /// Fitted words with the number of documents containing them, in first-seen order
    /// (`word_docs`).
    public var wordDocs: [(word: String, count: Int)] {
        vocabulary.docs.indices.map { (vocabulary.word($0), vocabulary.docs[$0]) }
    }

    /// `word_index` ordered by index.
    public var wordIndex: [(word: String, index: Int)] {
        (1 ..< index.idAtIndex.count).compactMap { i in word(at: i).map { ($0, i) } }
    }

    /// The index of `word` (`word_index.get(word)`), as fitted (already lowercased).
    public func index(of word: String) -> Int? {
        Tokenizer.index(of: word, in: lookup) ?? (word == config.oovToken ? index.oovIndex : nil)
    }

    /// The word at `index` (`index_word.get(index)`).
    public func word(at index: Int) -> String? {
        guard index >= 0 && index < self.index.idAtIndex.count else { return nil }
        let id = self.index.idAtIndex[index]
        if id >= 0 { return vocabulary.word(id) }
        return id == WordIndex.oov ? config.oovToken : nil
    }

    /// Number of fitted documents containing the word at `index` (`index_docs`, 0 if none).
    public func documentFrequency(at index: Int) -> Int {
        guard index >= 0 && index < self.index.idAtIndex.count else { return 0 }
        let id = self.index.idAtIndex[index]
        return id >= 0 ? vocabulary.docs[id] : 0
    }

    /// Times the word at `index` was seen while fitting (`word_counts`; 0 for the OOV token).
    public func count(at index: Int) -> Int {
        guard index >= 0 && index < self.index.idAtIndex.count else { return 0 }
        let id = self.index.idAtIndex[index]
        return id >= 0 ? vocabulary.counts[id] : 0
    }

    /// The `n` most frequent fitted words with their counts, in index order.
    public func mostFrequent(_ n: Int) -> [(word: String, count: Int)] {
        index.ranked.prefix(max(0, n)).map { (vocabulary.word($0), vocabulary.counts[$0]) }
    }

    // MARK: Texts → sequences

    /// `texts_to_sequences`: each text's word indices, with `num_words` and OOV applied.
    public func textsToSequences(_ texts: [String]) -> [[Int]] {
        texts.map { text in
            var text = text
            return text.withUTF8 { sequence(utf8: $0) }
        }
    }

    /// The index sequence of one text given as valid UTF-8 bytes.
    public func sequence(utf8 text: UnsafeBufferPointer<UInt8>) -> [Int] {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: maximumSequenceLength(utf8Count: text.count)) { buffer in
            Array(UnsafeBufferPointer(start: buffer.baseAddress!, count: writeSequence(utf8: text, into: buffer.baseAddress!)))
        }
    }

    /// The most indices a text of `count` UTF-8 bytes can give (tokens are separated, so at
    /// most one per two bytes, or one per byte at character level).
    public func maximumSequenceLength(utf8Count count: Int) -> Int {
        config.charLevel ? max(count, 1) : count / 2 + 1
    }

    /// Writes the index sequence of one text (valid UTF-8 bytes) to `output`, which must have
    /// room for `maximumSequenceLength(utf8Count: text.count)` indices; returns how many it wrote.
    public func writeSequence(utf8 text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<Int>) -> Int {
        let limit = config.numWords ?? Int.max
        let oov = index.oovIndex ?? -1
        var count = 0
        lookup.withFinder { finder in
            scanner.forEachBatch(in: text) { tokens in
                for token in tokens {
                    let i = finder.index(of: token.bytes, hash: token.hash, head: token.head)
                    if i >= 0 && i < limit {
                        output[count] = i
                        count += 1
                    } else if oov >= 0 {
                        output[count] = oov
                        count += 1
                    }
                }
            }
        }
        return count
    }

    // MARK: Sequences → texts

    /// `sequences_to_texts`: words joined by a space, with `num_words` and OOV applied;
    /// like Keras, indices without a word are skipped (or become the OOV token).
    public func sequencesToTexts(_ sequences: [[Int]]) -> [String] {
        let limit = config.numWords ?? Int.max
        let oovWord = index.oovIndex.flatMap { word(at: $0) }
        return sequences.map { sequence in
            var words: [String] = []
            for i in sequence {
                if let word = word(at: i) {
                    if i < limit {
                        words.append(word)
                    } else if let oovWord {
                        words.append(oovWord)
                    }
                } else if let oovWord {
                    words.append(oovWord)
                }
            }
            return words.joined(separator: " ")
        }
    }

    /// The indices other than 0 (padding) that name no word, each once in order of appearance:
    /// `sequencesToTexts` writes them as the OOV token or skips them, as Keras does silently.
    public func indicesWithoutWord(_ sequences: [[Int]]) -> [Int] {
        var found: [Int] = []
        for sequence in sequences {
            for i in sequence where i != 0 && word(at: i) == nil && !found.contains(i) { found.append(i) }
        }
        return found
    }

    private static func index(of word: String, in lookup: WordLookup) -> Int? {
        var word = word
        let index = word.withUTF8 { lookup.index(of: $0) }
        return index < 0 ? nil : index
    }
}
