import Foundation

/// Counts words and bigrams for one pass of phrase learning, as gensim's `_learn_vocab` does,
/// in one table keyed by the joined bytes (a word `new_york` and the bigram `new york` share an
/// entry, as in gensim's dict). Each bigram entry remembers where its first and last words end,
/// to score it from their counts.
final class PhraseCounter: @unchecked Sendable {
    private let config: PhrasesConfig
    /// The earlier passes, applied to each line before counting it.
    private let previous: PhraseApplier
    private let connectors: WordTable
    private let delimiter: [UInt8]
    private(set) var table = WordTable()
    /// Per entry: the byte lengths of the first and last words of a bigram (first << 32 | last),
    /// or 0 for an entry never seen as a bigram.
    private var splits: [UInt64] = []
    private var corpusWords = 0
    /// Entries seen fewer times than this are dropped at the next pruning (gensim's `min_reduce`).
    private var minReduce = 1
    private let key = ByteBuffer()
    private var between: [UnsafeBufferPointer<UInt8>] = []
    private(set) var refusal: PhrasesError?

    init(config: PhrasesConfig, previous: PhraseApplier) {
        self.config = config
        self.previous = previous
        connectors = Phrases.connectorTable(config.connectors)
        delimiter = Array(config.delimiter.utf8)
    }

    /// Counts one line (after the earlier passes), a sentence per `maxSentenceLength` words.
    func add(line: UnsafeBufferPointer<UInt8>) {
        guard refusal == nil else { return }
        var start: UnsafeBufferPointer<UInt8>?
        between.removeAll(keepingCapacity: true)
        var words = 0
        forEachWord(in: previous.apply(line)) { word in
            words &+= 1
            if words > Word2VecConfig.maxSentenceLength {
                endSentence()
                start = nil
                between.removeAll(keepingCapacity: true)
                words = 1
            }
            corpusWords &+= 1
            guard connectors.id(of: word) < 0 else {
                if start != nil { between.append(word) }
                return
            }
            count(word, split: 0)
            if let first = start {
                key.join(first, between, word, delimiter: delimiter)
                count(key.bytes, split: UInt64(first.count) << 32 | UInt64(word.count))
            }
            start = word
            between.removeAll(keepingCapacity: true)
        }
        endSentence()
    }

    private func count(_ entry: UnsafeBufferPointer<UInt8>, split: UInt64) {
        table.add(entry)
        if table.count > splits.count { splits.append(0) }
        if split != 0 {
            let id = table.id(of: entry)
            if id >= 0 && splits[id] == 0 { splits[id] = split }
        }
        if let problem = table.refusal { refusal = .tooManyEntries(problem.description) }
    }

    /// gensim prunes after each sentence once the entries exceed `max_vocab_size`.
    private func endSentence() {
        guard table.count > config.maxVocabSize else { return }
        let kept = WordTable(capacity: table.count)
        var keptSplits: [UInt64] = []
        for id in 0 ..< table.count where table.counts[id] >= minReduce {
            kept.add(table.word(id), occurrences: table.counts[id])
            keptSplits.append(splits[id])
        }
        table = kept
        splits = keptSplits
        minReduce += 1
    }

    /// The bigrams scoring above the threshold, most frequent first (ties in first-seen order).
    func stage() throws(PhrasesError) -> PhraseStage {
        var found: [(id: Int, score: Double)] = []
        let vocabularySize = table.count
        for id in 0 ..< table.count where splits[id] != 0 {
            let entry = table.word(id)
            let firstLength = Int(splits[id] >> 32), lastLength = Int(splits[id] & 0xFFFF_FFFF)
            let first = table.id(of: UnsafeBufferPointer(rebasing: entry[..<firstLength]))
            let last = table.id(of: UnsafeBufferPointer(rebasing: entry[(entry.count - lastLength)...]))
            guard first >= 0, last >= 0 else { continue }  // pruned: gensim's count 0, never a phrase
            let score = Self.score(config.scoring, first: table.counts[first], last: table.counts[last], bigram: table.counts[id],
                                   vocabularySize: vocabularySize, minCount: config.minCount, corpusWords: corpusWords)
            if score > config.threshold { found.append((id, score)) }
        }
        found.sort { table.counts[$0.id] != table.counts[$1.id] ? table.counts[$0.id] > table.counts[$1.id] : $0.id < $1.id }
        return try PhraseStage(phrases: found.map { String(decoding: table.word($0.id), as: UTF8.self) }, scores: found.map(\.score),
                               counts: found.map { table.counts[$0.id] }, corpusWords: corpusWords, vocabularySize: vocabularySize)
    }

    /// gensim's `original_scorer` and `npmi_scorer`, in the same floating-point steps.
    static func score(_ scoring: PhraseScoring, first: Int, last: Int, bigram: Int, vocabularySize: Int, minCount: Int,
                      corpusWords: Int) -> Double {
        switch scoring {
        case .default:
            let (product, overflow) = first.multipliedReportingOverflow(by: last)
            let denominator = overflow ? Double(first) * Double(last) : Double(product)
            guard denominator > 0 else { return -.infinity }
            return Double(bigram - minCount) / denominator * Double(vocabularySize)
        case .npmi:
            guard bigram >= minCount, corpusWords > 0 else { return -.infinity }
            let total = Double(corpusWords)
            let pa = Double(first) / total, pb = Double(last) / total, pab = Double(bigram) / total
            return log(pab / (pa * pb)) / -log(pab)
        }
    }
}
