import CKernels

/// One fastText training thread: turns lines into sentences of word rows (as `Word2VecWorker`:
/// unknown words dropped, frequent ones subsampled) and trains them.
///
/// Skip-gram: the word's input rows (own and n-grams) predict each word of its window. fastText
/// recomputes the mean of those rows and updates them for every context word; here the mean is
/// taken once per word, the window's gradients are summed and the rows updated once (the scores
/// of a window use the rows as they were before it), which reads and writes the n-gram rows once
/// instead of once per context word. CBOW: the mean of every context word's rows predicts the
/// word, and each row gets the whole gradient, as in fastText. The step is `embsh_subword_step`.
final class FastTextWorker: CorpusTrainer, @unchecked Sendable {
    private let model: FastTextModel
    private let words: WordTable
    private let sentence: UnsafeMutablePointer<Int32>
    private var length = 0
    private var lineTokens = 0
    private let hidden: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    /// The window's targets (each context word then its noise words) and each group's size.
    private let targets: UnsafeMutablePointer<Int>
    private let groupSizes: UnsafeMutablePointer<Int>
    /// CBOW: the input rows of the window's context words.
    private var contextRows: [Int32] = []
    private var random: UInt64
    private var alpha: Float
    private var unreported = 0
    private(set) var stopped = false
    var tokens = 0
    var loss: Double = 0
    var examples = 0

    init(model: FastTextModel, index: Int) {
        self.model = model
        words = model.vocabulary.table
        sentence = .allocate(capacity: Word2VecConfig.maxSentenceLength)
        hidden = .allocate(capacity: model.dim)
        gradient = .allocate(capacity: model.dim)
        let window = model.config.window, negative = model.config.negative
        targets = .allocate(capacity: 2 * window * (negative + 1))
        groupSizes = .allocate(capacity: 2 * window)
        var seeder = SplitMix64(seed: model.config.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        random = seeder.next()
        alpha = Float(model.config.learningRate(at: model.fraction))
    }

    deinit {
        sentence.deallocate()
        hidden.deallocate()
        gradient.deallocate()
        targets.deallocate()
        groupSizes.deallocate()
    }

    func train(line: UnsafeBufferPointer<UInt8>) {
        if stopped { return }
        forEachWord(in: line) { word in
            tokens &+= 1
            lineTokens &+= 1
            if lineTokens > Word2VecConfig.maxSentenceLength {
                trainSentence()
                lineTokens = 1
            }
            let id = words.id(of: word)
            guard id >= 0 else { return }
            unreported &+= 1
            if UInt64(nextRandom()) < model.keep[id] {
                sentence[length] = Int32(truncatingIfNeeded: id)
                length &+= 1
            }
        }
        trainSentence()
        lineTokens = 0
    }

    func report() {
        alpha = Float(model.config.learningRate(at: model.advance(by: unreported)))
        unreported = 0
        if model.interruption.isRequested { stopped = true }
    }

    @inline(__always)
    private func nextRandom() -> UInt32 {
        random = random &* 25_214_903_917 &+ 11
        return UInt32(truncatingIfNeeded: random >> 32)
    }

    /// Appends `word` and its noise words to the targets from `start`; returns how many.
    @inline(__always)
    private func drawTargets(for word: Int, at start: Int) -> Int {
        let count = model.vocabulary.count
        targets[start] = word
        var n = 1
        for _ in 0 ..< model.config.negative {
            let i = Int((UInt64(nextRandom()) &* UInt64(count)) >> 32)
            let bucket = model.noise[i]
            let target = nextRandom() < bucket.threshold ? i : Int(bucket.alias)
            if target != word { targets[start &+ n] = target; n &+= 1 }
        }
        return n
    }

    private func trainSentence() {
        if length > 0 {
            let window = model.config.window
            for position in 0 ..< length {
                // The n-gram rows are scattered over a large matrix: ask for the next input word's early.
                let ahead = model.config.architecture == .sg ? position + 1 : position + window + 1
                if ahead < length { prefetchRows(of: Int(sentence[ahead])) }
                let reach = window - Int(nextRandom() % UInt32(window))
                let first = max(0, position - reach), last = min(length - 1, position + reach)
                guard last > first else { continue }
                switch model.config.architecture {
                case .sg: trainSkipGram(position, first, last)
                case .cbow: trainCBOW(position, first, last)
                }
            }
            length = 0
        }
        if unreported >= Word2VecWorker.reportInterval { report() }
    }

    /// Hints the cache lines of `word`'s input rows into the cache.
    @inline(__always)
    private func prefetchRows(of word: Int) {
        let bytes = model.dim &* MemoryLayout<Float>.size
        for r in model.starts[word] ..< model.starts[word + 1] {
            let row = UnsafeRawPointer(model.input + Int(model.rows[r]) &* model.dim)
            var offset = 0
            while offset < bytes { embsh_prefetch(row + offset); offset &+= 64 }
        }
    }

    private func trainSkipGram(_ position: Int, _ first: Int, _ last: Int) {
        let word = Int(sentence[position])
        var groups = 0, count = 0
        for context in first ... last where context != position {
            let n = drawTargets(for: Int(sentence[context]), at: count)
            groupSizes[groups] = n
            groups &+= 1
            count &+= n
        }
        let start = model.starts[word], end = model.starts[word + 1]
        loss += Double(model.rows.withUnsafeBufferPointer { rows in
            embsh_subword_step(model.input, model.output, model.dim, rows.baseAddress! + start, end - start, targets, groupSizes,
                               groups, alpha, model.sigmoid.floats, hidden, gradient)
        })
        examples &+= groups
    }

    private func trainCBOW(_ position: Int, _ first: Int, _ last: Int) {
        contextRows.removeAll(keepingCapacity: true)
        model.rows.withUnsafeBufferPointer { rows in
            for context in first ... last where context != position {
                let word = Int(sentence[context])
                contextRows.append(contentsOf: rows[model.starts[word] ..< model.starts[word + 1]])
            }
        }
        groupSizes[0] = drawTargets(for: Int(sentence[position]), at: 0)
        loss += Double(contextRows.withUnsafeBufferPointer { rows in
            embsh_subword_step(model.input, model.output, model.dim, rows.baseAddress!, rows.count, targets, groupSizes, 1, alpha,
                               model.sigmoid.floats, hidden, gradient)
        })
        examples &+= 1
    }
}
