import CKernels
import Foundation
import XCTest
@testable import EmbeddingKit

final class FastTextTrainingTests: XCTestCase {
    private let settings = SubwordSettings(minn: 2, maxn: 4, bucket: 500)

    private func train(_ architecture: Word2VecArchitecture = .sg, threads: Int = 1, hs: Bool = false) throws -> Word2VecResult {
        var config = Word2VecTests.config(architecture, threads: threads)
        config.alpha = 0.05
        if hs { (config.hierarchicalSoftmax, config.negative) = (true, 0) }
        return try FastText.train(corpus: Word2VecLines(Word2VecTests.topicCorpus()), config: config, subwords: settings)
    }

    func testTopicsSeparateAndUnseenWordsTakeTheirNgramsMeaning() throws {
        for architecture in Word2VecArchitecture.allCases {
            try checkTopics(try train(architecture).table, "\(architecture)")
        }
    }

    /// Hierarchical softmax (fastText's -loss hs) learns the same topics, and the model says so
    /// to a .bin export (loss 1).
    func testHierarchicalSoftmaxLearnsTheTopics() throws {
        for architecture in Word2VecArchitecture.allCases {
            let table = try train(architecture, hs: true).table
            try checkTopics(table, "\(architecture), hs")
            XCTAssertEqual(table.subwords?.training.loss, 1)
        }
        XCTAssertEqual(try train().table.subwords?.training.loss, 2, "negative sampling")
    }

    /// Same-topic words closer than other topics', unseen words nearest their n-grams' words.
    private func checkTopics(_ table: EmbeddingTable, _ architecture: String) throws {
        XCTAssertGreaterThan(try table.similarity("cat", "dog"), try table.similarity("cat", "truck"), architecture)
        // "trucks" and "doggy" were never seen: their vectors come from their n-grams.
        let trucks = try XCTUnwrap(table.composedVector("trucks")), doggy = try XCTUnwrap(table.composedVector("doggy"))
        let truck = try table.row(forWord: "truck"), dog = try table.row(forWord: "dog")
        XCTAssertGreaterThan(try EmbeddingTable.similarity(trucks, truck), try EmbeddingTable.similarity(trucks, dog), architecture)
        XCTAssertGreaterThan(try EmbeddingTable.similarity(doggy, dog), try EmbeddingTable.similarity(doggy, truck), architecture)
    }

    /// A label given for each target is what makes it the true word or a noise word: labels 1,
    /// 0, 0 are negative sampling's order, and a true word listed last counts as the first did.
    func testLabelsMarkTheTrueTargets() {
        let dim = 5, sigmoid = SigmoidTable()
        var random = Xoshiro256StarStar(seed: 9)
        func values(_ count: Int) -> [Float] { (0 ..< count).map { _ in Float(random.nextUnitDouble() - 0.5) } }
        let rows: [Int32] = [0, 1], startInput = values(2 * dim), startOutput = values(4 * dim)
        var hidden = [Float](repeating: 0, count: dim), gradient = [Float](repeating: 0, count: 2 * dim)
        func step(_ targets: [Int], _ labels: [UInt8]?) -> [Float] {
            var input = startInput, output = startOutput
            _ = embsh_subword_step(&input, &output, dim, rows, rows.count, targets, labels, [targets.count], 1, 0.3, sigmoid.floats, 1,
                                   &hidden, &gradient)
            return input + output
        }
        let sampled = step([2, 0, 3], nil)
        XCTAssertEqual(step([2, 0, 3], [1, 0, 0]), sampled)
        for (a, b) in zip(step([0, 3, 2], [0, 0, 1]), sampled) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        XCTAssertNotEqual(step([2, 0, 3], [0, 1, 0]), sampled)
    }

