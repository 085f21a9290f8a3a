import Foundation
import XCTest
@testable import EmbeddingShell

/// The queries that take words, on a fastText table, against gensim 4.4's `FastTextKeyedVectors`:
/// which compose words outside the vocabulary and which skip them, and the `composed` list in JSON.
final class FastTextQueryParityTests: XCTestCase {
    func testDoesntMatchAndCentralityComposeAsGensimsFastTextVectors() throws {
        for answer in try XCTUnwrap(GensimQueries.answers("fasttext_doesnt_match") as? [[String: Any]]) {
            let words = (answer["words"] as! [String]).joined(separator: " ")
            let object = try GensimQueries.last("doesntmatch ft \(words)")
            XCTAssertEqual(object["word"] as? String, answer["answer"] as? String, words)
            XCTAssertFalse((object["composed"] as? [String] ?? []).isEmpty, words)
        }
        for answer in try XCTUnwrap(GensimQueries.answers("fasttext_rank_by_centrality") as? [[String: Any]]) {
            let words = (answer["words"] as! [String]).joined(separator: " ")
            let results = try XCTUnwrap(try GensimQueries.last("centrality ft \(words)")["results"] as? [[String: Any]])
            let expected = answer["ranked"] as! [[Any]]
            XCTAssertEqual(results.map { $0["word"] as! String }, expected.map { $0[0] as! String }, words)
            for (got, want) in zip(results, expected) {
                XCTAssertEqual((got["score"] as! NSNumber).doubleValue, (want[1] as! NSNumber).doubleValue, accuracy: 1e-5, words)
            }
        }
    }

    func testDistancesClosestAndRelativeSimilarityComposeAsGensim() throws {
        let rows = { (key: String) throws -> [[Any]] in try XCTUnwrap(GensimQueries.answers(key) as? [[Any]], key) }
        for answer in try rows("fasttext_distance") {
            let object = try GensimQueries.last("distance ft \(answer[0]) \(answer[1])")
            XCTAssertEqual(try XCTUnwrap(object["distance"] as? Double), (answer[2] as! NSNumber).doubleValue, accuracy: 1e-5)
        }
        for answer in try rows("fasttext_distances") {
            let words = answer[1] as! [String]
            let results = try XCTUnwrap(try GensimQueries.last("distances ft \(answer[0]) \(words.joined(separator: " "))")["results"]
                as? [[String: Any]])
            XCTAssertEqual(results.map { $0["word"] as! String }, words)
            for (got, want) in zip(results, answer[2] as! [NSNumber]) {
                XCTAssertEqual((got["distance"] as! NSNumber).doubleValue, want.doubleValue, accuracy: 1e-5)
            }
        }
        for answer in try rows("fasttext_most_similar_to_given") {
            let object = try GensimQueries.last("closest ft \(answer[0]) \((answer[1] as! [String]).joined(separator: " "))")
            XCTAssertEqual(object["word"] as? String, answer[2] as? String)
        }
        for answer in try rows("fasttext_relative_cosine_similarity") {
            let object = try GensimQueries.last("relsimilarity ft \(answer[0]) \(answer[1]) k=\(answer[2])")
            XCTAssertEqual(try XCTUnwrap(object["score"] as? Double), (answer[3] as! NSNumber).doubleValue, accuracy: 1e-5)
        }
        // gensim refuses these with a KeyError (it looks the rows up), and so does embsh.
        for answer in try rows("fasttext_key_errors") {
            XCTAssertNotNil(answer[1] as? String, "\(answer[0])")
            let query = (answer[0] as! String).replacingOccurrences(of: "closer_than", with: "closerthan")
                .replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
            let parts = query.split(separator: " ", maxSplits: 1)
            let refused = runScript("import ft \(GensimQueries.model)\n\(parts[0]) ft \(parts[1])")
            XCTAssertEqual(refused.shell.failures, 1, "\(query): \(refused.err)")
            XCTAssertTrue(refused.err.contains("unknown word"), refused.err)
        }
    }

    func testEvaluateSkipsWordsOutsideAFastTextTableAsGensim() throws {
        let pairs = try XCTUnwrap(GensimQueries.answers("fasttext_evaluate_word_pairs") as? [String: Double])
        let object = try GensimQueries.last("evaluate ft pairs=\(GensimQueries.folder.appendingPathComponent("pairs.tsv").path)")
        XCTAssertEqual(try XCTUnwrap(object["oov_ratio"] as? Double), try XCTUnwrap(pairs["oov_ratio"]), accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(object["spearman"] as? Double), try XCTUnwrap(pairs["spearman"]), accuracy: 1e-5)
        XCTAssertEqual(try XCTUnwrap(object["pearson"] as? Double), try XCTUnwrap(pairs["pearson"]), accuracy: 1e-5)

        let analogies = try XCTUnwrap(GensimQueries.answers("fasttext_evaluate_word_analogies") as? [String: Double])
        let result = try GensimQueries.last("evaluate ft analogies=\(GensimQueries.folder.appendingPathComponent("analogies.txt").path)")
        XCTAssertEqual(result["total"] as? Int, Int(analogies["correct"]! + analogies["incorrect"]!))
        XCTAssertEqual(result["correct"] as? Int, Int(analogies["correct"]!))
        XCTAssertEqual(result["oov_questions"] as? Int, 2)
    }

    func testEveryComposingQueryListsTheComposedWordsInJSON() throws {
        for query in ["lookup ft cat cats", "similarity ft cats dog", "nearest ft parked k=3", "analogy ft cat cats dogma",
                      "doesntmatch ft cat dog cats", "centrality ft cat cats", "mean ft cats dog", "nsimilarity ft cats,dog the",
                      "distance ft cats dog", "distances ft cats dog", "closest ft cats dog cat", "relsimilarity ft cats dog"] {
            XCTAssertEqual(try GensimQueries.last(query)["composed"] as? [String],
                           query.contains("dogma") ? ["cats", "dogma"] : query.contains("parked") ? ["parked"] : ["cats"], query)
        }
        let explain = try GensimQueries.last("tokenizer tok\nfit tok \"the cats\"\nexplain ft \"the cats\" via=tok")
        XCTAssertEqual(explain["composed"] as? [String], ["cats"])
        // A plain table composes nothing, and says nothing about it.
        let plain = runScript("import v \(GensimQueries.vectors)\nsimilarity v king queen\nmean v king nobody", format: .json)
        XCTAssertFalse(plain.out.contains("composed"), plain.out)
        XCTAssertTrue(plain.err.contains(#"{"warning":"left out (as gensim does): unknown word 'nobody'"#), plain.err)
    }
}
