import Foundation
import XCTest
@testable import EmbeddingKit

final class Word2VecTests: XCTestCase {
    /// Two topics that never share a sentence: animals and vehicles, each with its own verbs.
    static func topicCorpus(sentences: Int = 3000, seed: UInt64 = 3) -> [String] {
        let topics = [(["cat", "dog", "mouse", "horse"], ["runs", "eats", "sleeps", "purrs"]),
                      (["car", "bus", "truck", "train"], ["drives", "parks", "honks", "stops"])]
        var random = SplitMix64(seed: seed)
        return (0 ..< sentences).map { _ in
            let (nouns, verbs) = topics[Int(random.next() % 2)]
            return (0 ..< 8).map { i in i % 2 == 0 ? nouns[Int(random.next() % 4)] : verbs[Int(random.next() % 4)] }
                .joined(separator: " ")
        }
    }

    static func config(_ architecture: Word2VecArchitecture = .sg, threads: Int = 1) -> Word2VecConfig {
        var config = Word2VecConfig()
        config.architecture = architecture
        config.dim = 16
        config.window = 3
        config.minCount = 1
        config.sample = 0
        config.epochs = 3
        config.threads = threads
        config.seed = 7
        return config
    }

    func testVocabularyKeepsWordsReachingMinCountMostFrequentFirst() throws {
        let counter = Word2VecCounter()
        for line in ["b a c a", "d b a\tc", "  e  "] {
            var line = line
            line.withUTF8 { counter.add(utf8: $0) }
        }
        let vocabulary = try Word2VecVocabulary(counting: counter, minCount: 2)
        XCTAssertEqual(vocabulary.words, ["a", "b", "c"])  // b and c tie: first seen first
        XCTAssertEqual(vocabulary.counts, [3, 2, 2])
        XCTAssertEqual(vocabulary.trainWords, 7)
        XCTAssertEqual(vocabulary.corpusWords, 9)
        XCTAssertEqual(vocabulary.index(of: "c"), 2)
        XCTAssertNil(vocabulary.index(of: "d"))
        XCTAssertEqual(try Word2VecVocabulary(counting: counter, minCount: 1, maxVocab: 2).words, ["a", "b"])
        XCTAssertThrowsError(try Word2VecVocabulary(counting: counter, minCount: 4)) {
            XCTAssertEqual($0 as? Word2VecError, .noWordReachesMinCount(minCount: 4, distinctWords: 5, mostFrequent: 3))
        }
        XCTAssertThrowsError(try Word2VecVocabulary(counting: Word2VecCounter(), minCount: 1)) {
            XCTAssertEqual($0 as? Word2VecError, .noWords)
        }
    }

    func testCountingInPartsEqualsCountingAtOnce() throws {
        let lines = Self.topicCorpus(sentences: 50)
        let whole = Word2VecCounter(), merged = Word2VecCounter(), part = Word2VecCounter()
        for (i, var line) in lines.enumerated() {
            line.withUTF8 { whole.add(utf8: $0) }
            line.withUTF8 { part.add(utf8: $0) }
            if i % 3 == 2 { merged.absorb(part) }  // parts of three lines, reused once emptied
        }
        merged.absorb(part)
        let a = try Word2VecVocabulary(counting: whole, minCount: 1), b = try Word2VecVocabulary(counting: merged, minCount: 1)
        XCTAssertEqual(a.words, b.words)
        XCTAssertEqual(a.counts, b.counts)
    }

    func testSubsamplingFollowsWord2VecFormula() throws {
        let counter = Word2VecCounter()
        var text = Array(repeating: "the", count: 900).joined(separator: " ") + " rare"
        text.withUTF8 { counter.add(utf8: $0) }
        let vocabulary = try Word2VecVocabulary(counting: counter, minCount: 1)
        let keep = vocabulary.keepProbabilities(sample: 1e-2)
        let threshold = 1e-2 * 901
        XCTAssertEqual(keep[0], ((900 / threshold).squareRoot() + 1) * threshold / 900, accuracy: 1e-12)
        XCTAssertEqual(keep[0], 0.1101, accuracy: 1e-4)  // (√(900 / 9.01) + 1) · 9.01 / 900
        XCTAssertEqual(keep[1], 1)  // capped
        XCTAssertEqual(vocabulary.keepProbabilities(sample: 0), [1, 1])
        // fastText takes the frequencies over every token of the corpus.
        XCTAssertEqual(vocabulary.keepProbabilities(sample: 1e-2, tokens: 1802)[0], ((900 / 18.02).squareRoot() + 1) * 18.02 / 900,
                       accuracy: 1e-12)
    }