    func testRowsAreTheMeanOfOwnAndNgramVectorsAsFastTextComposesThem() throws {
        let table = try train().table
        let subwords = try XCTUnwrap(table.subwords)
        XCTAssertEqual(subwords.settings, settings)
        XCTAssertEqual(subwords.ngrams.count, settings.bucket * table.dim)
        XCTAssertEqual(subwords.output?.count, table.rows * table.dim)
        XCTAssertEqual(subwords.training.model, 2)
        // The own row recovered from a table row composes back to that row.
        let row = try table.row(forWord: "horse")
        let own = row.withUnsafeBufferPointer { subwords.ownRow(of: "horse", composed: $0) }
        let again = own.withUnsafeBufferPointer { subwords.compose("horse", own: $0) }!
        for (a, b) in zip(again, row) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        XCTAssertNil(table.composedVector("horse"), "a row is not composed")
    }

    func testOneThreadWithASeedIsBitIdenticalAndThreadsTrainEveryLine() throws {
        let a = try train().table, b = try train().table
        XCTAssertEqual(a.values, b.values)
        XCTAssertEqual(a.subwords?.ngrams, b.subwords?.ngrams)
        for threads in [2, 3] {
            let result = try train(.cbow, threads: threads)
            XCTAssertEqual(result.words, 3 * 3000 * (8 + 1), "8 words and </s> per line")
            XCTAssertFalse(result.isPartial)
        }
    }

    /// fastText reads a `</s>` at the end of every line: a vocabulary word trained like the others, without n-grams.
    func testEveryLineEndsWithTheEndOfLineWordAsInFastText() throws {
        let result = try train()
        let row = try XCTUnwrap(result.vocabulary.index(of: FastText.lineEnd))
        XCTAssertEqual(result.vocabulary.counts[row], 3000, "one per line")
        XCTAssertEqual(result.vocabulary.corpusWords, 3000 * 9)
        XCTAssertEqual(settings.buckets(of: FastText.lineEnd), [])
        let subwords = try XCTUnwrap(result.table.subwords)
        let vector = try result.table.row(row)
        XCTAssertEqual(vector.withUnsafeBufferPointer { subwords.ownRow(of: FastText.lineEnd, composed: $0) }, vector, "its own row alone")
        XCTAssertNotEqual(vector.map { $0.magnitude }.max(), 0)
        var config = Word2VecTests.config()
        config.epochs = 1
        XCTAssertNil(try Word2Vec.train(corpus: Word2VecLines(Word2VecTests.topicCorpus()), config: config).vocabulary.index(of: FastText.lineEnd),
                     "word2vec only ends sentences at line ends")
    }

    /// fastText counts every token of the corpus in an epoch, words under min_count too, and trains
    /// that many vocabulary words per epoch: with a tenth of the tokens dropped, 3 epochs train
    /// 3 · 10/9 passes' worth. Subsampling takes its frequencies over the same count.
    func testAnEpochCountsEveryTokenAsFastTextDoes() throws {
        let lines = Word2VecTests.topicCorpus().enumerated().map { "\($1) once\($0)" }  // 8 words, one rare, </s>
        var config = Word2VecTests.config()
        config.minCount = 2
        let result = try FastText.train(corpus: Word2VecLines(lines), config: config, subwords: settings)
        XCTAssertEqual(result.vocabulary.corpusWords, 3000 * 10)
        XCTAssertEqual(result.vocabulary.trainWords, 3000 * 9)
        XCTAssertEqual(result.table.subwords?.training.tokens, 3000 * 10, "fastText's ntokens, for the .bin export")
        // 90,000 vocabulary words are 100,000 tokens read; the learning rate is taken (and the
        // end seen) every 10,000 vocabulary words.
        XCTAssertGreaterThanOrEqual(result.words, 100_000)
        XCTAssertLessThan(result.words, 100_000 + 11_200)
        XCTAssertFalse(result.isPartial)
        let word2vec = try Word2Vec.train(corpus: Word2VecLines(lines), config: config)
        XCTAssertEqual(word2vec.words, 3 * 3000 * 9, "word2vec's epochs are passes")
    }

