import Foundation
import XCTest
@testable import EmbeddingKit

/// Phrase learning on hand-counted corpora: the scores' formulas, connector words, pruning, and
/// settings that are refused.
final class PhrasesTests: XCTestCase {
    func testDefaultScoreIsWord2PhrasesFormula() throws {
        // "new" 4 times, "york" 3, "car" 1, "new york" 3, "new car" 1.
        let lines = ["new york", "new york", "new york", "new car"]
        var config = PhrasesConfig()
        config.minCount = 1
        config.threshold = 0.5
        let model = try Phrases.learn(corpus: Word2VecLines(lines), config: config)
        // Entries: new, york, car, new_york, new_car: 5. new_york: (3 − 1) / (4 · 3) · 5 = 0.8333…;
        // new_car: (1 − 1) / (4 · 1) · 5 = 0, below the threshold.
        XCTAssertEqual(model.stages[0].vocabularySize, 5)
        XCTAssertEqual(model.stages[0].phrases, ["new_york"])
        XCTAssertEqual(model.stages[0].scores[0], 2.0 / 12 * 5, accuracy: 1e-15)
        XCTAssertEqual(model.stages[0].counts, [3])
        XCTAssertEqual(model.apply(to: "a new york  new car"), "a new_york new car")
    }

    func testNPMIScore() {
        // pa = 4/10, pb = 3/10, pab = 3/10: log(pab / (pa pb)) / −log(pab).
        let score = PhraseCounter.score(.npmi, first: 4, last: 3, bigram: 3, vocabularySize: 0, minCount: 1, corpusWords: 10)
        XCTAssertEqual(score, log(0.3 / (0.4 * 0.3)) / -log(0.3), accuracy: 1e-15)
        XCTAssertEqual(PhraseCounter.score(.npmi, first: 4, last: 3, bigram: 3, vocabularySize: 0, minCount: 4, corpusWords: 10),
                       -.infinity)
    }

    func testConnectorWordsJoinInsideButNeverStartOrEnd() throws {
        let lines = Array(repeating: "the bank of america of the", count: 5)
        var config = PhrasesConfig()
        config.minCount = 1
        config.threshold = 0.1
        config.connectors = .english
        let model = try Phrases.learn(corpus: Word2VecLines(lines), config: config)
        XCTAssertEqual(model.stages[0].phrases, ["bank_of_america"])
        XCTAssertEqual(model.apply(to: "the bank of america of the"), "the bank_of_america of the")
    }

    func testSecondPassJoinsLongerPhrases() throws {
        let lines = Array(repeating: "new york city", count: 10) + Array(repeating: "new york", count: 10)
            + Array(repeating: "big city", count: 10)
        var config = PhrasesConfig()
        config.minCount = 1
        config.threshold = 0.15
        config.passes = 2
        let model = try Phrases.learn(corpus: Word2VecLines(lines), config: config)
        // Pass 1, 7 entries: new_york (20 − 1) / (20 · 20) · 7 = 0.3325 and big_city 0.315 join,
        // york_city (0.1575) would but new_york takes york first.
        XCTAssertEqual(model.stages[0].phrases, ["new_york", "york_city", "big_city"])
        // Pass 2, 4 entries: new_york_city (10 − 1) / (20 · 10) · 4 = 0.18.
        XCTAssertEqual(model.stages[1].phrases, ["new_york_city"])
        XCTAssertEqual(model.stages[1].scores[0], 0.18, accuracy: 1e-15)
        XCTAssertEqual(model.apply(to: "new york city"), "new_york_city")
        XCTAssertEqual(model.apply(to: "big city new york"), "big_city new_york")
    }

    func testPruningDropsTheRarestAsGensimDoes() throws {
        var config = PhrasesConfig()
        config.maxVocabSize = 4
        let counter = PhraseCounter(config: config, previous: PhraseApplier(stages: [], config: config))
        func counts() -> [String: Int] {
            var counts: [String: Int] = [:]
            for id in 0 ..< counter.table.count { counts[String(decoding: counter.table.word(id), as: UTF8.self)] = counter.table.counts[id] }
            return counts
        }
        func add(_ line: String) {
            var line = line
            line.withUTF8 { counter.add(line: $0) }
        }
        // Each sentence ends with 5 entries (a, b, a_b, c, b_c), more than 4: the first pruning
        // drops those seen fewer than once (none), the second fewer than twice (none).
        add("a b c")
        add("a b c")
        XCTAssertEqual(counts(), ["a": 2, "b": 2, "c": 2, "a_b": 2, "b_c": 2])
        // 8 entries: the third pruning drops everything seen fewer than 3 times.
        add("d e")
        XCTAssertEqual(counts(), [:])
        add("d e")
        XCTAssertEqual(counts(), ["d": 1, "e": 1, "d_e": 1])
    }

    func testBadSettingsAreRefused() {
        func refusal(_ change: (inout PhrasesConfig) -> Void) -> String? {
            var config = PhrasesConfig()
            change(&config)
            do { try config.validate() } catch { return error.description }
            return nil
        }
        XCTAssertEqual(refusal { $0.threshold = 0 }, "threshold must be more than 0 with scoring=default (got 0.0)")
        XCTAssertEqual(refusal { $0.scoring = .npmi; $0.threshold = 1.5 },
                       "threshold must be above -1 and at most 1 with scoring=npmi (got 1.5)")
        XCTAssertNotNil(refusal { $0.scoring = .npmi; $0.threshold = -1 })
        XCTAssertNil(refusal { $0.scoring = .npmi; $0.threshold = -0.5 })
        XCTAssertNil(refusal { $0.scoring = .npmi; $0.threshold = 1 })
        XCTAssertNotNil(refusal { $0.threshold = .nan })
        XCTAssertNotNil(refusal { $0.scoring = .npmi; $0.threshold = .nan })
        XCTAssertNotNil(refusal { $0.delimiter = "" })
        XCTAssertNotNil(refusal { $0.delimiter = "a b" })
        XCTAssertNotNil(refusal { $0.minCount = 0 })
        XCTAssertNotNil(refusal { $0.passes = 0 })
        XCTAssertNotNil(refusal { $0.maxVocabSize = 0 })
    }

    func testStageRefusesInconsistentLists() {
        XCTAssertThrowsError(try PhraseStage(phrases: ["a_b"], scores: [], counts: [1], corpusWords: 2, vocabularySize: 3))
        XCTAssertThrowsError(try PhraseStage(phrases: ["a_b", "a_b"], scores: [1, 1], counts: [1, 1], corpusWords: 2, vocabularySize: 3))
        XCTAssertThrowsError(try PhraseStage(phrases: ["a_b"], scores: [.nan], counts: [1], corpusWords: 2, vocabularySize: 3))
        XCTAssertThrowsError(try PhraseStage(phrases: ["a_b"], scores: [1], counts: [0], corpusWords: 2, vocabularySize: 3))
    }
}
