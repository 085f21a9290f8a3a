import Foundation
import XCTest
@testable import EmbeddingKit

/// The `KeyedVectors` queries against gensim 4.4.0's own answers on a 12-word table
/// (`Tests/Fixtures/gensim`, made by its `generate.py`; gensim is not needed here).
final class KeyedVectorParityTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/gensim")
    static let tolerance: Float = 1e-5

    /// vectors.txt (word2vec text: a header, then a word and its values per line).
    func table() throws -> EmbeddingTable {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("vectors.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst().map { $0.split(separator: " ") }
        return try EmbeddingTable(rows: lines.count, dim: lines[0].count - 1,
                                  values: lines.flatMap { $0.dropFirst().map { Float($0)! } }, labels: lines.map { String($0[0]) })
    }

    func gensim(_ key: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("answers.json"))
        let all = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap((all["gensim"] as? [String: Any])?[key] as? [[String: Any]], key)
    }

    /// A JSON query item: a word, or a list of numbers for a raw vector.
    func item(_ value: Any) -> QueryItem {
        if let word = value as? String { return .word(word) }
        return .vector((value as! [NSNumber]).map(\.floatValue))
    }

    func floats(_ value: Any?) -> [Float?] {
        (value as! [Any]).map { ($0 as? NSNumber)?.floatValue }
    }

    /// The same words in the same order as gensim's `results`, scores within the tolerance; a
    /// result gensim scores NaN (the zero row, listed last) is left out, as embsh never returns a
    /// row without a cosine.
    func assertRanked(_ got: [ScoredWord], _ results: Any?, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        let expected = (results as! [[Any]]).filter { $0[1] is NSNumber }
        XCTAssertEqual(got.map(\.word), expected.map { $0[0] as! String }, context, file: file, line: line)
        for (g, e) in zip(got, expected) {
            XCTAssertEqual(g.score, (e[1] as! NSNumber).floatValue, accuracy: Self.tolerance, g.word, file: file, line: line)
        }
    }

    /// A case's `positive` (weight 1) and `negative` (weight -1) query items; a `{key, weight}`
    /// item is gensim's `(key, weight)` pair, whose weight replaces the sign.
    func signedItems(_ c: [String: Any]) -> [WeightedItem] {
        func weighted(_ value: Any, _ sign: Float) -> WeightedItem {
            guard let pair = value as? [String: Any] else { return (item(value), sign) }
            return (.word(pair["key"] as! String), (pair["weight"] as! NSNumber).floatValue)
        }
        return (c["positive"] as! [Any]).map { weighted($0, 1) } + (c["negative"] as! [Any]).map { weighted($0, -1) }
    }

    func testMostSimilarWithVectors() throws {
        let t = try table()
        for c in try gensim("most_similar") {
            assertRanked(try t.nearest(items: signedItems(c), k: c["topn"] as! Int), c["results"], "\(c)")
        }
        for c in try gensim("similar_by_vector") {
            assertRanked(try t.nearest(items: [(item(c["vector"]!), 1)], k: c["topn"] as! Int), c["results"], "\(c)")
        }
    }

    func testMostSimilarCosmulWithVectors() throws {
        let t = try table()
        for c in try gensim("most_similar_cosmul") {
            assertRanked(try t.cosmul(items: signedItems(c), k: c["topn"] as! Int), c["results"], "\(c)")
        }
    }

    func testNSimilarityLeavesOutUnknownWords() throws {
        let t = try table()
        for c in try gensim("n_similarity") {
            let got = try t.nSimilarity((c["a"] as! [String]).map(QueryItem.word), (c["b"] as! [String]).map(QueryItem.word))
            XCTAssertEqual(got, (c["score"] as! NSNumber).floatValue, accuracy: Self.tolerance, "\(c)")
        }
        XCTAssertThrowsError(try t.nSimilarity([], [.word("king")])) { XCTAssertEqual($0 as? EmbeddingError, .emptyQuery) }
    }

    func testDistanceAndDistances() throws {
        let t = try table()
        for c in try gensim("distance") {
            let rows = try t.indices(of: [c["a"] as! String, c["b"] as! String])
            XCTAssertEqual(try t.distance(rows: rows[0], rows[1]), (c["distance"] as! NSNumber).floatValue,
                           accuracy: Self.tolerance, "\(c)")
        }
        for c in try gensim("distances") {
            let got = try t.distances(from: item(c["from"]!), to: c["to"] as! [String])
            let expected = floats(c["distances"])
            XCTAssertEqual(got.count, expected.count)
            for (g, e) in zip(got, expected) {
                guard let e else { XCTAssert(g.isNaN, "\(c)"); continue }
                XCTAssertEqual(g, e, accuracy: Self.tolerance, "\(c)")
            }
        }
    }

    func testCloserThanAndRank() throws {
        let t = try table()
        for c in try gensim("closer_than") {
            let a = c["a"] as! String, b = c["b"] as! String
            XCTAssertEqual(try t.closerThan(a, b).map(\.word), c["words"] as! [String], "\(a) \(b)")
            XCTAssertEqual(try t.rank(a, b), c["rank"] as! Int, "\(a) \(b)")
        }
    }

    func testMostSimilarToGiven() throws {
        let t = try table()
        for c in try gensim("most_similar_to_given") {
            let got = try t.mostSimilarToGiven(c["word"] as! String, among: c["candidates"] as! [String])
            XCTAssertEqual(got.word, c["answer"] as! String)
        }
    }

    func testGetMeanVector() throws {
        let t = try table()
        for c in try gensim("get_mean_vector") {
            let weights = (c["weights"] as? [NSNumber])?.map(\.floatValue)
            let keys = (c["keys"] as! [Any]).enumerated().map { (item($0.element), weights?[$0.offset] ?? 1) }
            let got = try t.meanVector(keys, preNormalize: c["pre_normalize"] as! Bool, postNormalize: c["post_normalize"] as! Bool)
            for (g, e) in zip(got, floats(c["vector"])) { XCTAssertEqual(g, e!, accuracy: Self.tolerance, "\(c)") }
        }
        XCTAssertThrowsError(try t.meanVector([(.word("apple"), 1), (.word("unicorn"), 1)], ignoreMissing: false))
        XCTAssertThrowsError(try t.meanVector([(.vector([1, 2]), 1)])) {
            XCTAssertEqual($0 as? EmbeddingError, .dimensionMismatch(expected: 5, got: 2))
        }
    }

    func testRankByCentrality() throws {
        let t = try table()
        for c in try gensim("rank_by_centrality") {
            let got = try t.rankByCentrality(c["words"] as! [String], useNorm: c["use_norm"] as! Bool, ignoreUnknown: true)
            assertRanked(got, c["ranked"], "\(c)")
        }
    }

    func testRelativeCosineSimilarity() throws {
        let t = try table()
        for c in try gensim("relative_cosine_similarity") {
            let got = try t.relativeCosineSimilarity(c["a"] as! String, c["b"] as! String, k: c["topn"] as! Int)
            XCTAssertEqual(got, (c["score"] as! NSNumber).floatValue, accuracy: Self.tolerance * 10, "\(c)")
        }
        XCTAssertThrowsError(try t.relativeCosineSimilarity("king", "queen", k: 0)) {
            XCTAssertEqual($0 as? EmbeddingError, .noNeighbours(word: "king"))
        }
    }

    func testSimilarityWithAZeroVectorIsZero() throws {
        let t = try table()
        for c in try gensim("similarity") {
            XCTAssertEqual(try t.similarity(c["a"] as! String, c["b"] as! String), (c["score"] as! NSNumber).floatValue,
                           accuracy: Self.tolerance)
        }
    }

    func testDoesntMatchIgnoringUnknownWords() throws {
        let t = try table()
        for c in try gensim("doesnt_match") {
            XCTAssertEqual(try t.doesntMatch(c["words"] as! [String], ignoreUnknown: true).word, c["answer"] as! String)
        }
    }

    func testWordPairsAllOutOfVocabularyIsAnError() throws {
        let t = try table()
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("pairs-oov.tsv"), encoding: .utf8)
        XCTAssertThrowsError(try t.evaluatePairs(text: text)) {
            XCTAssertEqual($0 as? EmbeddingError, .noPairsInVocabulary(pairs: 2, restrict: 12))
        }
    }
}
