import XCTest
@testable import EmbeddingKit

final class NeighborIndexTests: XCTestCase {
    /// 4,000 clustered 48-d rows (deterministic), and 100 of them as queries.
    static let table = try! GaussianMixture.table(rows: 4000, dim: 48, clusters: 60, spread: 0.6, seed: 7)
    static let queries = stride(from: 0, to: 4000, by: 40).map { "w\($0)" }

    func recall(_ indexed: EmbeddingTable, queries: [String] = queries) throws -> Double {
        var found = 0, total = 0
        for word in queries {
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

    /// The last rows inserted (the end of the last, partly filled batch) are linked as well as the
    /// first: a query for each of them finds its neighbours as often as one for an early row.
    func testLastRowsAreFoundAsWellAsTheFirst() throws {
        let table = try indexed(IndexParameters(efConstruction: 32), threads: 3)
        let first = try recall(table, queries: (0 ..< 100).map { "w\($0)" })
        let last = try recall(table, queries: (3900 ..< 4000).map { "w\($0)" })
        XCTAssertGreaterThanOrEqual(first, 0.95)
        XCTAssertGreaterThanOrEqual(last, 0.95)
    }

    /// The search also starts from the rows it is given (a query's own words), which it reaches
    /// even in a graph without a single link (every list emptied here), where the search from
    /// the entry finds the entry alone; rows outside the table are skipped.
    func testTheSearchStartsFromTheGivenRows() throws {
        let built = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        var arrays = built.sections.map { Array($0) }
        for (n, stride) in [(3, 33), (4, 17)] {
            arrays[n].withUnsafeMutableBytes { raw in
                let ints = raw.bindMemory(to: Int32.self)
                for i in Swift.stride(from: 0, to: ints.count, by: stride) { ints[i] = 0 }
            }
        }
        let index = try reopened(built, Sections(arrays)).searching(ef: 1, rerank: 0)
        let table = Self.table, inverse = table.normCache.inverse
        func search(_ row: Int, seeds: [Int]) throws -> [Int] {
            let query = try table.row(row).map { $0 * inverse[row] }
            return try table.values.withUnsafeBufferPointer { values in
                try inverse.withUnsafeBufferPointer { inverse in
                    try index.candidates(query: query, count: 1, limit: table.rows, values: values.baseAddress!,
                                         inverse: inverse.baseAddress!, seeds: seeds, searcher: nil)
                }
            }
        }
        for row in [5, 1234, 3999] where row != index.entry {
            XCTAssertEqual(try search(row, seeds: []), [index.entry])
            XCTAssertEqual(try search(row, seeds: [-1, row, table.rows, Int.max]), [row])
        }
    }

    /// Asked for more rows than the beam reaches, the index's table answers with the full scan.
    func testAKBeyondTheBeamIsAnsweredInFull() throws {
        let table = try indexed(IndexParameters())
        let all = try table.nearest(query: "w7", k: 3999)
        XCTAssertEqual(all.count, 3999)
        XCTAssertEqual(all, try Self.table.nearest(query: "w7", k: 3999))
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

    /// Copies of an index's sections that outlive the calls (as a mapped file does).
    final class Sections {
        let buffers: [UnsafeMutableRawBufferPointer]
        init(_ arrays: [[UInt8]]) {
            buffers = arrays.map { array in
                let b = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(array.count, 1), alignment: 64)
                array.withUnsafeBytes { b.copyMemory(from: $0) }
                return UnsafeMutableRawBufferPointer(rebasing: b[0 ..< array.count])
            }
        }
        var raw: [UnsafeRawBufferPointer] { buffers.map { UnsafeRawBufferPointer($0) } }
        deinit { buffers.forEach { UnsafeMutableRawBufferPointer(start: $0.baseAddress, count: 1).deallocate() } }
    }

    func reopened(_ index: NeighborIndex, _ sections: Sections, entry: Int? = nil) throws -> NeighborIndex {
        try NeighborIndex(parameters: index.parameters, rows: index.rows, dim: index.dim, entry: entry ?? index.entry,
                          maxLevel: index.maxLevel, sections: sections.raw, owner: sections)
    }

    func testSectionsReadBackAnswerAsBuilt() throws {
        let index = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        var table = Self.table
        try table.attach(try reopened(index, Sections(index.sections.map { Array($0) })))
        XCTAssertGreaterThanOrEqual(try recall(table), 0.98)
    }

    /// An index saved before the graph had codes (five sections after the norms' four) is
    /// searched on the float32 rows, as well as one with codes.
    func testAnIndexWithoutCodesIsSearchedInFloat32() throws {
        let index = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        XCTAssertEqual(index.sections.count, 6)
        XCTAssertEqual(index.sections[5].count, 4000 * 64, "a scale and 48 codes, padded to a cache line")
        var table = Self.table
        try table.attach(try reopened(index, Sections(index.sections.dropLast().map { Array($0) })))
        XCTAssertEqual(table.neighborIndex?.sections.count, 5)
        XCTAssertGreaterThanOrEqual(try recall(table), 0.98)
        XCTAssertEqual(try table.nearest(query: "w5", k: 3), try Self.table.nearest(query: "w5", k: 3))
    }

    /// Codes of the wrong size are refused; codes of any value give poor candidates, never a
    /// read outside the table or wrong scores (candidates are rescored in float32).
    func testDamagedCodesAreRefusedOrHarmless() throws {
        let index = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        var arrays = index.sections.map { Array($0) }
        arrays[5].removeLast(64)
        XCTAssertThrowsError(try reopened(index, Sections(arrays))) {
            XCTAssertEqual(($0 as? IndexError)?.description,
                           "the index is damaged: its arrays do not have the sizes of a 4000×48 hnsw index")
        }
        let exact = Dictionary(uniqueKeysWithValues: try Self.table.nearest(query: "w5", k: 4000).map { ($0.row, $0.score) })
        let garbage: [[UInt8]] = [[0xFF, 0xFF, 0xC0, 0x7F], [0, 0, 0x80, 0x7F], [0x7F, 0x80, 0x01, 0xFE]]  // NaN, ∞, anything
        for pattern in garbage {
            arrays = index.sections.map { Array($0) }
            for i in arrays[5].indices { arrays[5][i] = pattern[i % 4] }
            var table = Self.table
            try table.attach(try reopened(index, Sections(arrays)))
            let hits = try table.nearest(query: "w5", k: 3)
            XCTAssertEqual(hits.count, 3)
            for hit in hits { XCTAssertEqual(hit.score, exact[hit.row]) }
        }
    }

    func testDamagedSectionsAreRefused() throws {
        let index = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        var arrays = index.sections.map { Array($0) }
        XCTAssertThrowsError(try reopened(index, Sections(arrays), entry: 4000))
        arrays[3].removeLast()
        XCTAssertThrowsError(try reopened(index, Sections(arrays))) {
            XCTAssertEqual(($0 as? IndexError)?.description,
                           "the index is damaged: its arrays do not have the sizes of a 4000×48 hnsw index")
        }
    }

    func testAHostileGraphGivesAnErrorNotAReadOutsideTheTable() throws {
        let index = try NeighborIndex.build(Self.table, parameters: IndexParameters(), threads: 1)
        var arrays = index.sections.map { Array($0) }
        for n in [3, 4] {
            arrays[n].withUnsafeMutableBytes { raw in
                let ints = raw.bindMemory(to: Int32.self)
                for i in ints.indices where i % 17 != 0 && i % 33 != 0 { ints[i] = 1 << 30 }
            }
        }
        var table = Self.table
        try table.attach(try reopened(index, Sections(arrays)))
        XCTAssertThrowsError(try table.nearest(query: "w1", k: 10)) {
            XCTAssertEqual(($0 as? IndexError)?.description, "the index is damaged: a neighbour list points outside the table")
        }
        // Counts beyond the list's room are refused the same way.
        arrays = index.sections.map { Array($0) }
        arrays[3].withUnsafeMutableBytes { raw in
            let ints = raw.bindMemory(to: Int32.self)
            for i in stride(from: 0, to: ints.count, by: 33) { ints[i] = 1000 }
        }
        try table.attach(try reopened(index, Sections(arrays)))
        XCTAssertThrowsError(try table.nearest(query: "w1", k: 10))
    }
}
