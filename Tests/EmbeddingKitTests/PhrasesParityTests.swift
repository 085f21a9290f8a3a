import Foundation
import XCTest
@testable import EmbeddingKit

/// Phrase learning against gensim 4.4.0's own `Phrases` on a small synthetic corpus
/// (`Tests/Fixtures/gensim/phrases-hs`, made by its `generate.py`; gensim is not needed here):
/// counts, scores and the phrased corpus, for both scorings, a delimiter, connector words,
/// pruning, and two passes.
final class PhrasesParityTests: XCTestCase {
    static let folder = KeyedVectorParityTests.fixtures.appendingPathComponent("phrases-hs")

    struct Case {
        let config: PhrasesConfig
        let exported: [String: Double]
        let passes: [[String: Any]]
    }

    func cases() throws -> [Case] {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("phrases.json"))
        let all = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try all.map { entry in
            let settings = try XCTUnwrap(entry["settings"] as? [String: Any])
            var config = PhrasesConfig()
            config.minCount = try XCTUnwrap(settings["min_count"] as? Int)
            config.threshold = try XCTUnwrap(settings["threshold"] as? Double)
            if let scoring = settings["scoring"] as? String { config.scoring = try XCTUnwrap(PhraseScoring(rawValue: scoring)) }
            if let delimiter = settings["delimiter"] as? String { config.delimiter = delimiter }
            if let connectors = settings["connector_words"] as? [String] {
                XCTAssertEqual(Set(connectors), Set(PhraseConnectors.english.words))
                config.connectors = .english
            }
            if let size = settings["max_vocab_size"] as? Int { config.maxVocabSize = size }
            config.passes = 2
            return Case(config: config, exported: try XCTUnwrap(entry["exported"] as? [String: Double]),
                        passes: try XCTUnwrap(entry["passes"] as? [[String: Any]]))
        }
    }

    func corpus() throws -> [String] {
        try String(contentsOf: Self.folder.appendingPathComponent("phrases-corpus.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    func testCountsEqualGensims() throws {
        let lines = try corpus()
        for (index, test) in try cases().enumerated() {
            var stages: [PhraseStage] = []
            for (pass, expected) in test.passes.enumerated() {
                let counter = PhraseCounter(config: test.config, previous: PhraseApplier(stages: stages, config: test.config))
                for var line in lines { line.withUTF8 { counter.add(line: $0) } }
                let stage = try counter.stage()
                XCTAssertEqual(stage.corpusWords, expected["corpus_word_count"] as? Int, "case \(index) pass \(pass)")
                XCTAssertEqual(stage.vocabularySize, expected["vocab_size"] as? Int, "case \(index) pass \(pass)")
                let counts = try XCTUnwrap(expected["counts"] as? [String: Int])
                var ours: [String: Int] = [:]
                for id in 0 ..< counter.table.count { ours[String(decoding: counter.table.word(id), as: UTF8.self)] = counter.table.counts[id] }
                if index == 0 {
                    XCTAssertEqual(ours, counts, "case \(index) pass \(pass): every count")
                } else {
                    for (entry, count) in counts { XCTAssertEqual(ours[entry], count, "case \(index) pass \(pass): \(entry)") }
                }
                stages.append(stage)
            }
        }
    }

    func testPhrasesAndScoresEqualGensims() throws {
        let corpus = Word2VecLines(try corpus())
        for (index, test) in try cases().enumerated() {
            let model = try Phrases.learn(corpus: corpus, config: test.config)
            // The first pass's phrases are FrozenPhrases's, scores and all.
            let first = model.stages[0]
            XCTAssertEqual(Set(first.phrases), Set(test.exported.keys), "case \(index)")
            for (phrase, score) in zip(first.phrases, first.scores) {
                XCTAssertEqual(score, test.exported[phrase] ?? .nan, accuracy: 1e-12, "case \(index): \(phrase)")
            }
            // Every phrase gensim joined is the model's, with the same score.
            for (pass, expected) in test.passes.enumerated() {
                let stage = model.stages[pass]
                let scores = Dictionary(uniqueKeysWithValues: zip(stage.phrases, stage.scores))
                for (phrase, score) in try XCTUnwrap(expected["phrases"] as? [String: Double]) {
                    XCTAssertEqual(scores[phrase] ?? .nan, score, accuracy: 1e-12, "case \(index) pass \(pass): \(phrase)")
                }
            }
        }
    }

    func testPhrasedCorpusEqualsGensimsAfterEachPass() throws {
        let lines = try corpus()
        for (index, test) in try cases().enumerated() {
            let model = try Phrases.learn(corpus: Word2VecLines(lines), config: test.config)
            var once = test.config
            once.passes = 1
            let first = try PhraseModel(config: once, stages: [model.stages[0]])
            for (pass, phrased) in [(0, first), (1, model)] {
                let expected = try XCTUnwrap(test.passes[pass]["output"] as? [String])
                XCTAssertEqual(lines.map(phrased.apply(to:)), expected, "case \(index) pass \(pass)")
            }
            // Files go through Phrases.apply: the same lines, on any number of threads.
            for threads in 1 ... 3 {
                var bytes: [UInt8] = []
                let report = try Phrases.apply(model, corpus: Word2VecLines(lines, linesPerBlock: 7), threads: threads) {
                    bytes += $0
                }
                let expected = try XCTUnwrap(test.passes[1]["output"] as? [String])
                XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected.map { $0 + "\n" }.joined(), "case \(index), \(threads) threads")
                XCTAssertEqual(report.lines, lines.count)
                XCTAssertEqual(report.wordsIn, test.passes[0]["corpus_word_count"] as? Int)
                XCTAssertEqual(report.tokensOut, expected.reduce(0) { $0 + $1.split(separator: " ").count })
            }
        }
    }
}
