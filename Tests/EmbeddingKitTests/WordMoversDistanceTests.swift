import Foundation
import XCTest
@testable import EmbeddingKit

/// The exact transport solver and gensim's `wmdistance`: hand-computed cases, and POT's and
/// gensim 4.4's own answers (`Tests/Fixtures/gensim-queries`, made by its `generate.py`; neither is needed here).
final class WordMoversDistanceTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    private func answers(_ key: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("gensim-queries/answers.json"))
        let all = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(all[key] as? [[String: Any]], key)
    }

    func testHandComputedTransports() {
        // Two sources, two sinks: the cheap diagonal carries everything it can.
        XCTAssertEqual(try Transport.minimumCost(supply: [0.5, 0.5], demand: [0.5, 0.5], cost: [0, 1, 1, 0]), 0, accuracy: 1e-12)
        XCTAssertEqual(try Transport.minimumCost(supply: [0.5, 0.5], demand: [0.5, 0.5], cost: [3, 1, 1, 3]), 1, accuracy: 1e-12)
        // 0.7 at x=0 and 0.3 at x=1 moved to 0.2 at x=0 and 0.8 at x=2 on a line: |cdf difference|
        // integrated: 0.5 over [0,1] plus 0.8 over [1,2] = 1.3.
        let positions = ([0.0, 1.0], [0.0, 2.0])
        let line = positions.0.flatMap { a in positions.1.map { b in abs(a - b) } }
        XCTAssertEqual(try Transport.minimumCost(supply: [0.7, 0.3], demand: [0.2, 0.8], cost: line), 1.3, accuracy: 1e-12)
        // The cheapest path first would be wrong: sending source 0 to sink 0 (cost 1) forces source
        // 1 onto sink 1 (cost 10); the optimum pays 2 + 2.
        XCTAssertEqual(try Transport.minimumCost(supply: [1, 1], demand: [1, 1], cost: [1, 2, 2, 10]), 4, accuracy: 1e-12)
        // Demand is rescaled to the supply's total, as POT does; negative costs are allowed.
        XCTAssertEqual(try Transport.minimumCost(supply: [1], demand: [1, 3], cost: [2, -2]), -1, accuracy: 1e-12)
        XCTAssertEqual(try Transport.minimumCost(supply: [], demand: [1], cost: []), 0)
    }

    func testAStopIsAnInterruptionAndNoAnswer() {
        let n = 30
        let cost = (0 ..< n * n).map { Double(($0 * 7919) % 13) }
        let supply = [Double](repeating: 1, count: n)
        XCTAssertThrowsError(try Transport.minimumCost(supply: supply, demand: supply, cost: cost, interruption: Interruption { true })) {
            XCTAssertEqual($0 as? Interrupted, Interrupted())
        }
    }

    func testTransportsEqualPOT() throws {
        for (n, problem) in try answers("transport").enumerated() {
            let supply = (problem["supply"] as! [NSNumber]).map(\.doubleValue)
            let demand = (problem["demand"] as! [NSNumber]).map(\.doubleValue)
            let cost = (problem["cost"] as! [[NSNumber]]).flatMap { $0.map(\.doubleValue) }
            let expected = (problem["emd"] as! NSNumber).doubleValue
            XCTAssertEqual(try Transport.minimumCost(supply: supply, demand: demand, cost: cost), expected, accuracy: 1e-9,
                           "problem \(n): \(supply.count)×\(demand.count)")
        }
    }

    func testWordMoversDistanceEqualsGensim() throws {
        // gensim's 12-word table (word2vec text: a header, then a word and its values per line).
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("gensim/vectors.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst().map { $0.split(separator: " ") }
        let table = try EmbeddingTable(rows: lines.count, dim: lines[0].count - 1,
                                       values: lines.flatMap { $0.dropFirst().map { Float($0)! } }, labels: lines.map { String($0[0]) })
        for answer in try answers("wmdistance") {
            let first = (answer["first"] as! String).split(separator: " ").map(String.init)
            let second = (answer["second"] as! String).split(separator: " ").map(String.init)
            let got = try table.wordMoversDistance(first, second, normalize: answer["norm"] as! Bool)
            if answer["distance"] as? String == "inf" {
                XCTAssertEqual(got.distance, .infinity, "\(first) / \(second)")
            } else {
                XCTAssertEqual(got.distance, (answer["distance"] as! NSNumber).doubleValue, accuracy: 1e-5, "\(first) / \(second)")
            }
            XCTAssertEqual(got.leftOut, (first + second).contains("unknownword") ? ["unknownword"] : [String]())
            XCTAssertEqual(got.composed, [String]())
        }
    }

    func testSameVectorsAreInfinitelyFarAsInGensimAndBrokenVectorsAreErrors() throws {
        let table = try EmbeddingTable(rows: 3, dim: 2, values: [1, 0, 1, 0, 0, 1], labels: ["a", "b", "c"])
        XCTAssertEqual(try table.wordMoversDistance(["a"], ["b"]).distance, .infinity)
        XCTAssertEqual(try table.wordMoversDistance(["a", "a"], ["a"]).distance, 0)
        XCTAssertEqual(try table.wordMoversDistance(["a"], ["c"]).distance, 2.0.squareRoot(), accuracy: 1e-6)
        let zero = try EmbeddingTable(rows: 2, dim: 2, values: [0, 0, 1, 0], labels: ["zero", "x"])
        XCTAssertThrowsError(try zero.wordMoversDistance(["zero"], ["x"]))
        XCTAssertEqual(try zero.wordMoversDistance(["zero"], ["x"], normalize: false).distance, 1, accuracy: 1e-12)
        let broken = try EmbeddingTable(rows: 2, dim: 2, values: [.nan, 0, 1, 0], labels: ["nan", "x"])
        XCTAssertThrowsError(try broken.wordMoversDistance(["nan"], ["x"], normalize: false)) { error in
            XCTAssertEqual(error as? EmbeddingError, .nonFiniteVector(word: "nan"))
        }
    }
}
