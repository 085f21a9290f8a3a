import XCTest
@testable import EmbeddingKit

final class EvaluationTests: XCTestCase {
    func testSpearmanAverageRanksAndPearson() {
        XCTAssertEqual(Statistics.averageRanks([10, 20, 20, 5]), [2, 3.5, 3.5, 1])
        // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505138
        XCTAssertEqual(Statistics.spearman([1, 2, 2, 3], [1, 3, 2, 4]), 0.9486832980505138, accuracy: 1e-12)
        // x − 2.5 = (−1.5, −.5, .5, 1.5), y − 5 = (−3, −1, 0, 4): r = 11 / √(5 · 26)
        XCTAssertEqual(Statistics.pearson([1, 2, 3, 4], [2, 4, 5, 9]), 11 / Double(130).squareRoot(), accuracy: 1e-12)
        XCTAssertTrue(Statistics.pearson([1], [1]).isNaN)
        XCTAssertTrue(Statistics.pearson([1, 1], [1, 2]).isNaN)
    }

    /// cat (1,0), Cat (0,1) later so "CAT" maps to "cat"; dog (1,1); car (1,-1) beyond restrict 3.
    func table() throws -> EmbeddingTable {
        try EmbeddingTable(rows: 4, dim: 2, values: [1, 0, 0, 1, 1, 1, 1, -1], labels: ["cat", "Cat", "dog", "car"])
    }

    /// Issue 13: an analogy file given as pairs= (no data lines) ended embsh with a runtime failure.
    func testFilesWithoutAnyUsableLineAreErrorsNamingTheOtherOption() throws {
        let t = try table()
        XCTAssertThrowsError(try t.evaluatePairs(text: ": capital-common-countries\nathens greece baghdad iraq\n")) {
            XCTAssertEqual($0 as? EmbeddingError, .noWordPairs(malformed: 2))
            XCTAssertTrue("\($0)".contains("analogies="), "\($0)")
        }
        XCTAssertThrowsError(try t.evaluatePairs(text: "# only a comment\n")) {
            XCTAssertEqual($0 as? EmbeddingError, .noWordPairs(malformed: 0))
        }
        XCTAssertThrowsError(try t.evaluateAnalogies(text: ": section\ncat\tdog\t7.5\n")) {
            XCTAssertEqual($0 as? EmbeddingError, .noAnalogyQuestions)
        }
        XCTAssertThrowsError(try t.evaluateAnalogies(text: ""))
    }

    func testWordPairs() throws {
        let t = try table()
        let text = """
        # comment\tline\t1
        CAT\tdog\t7.5
        cat\tcat\t10
        dog\tCat\t2.0\r
        cat\tcar\t3
        bad line
        cat\tdog\tnot-a-number
        cat\tunknown\t1
        """
        let r = try t.evaluatePairs(text: text, restrictVocab: 3)
        XCTAssertEqual(r.pairsUsed, 3)
        XCTAssertEqual(r.oovPairs, 2)  // car is beyond restrictVocab 3; unknown
        XCTAssertEqual(r.malformedLines, 2)
        XCTAssertEqual(r.commentLines, 1)
        XCTAssertEqual(r.oovRatio, 40, accuracy: 1e-9)  // percent, as gensim
        // Model: cat·dog = √½ (gold 7.5), cat·cat = 1 (10), dog·CAT → dog·cat = √½ (2.0)
        let h = Double(Float(Double(0.5).squareRoot()))
        let model = [h, 1, h]
        XCTAssertEqual(r.pearson, Statistics.pearson([7.5, 10, 2], model), accuracy: 1e-7)
        XCTAssertEqual(r.spearman, Statistics.spearman([7.5, 10, 2], [0.70710677, 1, 0.70710677]), accuracy: 1e-12)
        var z = t
        try z.setRow(1, [0, 0])  // "Cat" becomes a zero vector
        let zr = try z.evaluatePairs(text: text, restrictVocab: 3, caseInsensitive: false)
        XCTAssertEqual(zr.zeroVectorPairs, 1)
        XCTAssertEqual(zr.pairsUsed, 1)
        // Case-sensitive: "CAT" is unknown, "Cat" is its own row.
        let cs = try t.evaluatePairs(text: text, restrictVocab: 3, caseInsensitive: false)
        XCTAssertEqual(cs.pairsUsed, 2)
        XCTAssertEqual(cs.oovPairs, 3)
    }

    func testWordAnalogies() throws {
        // a:b :: c:d along a shared offset; e is a distractor; "f" (a case variant of "F") is the top
        // answer of "e f a b" but must be skipped as a question word, so b is predicted.
        let words = ["a", "b", "c", "d", "e", "F", "f"]
        let values: [Float] = [1, 0, 0,  1, 1, 0,  0, 0, 1,  0, 1, 1,  -1, 0, 0,  0, -1, 0.2,  5, 0, 0]
        let t = try EmbeddingTable(rows: 7, dim: 3, values: values, labels: words)
        let text = """
        : first
        a b c d
        A B C D
        a b c e
        a b c zz
        too few words
        : second
        c d a b
        e f a b
        a c b e
        """
        let r = try t.evaluateAnalogies(text: text)
        XCTAssertEqual(r.sections.map(\.name), ["first", "second"])
        XCTAssertEqual(r.sections.map(\.correct), [2, 2])
        XCTAssertEqual(r.sections.map(\.total), [3, 3])
        XCTAssertEqual(r.total.name, "Total accuracy")
        XCTAssertEqual(r.total.correct, 4)
        XCTAssertEqual(r.total.total, 6)
        XCTAssertEqual(r.oovQuestions, 1)
        XCTAssertEqual(r.invalidLines, 1)
        XCTAssertEqual(r.questions, 7)
        XCTAssertEqual(r.accuracy, 4.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(try t.analogy("a", "b", "c", k: 1).first?.word, "d")
        XCTAssertEqual(try t.analogy("e", "F", "a", k: 2).map(\.word), ["f", "b"])
        XCTAssertThrowsError(try t.evaluateAnalogies(text: "a b c d\n: s\n")) {
            XCTAssertEqual($0 as? EmbeddingError, .missingSectionHeader(line: 1))
        }
        // restrictVocab 3: d is out of the vocabulary, so every question in "first" is OOV.
        let small = try t.evaluateAnalogies(text: text, restrictVocab: 3)
        XCTAssertEqual(small.total.total, 0)
        XCTAssertEqual(small.oovQuestions, 7)
    }

    func testBatchedEvaluationMatchesSingleQueries() throws {
        let n = 500
        let labels = (0..<n).map { "w\($0)" }
        let t = try EmbeddingTable(rows: n, dim: 12, init: .normal, scale: 1, seed: 3, labels: labels)
        var lines = [": all"]
        var expectedCorrect = 0
        var rng = Xoshiro256StarStar(seed: 11)
        for _ in 0..<200 {
            let q = (0..<3).map { _ in Int(rng.next() % UInt64(n)) }
            if Set(q).count < 3 { continue }
            let best = try t.analogy(labels[q[0]], labels[q[1]], labels[q[2]], k: 1).first!.word
            // Half the questions expect the right answer, half a wrong one.
            let expect = lines.count % 2 == 0 ? best : labels[(q[0] + 1) % n]
            if expect == best { expectedCorrect += 1 }
            lines.append("\(labels[q[0]]) \(labels[q[1]]) \(labels[q[2]]) \(expect)")
        }
        let r = try t.evaluateAnalogies(lines: lines, caseInsensitive: false)
        XCTAssertEqual(r.total.correct, expectedCorrect)
        XCTAssertEqual(r.total.total, lines.count - 1)
    }
}
