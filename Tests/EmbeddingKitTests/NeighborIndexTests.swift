import XCTest
@testable import EmbeddingKit

final class NeighborIndexTests: XCTestCase {
    /// 4,000 clustered 48-d rows (deterministic), and 100 of them as queries.
    static let table = try! GaussianMixture.table(rows: 4000, dim: 48, clusters: 60, spread: 0.6, seed: 7)
    static let queries = stride(from: 0, to: 4000, by: 40).map { "w\($0)" }

    func recall(_ indexed: EmbeddingTable) throws -> Double {
        var found = 0, total = 0
        for word in Self.queries {
            let exact = Set(try Self.table.nearest(query: word, k: 10).map(\.word))
            let approximate = try indexed.nearest(query: word, k: 10).map(\.word)
            XCTAssertEqual(approximate.count, 10)
            found += approximate.filter(exact.contains).count
            total += 10
        }
        return Double(found) / Double(total)
    }

    func indexed(_ parameters: IndexParameters, threads: Int = 1) throws -> EmbeddingTable {
        var table = Self.table
        try table.attach(try NeighborIndex.build(table, parameters: parameters, threads: threads))
        return table
    }

    func testHNSWRecallAtTenOnOneAndThreeThreads() throws {
        XCTAssertGreaterThanOrEqual(try recall(try indexed(IndexParameters())), 0.98)
        XCTAssertGreaterThanOrEqual(try recall(try indexed(IndexParameters(), threads: 3)), 0.98)
    }

    func testHNSWScoresAreTheExactScores() throws {
        let table = try indexed(IndexParameters())
        let exact = try Self.table.nearest(query: "w5", k: 3)
        XCTAssertEqual(try table.nearest(query: "w5", k: 3), exact)
    }

    func testOneThreadBuildsTheSameGraphEveryTime() throws {
        let a = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        let b = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        XCTAssertEqual(a.sections.map { Array($0) }, b.sections.map { Array($0) })
        XCTAssertEqual(a.indexedRows, 4000)
    }

    func testReducedPrecisionGivesTheExactTopTen() throws {
        for method in [IndexMethod.int8, .float16] {
            let table = try indexed(IndexParameters(method: method))
            for word in Self.queries {
                XCTAssertEqual(try table.nearest(query: word, k: 10), try Self.table.nearest(query: word, k: 10), "\(method)")
            }
        }
    }

    func testAnyWriteDropsTheIndex() throws {
        var table = try indexed(IndexParameters())
        XCTAssertNotNil(table.neighborIndex)
        XCTAssertNil(table.withoutIndex.neighborIndex)
        table.normalize()
        XCTAssertNil(table.neighborIndex)
        table = try indexed(IndexParameters(method: .int8))
        try table.setRow(0, [Float](repeating: 1, count: 48))
        XCTAssertNil(table.neighborIndex)
    }

    func testRefusesATableWithoutLabelsAndIndexesZeroRowsOut() throws {
        let plain = try EmbeddingTable(rows: 3, dim: 2, values: [1, 0, 0, 1, 1, 1])
        XCTAssertThrowsError(try NeighborIndex.build(plain, parameters: IndexParameters()))
        var zeros = try EmbeddingTable(rows: 3, dim: 2, values: [0, 0, 1, 0, 0, 1], labels: ["a", "b", "c"])
        try zeros.attach(try NeighborIndex.build(zeros, parameters: IndexParameters()))
        XCTAssertEqual(zeros.neighborIndex?.indexedRows, 2)
        XCTAssertEqual(try zeros.nearest(query: "b", k: 5).map(\.word), ["c"])
    }

    func testAnalogiesThroughTheIndexMatchTheScan() throws {
        let table = try indexed(IndexParameters(ef: 200))
        let questions = [("w1", "w2", "w3"), ("w10", "w20", "w30"), ("w100", "w7", "w9")]
        XCTAssertEqual(try table.analogies(questions, k: 3).map { $0.map(\.word) },
                       try Self.table.analogies(questions, k: 3).map { $0.map(\.word) })
    }

    func testStopsWhenInterrupted() {
        XCTAssertThrowsError(try NeighborIndex.build(Self.table, parameters: IndexParameters(), interruption: Interruption { true })) {
            XCTAssertTrue($0 is Interrupted)
        }
    }

    func testDamagedSectionsAreRefused() throws {
        let index = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        var sections = index.sections.map { Array($0) }
        sections[3].removeLast()
        let owner = sections as AnyObject
        XCTAssertThrowsError(try sections.withUnsafeBufferPointer { _ in
            try NeighborIndex(parameters: index.parameters, rows: 4000, dim: 48, entry: index.entry, maxLevel: index.maxLevel,
                              sections: sections.map { $0.withUnsafeBytes { $0 } }, owner: owner)
        })
    }
}
