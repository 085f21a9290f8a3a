/// One training thread: turns lines into sentences of word rows (dropping unknown words
/// and subsampling frequent ones) and trains skip-gram or CBOW with negative sampling on
/// them, with its own random numbers and scratch memory.
final class Word2VecWorker: @unchecked Sendable {
    private let model: Word2VecModel
    private let words: WordTable
    private let sentence: UnsafeMutablePointer<Int32>
    private var length = 0
    /// Tokens of the current line so far, to cut lines at `maxSentenceLength`.
    private var lineTokens = 0
    /// The context mean (CBOW) and the gradient for the input vectors.
    private let hidden: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    /// word2vec.c's linear congruential generator.
    private var random: UInt64
    private var alpha: Float
    /// Vocabulary words read since the last report to the model.
    private var unreported = 0
    /// Set once a stop was requested: the rest of the work is skipped.
    private(set) var stopped = false

    /// Tokens read (in the vocabulary or not), and the loss over examples trained, since
    /// the driver last took them.
    var tokens = 0
    var loss: Double = 0
    var examples = 0

    /// Vocabulary words between updates of the learning rate (word2vec.c's 10,000).
    static let reportInterval = 10_000

    init(model: Word2VecModel, index: Int) {
        self.model = model
        words = model.vocabulary.table
        sentence = .allocate(capacity: Word2VecConfig.maxSentenceLength)
        hidden = .allocate(capacity: model.dim)
        gradient = .allocate(capacity: model.dim)
        var seeder = SplitMix64(seed: model.config.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        random = seeder.next()
        alpha = Float(model.config.learningRate(at: model.fraction))
    }

    deinit {
        sentence.deallocate()
        hidden.deallocate()
        gradient.deallocate()
    }

    /// Trains on one line of text.
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

    /// Reports the words read to the model, takes the new learning rate and checks for a
    /// stop request.
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

    /// A noise word from the unigram^0.75 distribution.
    @inline(__always)
    private func noiseWord(_ count: Int) -> Int {
        let i = Int((UInt64(nextRandom()) &* UInt64(count)) >> 32)
        let bucket = model.noise[i]
        return nextRandom() < bucket.threshold ? i : Int(bucket.alias)
    }

    private func trainSentence() {
        if length > 0 {
            switch model.config.architecture {
            case .sg: trainSkipGram()
            case .cbow: trainCBOW()
            }
            length = 0
        }
        if unreported >= Self.reportInterval { report() }
    }

    /// Skip-gram: each context word's input vector predicts the word at the centre against
    /// `negative` noise words (word2vec.c's loop).
    private func trainSkipGram() {
        let dim = model.dim, window = model.config.window, negative = model.config.negative
        let syn0 = model.syn0, syn1neg = model.syn1neg, sigmoid = model.sigmoid
        let vocabularySize = model.vocabulary.count
        let alpha = self.alpha, gradient = self.gradient
        var loss: Float = 0
        var examples = 0
        for position in 0 ..< length {
            let word = Int(sentence[position])
            let reach = window - Int(nextRandom() % UInt32(window))
            let first = max(0, position - reach), last = min(length - 1, position + reach)
            for context in first ... last where context != position {
                let input = syn0 + Int(sentence[context]) &* dim
                gradient.update(repeating: 0, count: dim)
                for d in 0 ... negative {
                    let target: Int
                    if d == 0 {
                        target = word
                    } else {
                        target = noiseWord(vocabularySize)
                        if target == word { continue }
                    }
                    let output = syn1neg + target &* dim
                    let (g, l) = sigmoid.gradient(VectorMath.dot(input, output, dim), positive: d == 0)
                    loss += l
                    VectorMath.addScaled(g * alpha, output, to: gradient, dim)
                    VectorMath.addScaled(g * alpha, input, to: output, dim)
                }
                VectorMath.addScaled(1, gradient, to: input, dim)
                examples &+= 1
            }
        }
        self.loss += Double(loss)
        self.examples &+= examples
    }

    /// CBOW: the mean of the context words' input vectors predicts the word at the centre;
    /// each context vector gets the whole gradient (word2vec.c).
    private func trainCBOW() {
        let dim = model.dim, window = model.config.window, negative = model.config.negative
        let syn0 = model.syn0, syn1neg = model.syn1neg, sigmoid = model.sigmoid
        let vocabularySize = model.vocabulary.count
        let alpha = self.alpha, hidden = self.hidden, gradient = self.gradient
        var loss: Float = 0
        var examples = 0
        for position in 0 ..< length {
            let word = Int(sentence[position])
            let reach = window - Int(nextRandom() % UInt32(window))
            let first = max(0, position - reach), last = min(length - 1, position + reach)
            guard last > first else { continue }
            hidden.update(repeating: 0, count: dim)
            for context in first ... last where context != position {
                VectorMath.addScaled(1, syn0 + Int(sentence[context]) &* dim, to: hidden, dim)
            }
            let scale = 1 / Float(last - first)
            for i in 0 ..< dim { hidden[i] *= scale }
            gradient.update(repeating: 0, count: dim)
            for d in 0 ... negative {
                let target: Int
                if d == 0 {
                    target = word
                } else {
                    target = noiseWord(vocabularySize)
                    if target == word { continue }
                }
                let output = syn1neg + target &* dim
                let (g, l) = sigmoid.gradient(VectorMath.dot(hidden, output, dim), positive: d == 0)
                loss += l
                VectorMath.addScaled(g * alpha, output, to: gradient, dim)
                VectorMath.addScaled(g * alpha, hidden, to: output, dim)
            }
            for context in first ... last where context != position {
                VectorMath.addScaled(1, gradient, to: syn0 + Int(sentence[context]) &* dim, dim)
            }
            examples &+= 1
        }
        self.loss += Double(loss)
        self.examples &+= examples
    }
}