    func testNoiseDistributionIsUnigramToThreeQuarters() {
        let counts = [1000, 300, 50, 7, 1]
        let sampler = NegativeSampler(counts: counts)
        let weights = counts.map { pow(Double($0), 0.75) }
        let total = weights.reduce(0, +)
        for (p, w) in zip(sampler.probabilities, weights) { XCTAssertEqual(p, w / total, accuracy: 1e-9) }
        // Drawing the way the workers do.
        var random = SplitMix64(seed: 1)
        var seen = [Int](repeating: 0, count: counts.count)
        let draws = 200_000
        for _ in 0 ..< draws {
            let r = random.next()
            let i = Int((UInt64(UInt32(truncatingIfNeeded: r)) &* UInt64(counts.count)) >> 32)
            let bucket = sampler.buckets[i]
            seen[UInt32(truncatingIfNeeded: r >> 32) < bucket.threshold ? i : Int(bucket.alias)] += 1
        }
        for (n, w) in zip(seen, weights) { XCTAssertEqual(Double(n) / Double(draws), w / total, accuracy: 0.005) }
    }

    /// fastText draws its noise words from the unigram distribution to the power 0.5
    /// (`initTableNegatives`), not word2vec's 0.75.
    func testFastTextNoiseIsUnigramToTheHalf() {
        let counts = [1000, 300, 50, 7, 1]
        let vocabulary = try! Word2VecVocabulary(counting: {
            let counter = Word2VecCounter()
            for (i, n) in counts.enumerated() {
                var line = String(repeating: "w\(i) ", count: n)
                line.withUTF8 { counter.add(utf8: $0) }
            }
            return counter
        }(), minCount: 1, maxVocab: nil)
        let model = FastTextModel(vocabulary: vocabulary, settings: SubwordSettings(bucket: 16), config: FastText.defaultConfig(),
                                  interruption: .never)
        let weights = vocabulary.counts.map { pow(Double($0), 0.5) }, total = weights.reduce(0, +)
        let sampler = NegativeSampler(counts: vocabulary.counts, power: NegativeSampler.fastTextPower)
        for (p, w) in zip(sampler.probabilities, weights) { XCTAssertEqual(p, w / total, accuracy: 1e-9) }
        for i in counts.indices {
            XCTAssertEqual(model.schedule.noise[i].threshold, sampler.buckets[i].threshold)
            XCTAssertEqual(model.schedule.noise[i].alias, sampler.buckets[i].alias)
        }
    }

    /// ns_exponent replaces the model's own power: 0 draws every word alike, for word2vec and fastText.
    func testNoiseExponentReplacesTheModelsOwn() throws {
        let counter = Word2VecCounter()
        for (i, n) in [1000, 300, 50, 7, 1].enumerated() {
            var line = String(repeating: "w\(i) ", count: n)
            line.withUTF8 { counter.add(utf8: $0) }
        }
        let vocabulary = try Word2VecVocabulary(counting: counter, minCount: 1, maxVocab: nil)
        var config = FastText.defaultConfig()
        config.noiseExponent = 0
        let word2vec = Word2VecModel(vocabulary: vocabulary, config: config, interruption: .never)
        let fastText = FastTextModel(vocabulary: vocabulary, settings: SubwordSettings(bucket: 16), config: config, interruption: .never)
        let uniform = NegativeSampler(counts: vocabulary.counts, power: 0)
        for p in uniform.probabilities { XCTAssertEqual(p, 0.2, accuracy: 1e-12) }
        for schedule in [word2vec.schedule, fastText.schedule] {
            for i in 0 ..< vocabulary.count {
                XCTAssertEqual(schedule.noise[i].threshold, uniform.buckets[i].threshold)
                XCTAssertEqual(schedule.noise[i].alias, uniform.buckets[i].alias)
            }
        }
    }

