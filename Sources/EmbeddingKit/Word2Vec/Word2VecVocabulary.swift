/// Counts the words of a corpus. Each thread counts its own blocks into its own counter;
/// merging the parts in file order keeps every word's first-seen position.
public final class Word2VecCounter: @unchecked Sendable {
    let table = WordTable()
    /// Tokens counted so far.
    public private(set) var tokens = 0
    /// The word counted at the end of every line (fastText's `</s>`), if any.
    private let lineEnd: [UInt8]?

    public init(lineEnd: String? = nil) {
        self.lineEnd = lineEnd.map { Array($0.utf8) }
    }

    /// Counts the words of one line of text.
    public func add(utf8 text: UnsafeBufferPointer<UInt8>) {
        forEachWord(in: text) { word in
            table.add(word)
            tokens += 1
        }
        if let lineEnd {
            lineEnd.withUnsafeBufferPointer { table.add($0) }
            tokens += 1
        }
    }

    /// Adds what `later` (the next part of the same corpus) counted, and empties it.
    public func absorb(_ later: Word2VecCounter) {
        for id in 0 ..< later.table.count { table.add(later.table.word(id), occurrences: later.table.counts[id]) }
        tokens += later.tokens
        later.table.removeAll()
        later.tokens = 0
    }

    /// Distinct words counted so far.
    public var distinctWords: Int { table.count }

    /// Why counting had to stop taking new words, if it did.
    public var refusal: WordTableError? { table.refusal }
}

/// The words word2vec trains: those seen at least `minCount` times, most frequent first
/// (ties in first-seen order, as gensim sorts), with their counts.
public struct Word2VecVocabulary: Sendable {
    public let words: [String]
    /// Occurrences of each word in the corpus.
    public let counts: [Int]
    /// Occurrences of vocabulary words: what one epoch trains on before subsampling.
    public let trainWords: Int
    /// All tokens of the corpus, in the vocabulary or not.
    public let corpusWords: Int
    /// Bytes → row, for the training loop.
    let table: WordTable

    /// Keeps the words of `counter` seen at least `minCount` times and, with `maxVocab`, only
    /// that many of the most frequent. Throws when the corpus had no words or none is kept.
    public init(counting counter: Word2VecCounter, minCount: Int, maxVocab: Int? = nil) throws(Word2VecError) {
        let all = counter.table
        guard all.count > 0 else { throw .noWords }
        var kept = (0 ..< all.count).filter { all.counts[$0] >= minCount }
        guard !kept.isEmpty else {
            let most = (0 ..< all.count).map { all.counts[$0] }.max() ?? 0
            throw .noWordReachesMinCount(minCount: minCount, distinctWords: all.count, mostFrequent: most)
        }
        kept.sort { all.counts[$0] != all.counts[$1] ? all.counts[$0] > all.counts[$1] : $0 < $1 }
        if let maxVocab, kept.count > maxVocab { kept.removeLast(kept.count - maxVocab) }
        let table = WordTable(capacity: kept.count)
        for id in kept { table.add(all.word(id), occurrences: all.counts[id]) }
        self.table = table
        words = kept.map { String(decoding: all.word($0), as: UTF8.self) }
        counts = kept.map { all.counts[$0] }
        trainWords = counts.reduce(0, +)
        corpusWords = counter.tokens
    }

    public var count: Int { words.count }

    /// The row of `word`, or nil when it is not in the vocabulary.
    public func index(of word: String) -> Int? {
        var word = word
        let id = word.withUTF8 { table.id(of: $0) }
        return id >= 0 ? id : nil
    }

    /// The probability of keeping one occurrence of each word when subsampling with
    /// threshold `sample` (word2vec.c: (√(c / t) + 1) · t / c with t = sample × `tokens`,
    /// capped at 1; 1 for every word when `sample` is 0). `tokens`, what frequencies are taken
    /// over, is `trainWords` for word2vec; fastText takes `corpusWords`.
    public func keepProbabilities(sample: Double, tokens: Int? = nil) -> [Double] {
        guard sample > 0 else { return counts.map { _ in 1 } }
        let threshold = sample * Double(tokens ?? trainWords)
        return counts.map { count in
            let c = Double(count)
            return min(1, ((c / threshold).squareRoot() + 1) * threshold / c)
        }
    }
}