    /// A corpus made mostly of words under min_count trains at most twice `epochs` passes, where
    /// fastText's count would make it 200 passes' worth.
    func testAnEpochCountsAtMostTwiceTheVocabularyWords() throws {
        let lines = (0 ..< 200).map { i in (["cat dog"] + (0 ..< 39).map { "once\(i)x\($0)" }).joined(separator: " ") }
        var config = Word2VecTests.config()
        config.minCount = 2
        let result = try FastText.train(corpus: Word2VecLines(lines), config: config, subwords: settings)
        XCTAssertEqual(result.vocabulary.trainWords, 200 * 3, "cat, dog and </s> on each line")
        XCTAssertEqual(result.vocabulary.corpusWords, 200 * 42)
        XCTAssertEqual(result.words, 2 * 3 * 200 * 42, "twice 3 passes")
        XCTAssertFalse(result.isPartial)
    }

    /// Skip-gram's window in one step scores each context word as fastText does after updating
    /// the rows for the one before (fastText's order, a step per context word), a repeated row
    /// included: same output rows, same input rows.
    func testAWindowStepScoresEachContextWordAfterTheOneBefore() {
        let dim = 7, sigmoid = SigmoidTable()
        var random = Xoshiro256StarStar(seed: 3)
        func values(_ count: Int) -> [Float] { (0 ..< count).map { _ in Float(random.nextUnitDouble() - 0.5) } }
        let rows: [Int32] = [0, 2, 2, 3]  // a word's own row and its n-grams, one of them listed twice
        XCTAssertEqual(FastTextModel.hiddenGrowth(of: rows), 1.5)
        XCTAssertEqual(FastTextModel.hiddenGrowth(of: [4, 1, 9]), 1)
        XCTAssertEqual(FastTextModel.hiddenGrowth(of: [5, 5, 5, 1, 5]), 3.4)  // (4² + 1²) / 5
        let targets = [1, 4, 2, 0, 3, 5], groups = [2, 3, 1]  // each context word, then its noise words
        let startInput = values(4 * dim), startOutput = values(6 * dim)
        var hidden = [Float](repeating: 0, count: dim), gradient = [Float](repeating: 0, count: 2 * dim)

        var input = startInput, output = startOutput
        _ = embsh_subword_step(&input, &output, dim, rows, rows.count, targets, nil, groups, groups.count, 0.4, sigmoid.floats,
                               FastTextModel.hiddenGrowth(of: rows), &hidden, &gradient)
        var oneByOne = startInput, oneByOneOutput = startOutput, first = 0
        for size in groups {
            _ = embsh_subword_step(&oneByOne, &oneByOneOutput, dim, rows, rows.count, Array(targets[first ..< first + size]), nil, [size], 1,
                                   0.4, sigmoid.floats, 1, &hidden, &gradient)
            first += size
        }
        for (a, b) in zip(input + output, oneByOne + oneByOneOutput) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        XCTAssertNotEqual(input, startInput)
    }

    func testBadSettingsAreRefusedBeforeTraining() {
        let corpus = Word2VecLines(["a b c"])
        var config = Word2VecTests.config()
        config.hierarchicalSoftmax = true
        XCTAssertThrowsError(try FastText.train(corpus: corpus, config: config, subwords: settings)) {
            XCTAssertEqual($0 as? Word2VecError, .invalidSetting(name: "negative", value: "5",
                                                                 expected: "0 with hs=true (fastText trains one loss, as its -loss hs)"))
        }
        config.hierarchicalSoftmax = false
        XCTAssertThrowsError(try FastText.train(corpus: corpus, config: config, subwords: SubwordSettings(minn: 5, maxn: 3, bucket: 10))) {
            XCTAssertEqual($0 as? Word2VecError, .invalidSetting(name: "maxn", value: "3", expected: "0 or from minn to 100"))
        }
        config.dim = 0
        XCTAssertThrowsError(try FastText.train(corpus: corpus, config: config, subwords: settings))
        config.dim = 100_000
        XCTAssertThrowsError(try FastText.train(corpus: corpus, config: config, subwords: SubwordSettings(bucket: 1 << 30))) {
            XCTAssertTrue($0 is MemoryError, "\($0)")
        }
    }
}
