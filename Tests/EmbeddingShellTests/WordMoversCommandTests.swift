import Foundation
import XCTest
@testable import EmbeddingShell

/// `wmdistance` against gensim 4.4's `wmdistance` on the `fasttext` wheel's model, whose words
/// outside the vocabulary gensim composes from n-grams; its notes, and its errors.
final class WordMoversCommandTests: XCTestCase {
    func testWordMoversDistanceOnAFastTextModelEqualsGensim() throws {
        let vocabulary = Set(["the", "cat", "sat", "on", "mat", "a", "dog", "ran", "in", "park", "big", "red", "café", "small",
                              "blue", "naïve", "über"])
        for answer in try XCTUnwrap(GensimQueries.answers("fasttext_wmdistance") as? [[String: Any]]) {
            let first = answer["first"] as! String, second = answer["second"] as! String, norm = answer["norm"] as! Bool
            let object = try GensimQueries.last("wmdistance ft \"\(first)\" \"\(second)\" norm=\(norm)")
            let distance = try XCTUnwrap(object["distance"] as? Double, "\(first) / \(second)")
            XCTAssertEqual(distance, (answer["distance"] as! NSNumber).doubleValue, accuracy: 1e-5, "\(first) / \(second)")
            XCTAssertEqual(object["left_out"] as? [String], [])
            let outside = Set((first + " " + second).split(separator: " ").map(String.init)).subtracting(vocabulary)
            XCTAssertEqual(Set(object["composed"] as? [String] ?? []), outside, "\(first) / \(second)")
        }
    }

    func testNotesWarningsAndErrors() throws {
        let (shell, out, err) = runScript("import v \(GensimQueries.vectors)\nwmdistance v \"king nobody queen\" \"man woman\"\n"
                                          + "wmd v nobody man\nimport ft \(GensimQueries.model)\nwmdistance ft \"the cats\" dogma")
        XCTAssertEqual(shell.failures, 0, err)
        XCTAssertTrue(out.contains("wmdistance: 1.123902"), out)
        XCTAssertTrue(out.contains("wmdistance: inf"), out)
        XCTAssertTrue(err.contains("warning: left out (as gensim does): unknown word 'nobody'"), err)
        XCTAssertTrue(err.contains("a document has no word with a vector: the distance is inf, as gensim's"), err)
        XCTAssertTrue(err.contains("composed from n-grams (not in the table): 'cats', 'dogma'"), err)

        let inf = try GensimQueries.last("wmdistance ft \"\" cats")
        XCTAssertTrue(inf["distance"] is NSNull, "\(inf)")
        XCTAssertEqual(inf["composed"] as? [String], ["cats"])

        let csv = runScript("import v \(GensimQueries.vectors)\nwmdistance v king queen", format: .csv)
        XCTAssertTrue(csv.out.hasSuffix("key,value\r\nwmdistance,1.570597\r\n") || csv.out.hasSuffix("key,value\nwmdistance,1.570597\n"),
                      csv.out)

        let zero = runScript("import v \(GensimQueries.vectors)\nwmdistance v king void\nwmdistance v king void norm=false")
        XCTAssertEqual(zero.shell.failures, 1, zero.err)
        XCTAssertTrue(zero.err.contains("'void' has a zero vector, which has no unit length: give norm=false"), zero.err)
        XCTAssertTrue(zero.out.contains("wmdistance: "), zero.out)

        for (script, message) in [("wmdistance nothing a b", "nothing"), ("wmdistance ft a", "DOC2"),
                                  ("wmdistance ft a b norm=maybe", "norm")] {
            let bad = runScript("import ft \(GensimQueries.model)\n" + script)
            XCTAssertEqual(bad.shell.failures, 1, script)
            XCTAssertTrue(bad.err.contains(message), "\(script): \(bad.err)")
            XCTAssertEqual(bad.shell.session.names(of: .table), ["ft"])
        }
    }
}