    /// Without shrink_windows every word takes its whole window: a skip-gram pass over one line of
    /// five words with window 2 trains 2 + 3 + 4 + 3 + 2 pairs, every time.
    func testWholeWindowsWithoutShrinking() throws {
        let counter = Word2VecCounter()
        var line = "a b c d e"
        line.withUTF8 { counter.add(utf8: $0) }
        let vocabulary = try Word2VecVocabulary(counting: counter, minCount: 1, maxVocab: nil)
        var config = Word2VecTests.config(.sg, threads: 1)
        (config.window, config.sample) = (2, 0)
        func pairs(shrinking: Bool, seed: UInt64) -> Int {
            config.shrinkWindows = shrinking
            config.seed = seed
            let worker = Word2VecWorker(model: Word2VecModel(vocabulary: vocabulary, config: config, interruption: .never), index: 0)
            line.withUTF8 { worker.train(line: $0) }
            return worker.examples
        }
        for seed: UInt64 in 1 ... 5 { XCTAssertEqual(pairs(shrinking: false, seed: seed), 14) }
        XCTAssertLessThan((1 ... 5 as ClosedRange<UInt64>).map { pairs(shrinking: true, seed: $0) }.min()!, 14)
    }

    func testLearningRateDecaysLinearly() {
        var config = Word2VecConfig()
        XCTAssertEqual(config.learningRate(at: 0), 0.025)
        config.architecture = .cbow
        XCTAssertEqual(config.learningRate(at: 0), 0.05)
        XCTAssertEqual(config.learningRate(at: 1), 0.0001, accuracy: 1e-15)
        XCTAssertEqual(config.learningRate(at: 0.5), (0.05 + 0.0001) / 2, accuracy: 1e-15)
    }

    func testRelatedWordsEndUpCloserThanUnrelatedOnes() throws {
        let corpus = Word2VecLines(Self.topicCorpus())
        for architecture in Word2VecArchitecture.allCases {
            let table = try Word2Vec.train(corpus: corpus, config: Self.config(architecture)).table
            for (word, related, unrelated) in [("cat", "dog", "car"), ("bus", "truck", "horse"), ("eats", "sleeps", "honks")] {
                let near = try table.similarity(word, related), far = try table.similarity(word, unrelated)
                XCTAssertGreaterThan(near, far + 0.2, "\(architecture): \(word)–\(related) \(near) vs \(word)–\(unrelated) \(far)")
            }
            XCTAssertEqual(table.counts?.count, table.rows)
            XCTAssertTrue(table.isFrequencyOrdered)
        }
    }

    func testOneThreadWithASeedIsBitIdentical() throws {
        let corpus = Word2VecLines(Self.topicCorpus(sentences: 500))
        for architecture in Word2VecArchitecture.allCases {
            let a = try Word2Vec.train(corpus: corpus, config: Self.config(architecture))
            let b = try Word2Vec.train(corpus: corpus, config: Self.config(architecture))
            XCTAssertEqual(a.table.values, b.table.values)
            XCTAssertEqual(a.loss, b.loss)
            var other = Self.config(architecture)
            other.seed = 8
            XCTAssertNotEqual(try Word2Vec.train(corpus: corpus, config: other).table.values, a.table.values)
        }
    }

    /// The vectors of one thread with a seed, fingerprinted bit for bit: the C kernels give
    /// exactly the vectors the Swift vector code gave (recorded from it), on every machine. A
    /// width of 53 runs every path of the vector loops (16-wide, 4-wide and single floats).
    func testVectorsAreThoseOfTheRecordedImplementation() throws {
        let corpus = Word2VecLines(Self.topicCorpus(sentences: 400))
        for (architecture, expected) in [(Word2VecArchitecture.sg, UInt64(15_716_732_403_620_833_416)), (.cbow, 3_745_263_674_823_718_507)] {
            var config = Self.config(architecture)
            config.dim = 53
            config.negative = 4
            let result = try Word2Vec.train(corpus: corpus, config: config)
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for value in result.table.values {
                hash = (hash ^ UInt64(value.bitPattern)) &* 0x100_0000_01B3
            }
            XCTAssertEqual(hash, expected, "\(architecture)")
        }
    }

    func testSeveralThreadsTrainEveryLine() throws {
        let lines = Self.topicCorpus(sentences: 1001)
        for threads in 1 ... 3 {
            let result = try Word2Vec.train(corpus: Word2VecLines(lines, linesPerBlock: 37), config: Self.config(threads: threads))
            XCTAssertEqual(result.words, 3 * 8 * 1001)
            XCTAssertFalse(result.isPartial)
            XCTAssertTrue(result.table.values.allSatisfy(\.isFinite))
        }
    }

    func testLongLinesAreCutIntoSentences() throws {
        let words = Self.topicCorpus(sentences: 2600).joined(separator: " ")  // 20,800 tokens on one line
        var config = Self.config()
        config.epochs = 1
        let result = try Word2Vec.train(corpus: Word2VecLines([words]), config: config)
        XCTAssertEqual(result.words, 20_800)
    }

