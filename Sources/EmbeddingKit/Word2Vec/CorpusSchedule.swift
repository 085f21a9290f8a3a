import Foundation

/// What the threads of a word2vec or fastText run share besides the vectors: the settings and
/// vocabulary, the noise and subsampling tables, the logistic table, and the count of words
/// trained so far, which sets the learning rate.
final class CorpusSchedule: @unchecked Sendable {
    let config: Word2VecConfig
    let vocabulary: Word2VecVocabulary
    /// Noise words from the unigram distribution raised to `noisePower` (alias method).
    let noise: UnsafeMutablePointer<NegativeSampler.Bucket>
    /// Each word is kept when a 32-bit random number is below its entry.
    let keep: UnsafeMutablePointer<UInt64>
    let sigmoid = SigmoidTable()
    /// Vocabulary words the run trains (before subsampling): epochs × the tokens of an epoch.
    let totalWords: Int
    let interruption: Interruption
    /// The row of the word that ends every line (fastText's `</s>`), or -1.
    let lineEnd: Int
    private let lock = NSLock()
    private var processed = 0

    /// `epochTokens`: what an epoch counts, for subsampling's frequencies and the run's length;
    /// word2vec's vocabulary words (`trainWords`, the default) or, as fastText counts, every
    /// token of the corpus (`corpusWords`, words under min_count too). fastText's run then trains
    /// more vocabulary words than `epochs` passes hold, by the share of the tokens it dropped.
    /// `noisePower` is the model's own exponent, which the config's `noiseExponent` overrides.
    init(vocabulary: Word2VecVocabulary, config: Word2VecConfig, interruption: Interruption,
         noisePower: Double = NegativeSampler.word2vecPower, lineEnd: String? = nil, epochTokens: Int? = nil) {
        self.config = config
        self.vocabulary = vocabulary
        self.interruption = interruption
        self.lineEnd = lineEnd.flatMap { vocabulary.index(of: $0) } ?? -1
        let buckets = NegativeSampler(counts: vocabulary.counts, power: config.noiseExponent ?? noisePower).buckets
        noise = .allocate(capacity: buckets.count)
        noise.initialize(from: buckets, count: buckets.count)
        let epochTokens = epochTokens ?? vocabulary.trainWords
        let probabilities = vocabulary.keepProbabilities(sample: config.sample, tokens: epochTokens)
        keep = .allocate(capacity: probabilities.count)
        for (i, p) in probabilities.enumerated() { keep[i] = UInt64(p * 4_294_967_296) }
        totalWords = config.epochs * epochTokens
    }

    deinit {
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
}
