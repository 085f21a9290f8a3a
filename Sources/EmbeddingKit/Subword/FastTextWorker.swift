import CKernels

/// One fastText training thread: turns lines into sentences of word rows (as `Word2VecWorker`:
/// unknown words dropped, frequent ones subsampled) and trains them.
///
/// Skip-gram: the word's input rows (own and n-grams) predict each word of its window, one
/// context word after the other, each scored against the rows as fastText leaves them after the
/// context word before. fastText writes the rows and recomputes their mean for every context
/// word; here the mean is moved by each context word's gradient (`hiddenGrowth`) and the rows
/// take the window's summed gradient once, which reads and writes the n-gram rows once per
/// word instead of once per context word. CBOW: the mean of every context word's rows predicts
/// the word, and each row gets the whole gradient, as in fastText. A true word's targets are
/// it and its noise words, or with hierarchical softmax the inner nodes on its path, labelled by
/// branch as fastText labels them. The step is `embsh_subword_step`.
final class FastTextWorker: SentenceWorker, @unchecked Sendable {
    private let model: FastTextModel
    private let hidden: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    /// The window's targets (each context word then its noise words, or its path) and each group's size.
    private let targets: UnsafeMutablePointer<Int>
    private let groupSizes: UnsafeMutablePointer<Int>
    /// Hierarchical softmax: each target's label (its branch).
    private let labels: UnsafeMutablePointer<UInt8>?
    /// CBOW: the input rows of the window's context words.
    private var contextRows: [Int32] = []

    init(model: FastTextModel, index: Int) {
        self.model = model
        hidden = .allocate(capacity: model.dim)
        gradient = .allocate(capacity: 2 * model.dim)
        let window = model.schedule.config.window
        let perGroup = model.tree == nil ? model.schedule.config.negative + 1 : model.longestPath
        targets = .allocate(capacity: 2 * window * perGroup)
        labels = model.tree == nil ? nil : .allocate(capacity: 2 * window * perGroup)
        groupSizes = .allocate(capacity: 2 * window)
        super.init(schedule: model.schedule, index: index)
    }

    deinit {
        hidden.deallocate()
        gradient.deallocate()
        targets.deallocate()
        groupSizes.deallocate()
        labels?.deallocate()
    }

    /// Appends `word` and its noise words (or its path) to the targets from `start`; returns how many.
    @inline(__always)
    private func drawTargets(for word: Int, at start: Int) -> Int {
        if let tree = model.tree, let labels {
            let first = tree.offsets[word], count = tree.offsets[word + 1] &- first
            for i in 0 ..< count {
                targets[start &+ i] = Int(tree.points[first &+ i])
                labels[start &+ i] = tree.codes[first &+ i]
            }
            return count
        }
        targets[start] = word
        var n = 1
        for _ in 0 ..< schedule.config.negative {
            // fastText draws again when the noise word is the true one (word2vec.c drops it), so
            // each example has all its noise words; a bounded number of tries, for a vocabulary of one.
            var tries = 0, target = noiseWord()
            while target == word && tries < 64 { target = noiseWord(); tries &+= 1 }
            if target != word { targets[start &+ n] = target; n &+= 1 }
        }
        return n
    }

    override func trainSentence() {
        let window = schedule.config.window
        for position in 0 ..< length {
            // The n-gram rows are scattered over a large matrix: ask for the next input word's early.
            let ahead = schedule.config.architecture == .sg ? position + 1 : position + window + 1
            if ahead < length { prefetchRows(of: Int(sentence[ahead])) }
            let reach = schedule.config.shrinkWindows ? window - Int(nextRandom() % UInt32(window)) : window
            let first = max(0, position - reach), last = min(length - 1, position + reach)
            guard last > first else { continue }
            switch schedule.config.architecture {
            case .sg: trainSkipGram(position, first, last)
            case .cbow: trainCBOW(position, first, last)
            }
        }
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
            embsh_subword_step(model.input, model.output, model.dim, rows.baseAddress! + start, end - start, targets, labels, groupSizes,
                               groups, alpha, schedule.sigmoid.floats, model.hiddenGrowth[word], hidden, gradient)
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
            embsh_subword_step(model.input, model.output, model.dim, rows.baseAddress!, rows.count, targets, labels, groupSizes, 1, alpha,
                               schedule.sigmoid.floats, 1, hidden, gradient)
        })
        examples &+= 1
    }
}
