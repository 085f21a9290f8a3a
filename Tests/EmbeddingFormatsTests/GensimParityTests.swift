import EmbeddingFormats
import EmbeddingKit
import Foundation
import XCTest

/// Reproduces every answer gensim 4.4.0 gave on lee-fasttext.vec
/// (`../shared/reference/gensim-answers-lee-fasttext.json`).
final class GensimParityTests: XCTestCase {
    static let scoreTolerance: Float = 1e-5

    func loadReference() throws -> (table: EmbeddingTable, ref: [String: Any]) {
        let refPath = try SharedData.path("reference/gensim-answers-lee-fasttext.json")
        let vecPath = try SharedData.path("data/vectors/lee-fasttext.vec")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: refPath)))
        let ref = try XCTUnwrap(json as? [String: Any])
        let (table, warnings) = try VectorFileReader.read(path: vecPath)
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(table.rows, ref["rows"] as? Int)
        XCTAssertEqual(table.dim, ref["dim"] as? Int)
        return (table, ref)
    }

    /// Same words in the same order, scores within 1e-5 (gensim's are rounded to 6 decimals).
    func assertSameResults(_ got: [ScoredWord], _ expected: [[Any]], _ context: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.map(\.word), expected.map { $0[0] as! String }, context, file: file, line: line)
        for (g, e) in zip(got, expected) {
            let score = Float((e[1] as! NSNumber).doubleValue)
            XCTAssertEqual(g.score, score, accuracy: Self.scoreTolerance, "\(context): \(g.word)", file: file, line: line)
        }
    }

    func testNearest() throws {
        let (table, ref) = try loadReference()
        let cases = try XCTUnwrap(ref["nearest"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 20)
        for c in cases {
            let word = c["word"] as! String
            let expected = c["results"] as! [[Any]]
            let got = try table.nearest(terms: [(word, 1)], k: 10)
            assertSameResults(got, expected, "nearest \(word)")
        }
    }

    func testSimilarity() throws {
        let (table, ref) = try loadReference()
        let cases = try XCTUnwrap(ref["similarity"] as? [[String: Any]])
        XCTAssertFalse(cases.isEmpty)
        for c in cases {
            let a = c["a"] as! String, b = c["b"] as! String
            let expected = Float((c["score"] as! NSNumber).doubleValue)
            XCTAssertEqual(try table.similarity(a, b), expected, accuracy: Self.scoreTolerance, "\(a) \(b)")
        }
    }

    func testAnalogies() throws {
        let (table, ref) = try loadReference()
        for (key, method) in [("analogy_add", AnalogyMethod.add), ("analogy_mul", .mul)] {
            let cases = try XCTUnwrap(ref[key] as? [[String: Any]])
            XCTAssertEqual(cases.count, 10)
            for c in cases {
                let a = c["a"] as! String, b = c["b"] as! String, cc = c["c"] as! String
                let got = try table.analogy(a, b, cc, k: 5, method: method)
                assertSameResults(got, c["results"] as! [[Any]], "\(key) \(a) \(b) \(cc)")
            }
        }
    }

    func testDoesntMatch() throws {
        let (table, ref) = try loadReference()
        let cases = try XCTUnwrap(ref["doesntmatch"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 10)
        for c in cases {
            let words = c["words"] as! [String]
            XCTAssertEqual(try table.doesntMatch(words).word, c["word"] as? String, "\(words)")
        }
    }

    func testWordPairs() throws {
        let (table, ref) = try loadReference()
        let pairsPath = try SharedData.path("data/eval/wordsim353.tsv")
        let expected = try XCTUnwrap((ref["pairs"] as? [String: Any])?["wordsim353.tsv"] as? [String: Any])
        let text = try String(contentsOfFile: pairsPath, encoding: .utf8)
        let r = try table.evaluatePairs(text: text)
        XCTAssertEqual(r.pearson, (expected["pearson"] as! NSNumber).doubleValue, accuracy: 1e-6)
        XCTAssertEqual(r.spearman, (expected["spearman"] as! NSNumber).doubleValue, accuracy: 1e-6)
        XCTAssertEqual(r.oovRatio, (expected["oov_ratio"] as! NSNumber).doubleValue, accuracy: 1e-4)
        XCTAssertEqual(r.pairsUsed + r.oovPairs, 353)
        XCTAssertEqual(r.malformedLines, 0)
    }

    func testWordAnalogies() throws {
        let (table, ref) = try loadReference()
        let path = try SharedData.path("data/eval/questions-words.txt")
        let expected = try XCTUnwrap(ref["analogies"] as? [String: Any])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let r = try table.evaluateAnalogies(text: text)
        let sections = expected["sections"] as! [[String: Any]]
        let got = r.sections + [r.total]
        XCTAssertEqual(got.map(\.name), sections.map { $0["section"] as! String })
        for (g, e) in zip(got, sections) {
            XCTAssertEqual(g.correct, e["correct"] as? Int, g.name)
            XCTAssertEqual(g.total, e["total"] as? Int, g.name)
        }
        XCTAssertEqual(r.accuracy, (expected["accuracy"] as! NSNumber).doubleValue, accuracy: 1e-6)
        XCTAssertEqual(r.questions, 19544)
    }
}
