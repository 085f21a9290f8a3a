import Foundation
import XCTest
@testable import EmbeddingKit

/// Hierarchical softmax: the Huffman tree against gensim 4.4.0's own codes and points
/// (`Tests/Fixtures/gensim/phrases-hs/huffman.json`, made by its `generate.py`) and against
/// word2vec.c's tie-breaking worked by hand, and training with it.
final class HierarchicalSoftmaxTests: XCTestCase {
    func testTreeEqualsGensims() throws {
        let url = KeyedVectorParityTests.fixtures.appendingPathComponent("phrases-hs/huffman.json")
        let fixture = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let counts = try XCTUnwrap(fixture["counts"] as? [Int])
        let codes = try XCTUnwrap(fixture["codes"] as? [[Int]]), points = try XCTUnwrap(fixture["points"] as? [[Int]])
        let tree = HuffmanTree(counts: counts)
        XCTAssertEqual(tree.innerNodes, counts.count - 1)
        for word in counts.indices {
            XCTAssertEqual(tree.codes(of: word).map(Int.init), codes[word], "codes of word \(word)")
            XCTAssertEqual(tree.points(of: word).map(Int.init), points[word], "points of word \(word)")
        }
    }

    /// Four words seen once each: word2vec.c's scan merges leaves 3 and 2 (node 0), then 1 and 0
    /// (node 1: a leaf of count 1 goes before node 0 of count 2), then nodes 0 and 1 (the root, 2).
    func testTiesAreBrokenAsWord2VecCDoes() {
        let tree = HuffmanTree(counts: [1, 1, 1, 1])
        XCTAssertEqual((0 ..< 4).map { Array(tree.codes(of: $0)) }, [[1, 1], [1, 0], [0, 1], [0, 0]])
        XCTAssertEqual((0 ..< 4).map { Array(tree.points(of: $0)) }, [[2, 1], [2, 1], [2, 0], [2, 0]])
        // A leaf and an inner node of equal count: the inner node goes first.
        let uneven = HuffmanTree(counts: [2, 1, 1])
        XCTAssertEqual((0 ..< 3).map { Array(uneven.codes(of: $0)) }, [[1], [0, 1], [0, 0]])
        XCTAssertEqual((0 ..< 3).map { Array(uneven.points(of: $0)) }, [[1], [1, 0], [1, 0]])
    }

    func testOneWordHasAnEmptyPath() {
        let tree = HuffmanTree(counts: [5])
        XCTAssertEqual(tree.innerNodes, 0)
        XCTAssertTrue(tree.codes(of: 0).isEmpty)
    }

    func testEveryPathIsAPrefixCodeWithFrequentWordsShorter() {
        var random = SplitMix64(seed: 5)
        let counts = (0 ..< 500).map { _ in 1 + Int(random.next() % 10_000) }.sorted(by: >)
        let tree = HuffmanTree(counts: counts)
        let paths = counts.indices.map { tree.codes(of: $0).map(String.init).joined() }
        XCTAssertEqual(Set(paths).count, paths.count)
        for (a, b) in zip(paths, paths.dropFirst()) { XCTAssertLessThanOrEqual(a.count, b.count) }
        let sorted = paths.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { XCTAssertFalse(b.hasPrefix(a), "\(a) is a prefix of \(b)") }
        XCTAssertTrue(tree.points.allSatisfy { (0 ..< 499).contains($0) })
        XCTAssertTrue(counts.indices.allSatisfy { tree.points(of: $0).first == 498 })
    }

    func testHierarchicalSoftmaxLearnsTopicsAloneAndWithNegativeSampling() throws {
        let corpus = Word2VecLines(Word2VecTests.topicCorpus(sentences: 1500))
        for architecture in Word2VecArchitecture.allCases {
            for negative in [0, 3] {
                var config = Word2VecTests.config(architecture)
                config.hierarchicalSoftmax = true
                config.negative = negative
                let result = try Word2Vec.train(corpus: corpus, config: config)
                let table = result.table
                for (word, related, unrelated) in [("cat", "dog", "car"), ("bus", "truck", "horse"), ("eats", "sleeps", "honks")] {
                    let near = try table.similarity(word, related), far = try table.similarity(word, unrelated)
                    XCTAssertGreaterThan(near, far + 0.2, "\(architecture) negative=\(negative): \(word)–\(related) \(near) vs \(far)")
                }
                XCTAssertTrue(result.loss.isFinite && result.loss > 0)
                // Repeatable with one thread.
                XCTAssertEqual(try Word2Vec.train(corpus: corpus, config: config).table.values, table.values)
            }
        }
    }

    func testLossFallsAsTrainingGoesOn() throws {
        let corpus = Word2VecLines(Word2VecTests.topicCorpus(sentences: 1000))
        var config = Word2VecTests.config(.sg)
        config.hierarchicalSoftmax = true
        config.negative = 0
        config.epochs = 1
        let one = try Word2Vec.train(corpus: corpus, config: config).loss
        config.epochs = 6
        let six = try Word2Vec.train(corpus: corpus, config: config).loss
        XCTAssertLessThan(six, one)
        // A word's path has at most log2(16) + a few nodes here, each starting at log 2.
        XCTAssertLessThan(one, 6 * log(2.0))
    }

    func testSeveralThreadsTrainWithHierarchicalSoftmax() throws {
        let lines = Word2VecTests.topicCorpus(sentences: 1001)
        for threads in 1 ... 3 {
            var config = Word2VecTests.config(.cbow, threads: threads)
            config.hierarchicalSoftmax = true
            config.negative = 0
            let result = try Word2Vec.train(corpus: Word2VecLines(lines, linesPerBlock: 37), config: config)
            XCTAssertEqual(result.words, 3 * 8 * 1001)
            XCTAssertTrue(result.table.values.allSatisfy(\.isFinite))
        }
    }

    func testNegativeZeroNeedsHierarchicalSoftmax() throws {
        var config = Word2VecTests.config()
        config.negative = 0
        XCTAssertThrowsError(try Word2Vec.train(corpus: Word2VecLines(["a b c"]), config: config)) {
            guard case .invalidSetting(let name, let value, let expected) = $0 as? Word2VecError else { return XCTFail("\($0)") }
            XCTAssertEqual(name, "negative")
            XCTAssertEqual(value, "0")
            XCTAssertTrue(expected.contains("hs=true"), expected)
        }
        config.hierarchicalSoftmax = true
        XCTAssertNoThrow(try config.validate())
    }

    func testMemoryCheckCountsTheInnerNodes() {
        var config = Word2VecConfig()
        config.hierarchicalSoftmax = true
        // Three matrices of 1,000 × 100 floats fit in 1.3 MB, four do not.
        config.negative = 0
        XCTAssertNoThrow(try Word2VecModel.checkMemory(words: 1000, config: config, limit: 1_300_000))
        config.negative = 5
        XCTAssertThrowsError(try Word2VecModel.checkMemory(words: 1000, config: config, limit: 1_300_000))
    }
}