    func testProgressIsReportedAndAStopKeepsPartialVectors() throws {
        let corpus = Word2VecLines(Self.topicCorpus(), linesPerBlock: 16)
        let stop = StopFlag()
        var config = Self.config()
        config.epochs = 4
        var reports: [Word2VecProgress] = []
        let result = try Word2Vec.train(corpus: corpus, config: config, interruption: Interruption { stop.isSet },
                                        progressInterval: 0) { progress in
            reports.append(progress)
            if progress.epoch == 2 { stop.set() }
        }
        XCTAssertTrue(result.isPartial)
        XCTAssertGreaterThan(result.fraction, 0.25)
        XCTAssertLessThan(result.fraction, 0.75)
        XCTAssertEqual(result.table.rows, result.vocabulary.count)
        XCTAssertTrue(result.table.values.allSatisfy(\.isFinite))
        XCTAssertEqual(reports.first?.epoch, 1)
        XCTAssertTrue(zip(reports, reports.dropFirst()).allSatisfy { $0.fraction <= $1.fraction && $0.learningRate >= $1.learningRate })
        XCTAssertTrue(reports.allSatisfy { $0.loss > 0 && $0.words > 0 })

        // Stopped while counting: nothing to keep.
        XCTAssertThrowsError(try Word2Vec.train(corpus: corpus, config: config, interruption: Interruption { true })) {
            XCTAssertTrue($0 is Interrupted)
        }
    }

    func testBadSettingsAndCorporaAreRefused() {
        let corpus = Word2VecLines(["a b c"])
        for (change, name) in [({ (c: inout Word2VecConfig) in c.dim = 0 }, "dim"), ({ $0.window = 0 }, "window"),
                               ({ $0.noiseExponent = 10.5 }, "ns_exponent"), ({ $0.noiseExponent = .nan }, "ns_exponent"),
                               ({ $0.negative = 0 }, "negative"), ({ $0.epochs = 0 }, "epochs"),
                               ({ $0.minAlpha = 1 }, "min_alpha")] {
            var config = Self.config()
            change(&config)
            XCTAssertThrowsError(try Word2Vec.train(corpus: corpus, config: config)) {
                guard case .invalidSetting(let reported, _, _) = $0 as? Word2VecError else { return XCTFail("\($0)") }
                XCTAssertEqual(reported, name)
            }
        }
        XCTAssertThrowsError(try Word2Vec.train(corpus: Word2VecLines(["", "  \t "]), config: Self.config())) {
            XCTAssertEqual($0 as? Word2VecError, .noWords)
        }
        var config = Self.config()
        config.minCount = 2
        XCTAssertThrowsError(try Word2Vec.train(corpus: corpus, config: config)) {
            XCTAssertEqual($0 as? Word2VecError, .noWordReachesMinCount(minCount: 2, distinctWords: 3, mostFrequent: 1))
        }
    }

    func testVectorsTooLargeForMemoryAreRefusedBeforeAllocating() throws {
        var config = Word2VecConfig()
        config.threads = 2
        // Three 1000 × 100 matrices and each thread's scratch fill the limit exactly.
        let limit = UInt64(1_200_000 + 2 * Word2VecWorker.scratchFloats(config) * 4)
        try Word2VecModel.checkMemory(words: 1000, config: config, limit: limit)
        XCTAssertThrowsError(try Word2VecModel.checkMemory(words: 1001, config: config, limit: limit)) {
            XCTAssertEqual("\($0)", "training 1001 words × 100 (input, output and result vectors) would take 1.2 MB, "
                + "more than the 1.2 MB this machine can give now; lower dim, raise min_count or set max_vocab")
        }
        // Settings past what any run uses are refused before anything is sized from them.
        for (key, value) in [("window", 1 << 40), ("negative", Int.max), ("threads", 1 << 20), ("epochs", Int.max)] {
            var odd = Word2VecConfig()
            switch key {
            case "window": odd.window = value
            case "negative": odd.negative = value
            case "threads": odd.threads = value
            default: odd.epochs = value
            }
            XCTAssertThrowsError(try odd.validate(), key)
        }
        XCTAssertEqual(ByteCount.format(3e21), "over 1024 EB")
        XCTAssertEqual(ByteCount.format(.infinity), "over 1024 EB")
        XCTAssertEqual(ByteCount.format(.nan), "an unknown size")
    }
}

/// A flag one test sets and an `Interruption` reads.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
