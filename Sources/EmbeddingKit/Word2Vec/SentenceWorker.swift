/// What a word2vec or a fastText training thread does alike: turning lines into sentences of
/// word rows (unknown words dropped, frequent ones subsampled, lines cut at
/// `Word2VecConfig.maxSentenceLength`, fastText's `</s>` read at each line's end where the
/// schedule has one), word2vec.c's random numbers, the learning rate taken
/// from the run's progress every `reportInterval` words, and the counts the driver collects.
/// A subclass trains each sentence, `sentence[0..<length]`, in `trainSentence`.
class SentenceWorker: CorpusTrainer, @unchecked Sendable {
    let schedule: CorpusSchedule
    private let words: WordTable
    /// The sentence being read, word rows.
    let sentence: UnsafeMutablePointer<Int32>
    private(set) var length = 0
    /// Tokens of the current line so far, to cut lines at `maxSentenceLength`.
    private var lineTokens = 0
    /// word2vec.c's linear congruential generator.
    private var random: UInt64
    private(set) var alpha: Float
    /// Vocabulary words read since the last report to the schedule.
    private var unreported = 0
    private(set) var stopped = false
    var tokens = 0
    var loss: Double = 0
    var examples = 0

    /// Vocabulary words between updates of the learning rate (word2vec.c's 10,000).
    static let reportInterval = 10_000

    /// Worker `index` of a run, with random numbers of its own.
    init(schedule: CorpusSchedule, index: Int) {
        self.schedule = schedule
        words = schedule.vocabulary.table
        sentence = .allocate(capacity: Word2VecConfig.maxSentenceLength)
        var seeder = SplitMix64(seed: schedule.config.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        random = seeder.next()
        alpha = Float(schedule.config.learningRate(at: schedule.fraction))
    }

    deinit {
        sentence.deallocate()
    }

    final func train(line: UnsafeBufferPointer<UInt8>) {
        if stopped { return }
        forEachWord(in: line) { word in read(words.id(of: word)) }
        if schedule.lineEnd >= 0 { read(schedule.lineEnd) }
        endSentence()
        lineTokens = 0
    }

    /// Takes the next token of the line, word row `id` (-1: not in the vocabulary), into the
    /// sentence unless subsampling drops it.
    @inline(__always)
    private final func read(_ id: Int) {
        tokens &+= 1
        lineTokens &+= 1
        if lineTokens > Word2VecConfig.maxSentenceLength {
            endSentence()
            lineTokens = 1
        }
        guard id >= 0 else { return }
        unreported &+= 1
        if UInt64(nextRandom()) < schedule.keep[id] {
            sentence[length] = Int32(truncatingIfNeeded: id)
            length &+= 1
        }
    }

    final func report() {
        let done = schedule.advance(by: unreported)
        alpha = Float(schedule.config.learningRate(at: done))
        unreported = 0
        if done >= 1 || schedule.interruption.isRequested { stopped = true }
    }

    @inline(__always)
    final func nextRandom() -> UInt32 {
        random = random &* 25_214_903_917 &+ 11
        return UInt32(truncatingIfNeeded: random >> 32)
    }

    /// A noise word from the schedule's noise distribution.
    @inline(__always)
    final func noiseWord() -> Int {
        let i = Int((UInt64(nextRandom()) &* UInt64(schedule.vocabulary.count)) >> 32)
        let bucket = schedule.noise[i]
        return nextRandom() < bucket.threshold ? i : Int(bucket.alias)
    }

    /// Trains `sentence[0..<length]` (not empty).
    func trainSentence() {
        preconditionFailure("a worker subclass trains the sentences")
    }

    private final func endSentence() {
        if length > 0 {
            trainSentence()
            length = 0
        }
        if unreported >= Self.reportInterval { report() }
    }
}
