import CKernels
import XCTest
@testable import EmbeddingKit

/// The int8 and float16 scans (blocks of four rows, masked tails, a heap kept in C) on
/// shapes their vector paths split differently: dims below, at and between multiples of 8, 16
/// and 32, row counts that are not multiples of 4, rows without a cosine, and tables split over
/// cores.
final class ReducedPrecisionScanTests: XCTestCase {
    /// A clustered table with every 97th row zero (no cosine: never a result).
    func table(rows: Int, dim: Int) throws -> EmbeddingTable {
        let mixture = try GaussianMixture.table(rows: rows, dim: dim, clusters: 30, spread: 0.6, seed: 11)
        var values = mixture.withUnsafeValues { Array($0) }
        for r in stride(from: 5, to: rows, by: 97) { values.replaceSubrange(r * dim ..< (r + 1) * dim, with: repeatElement(0, count: dim)) }
        return try EmbeddingTable(rows: rows, dim: dim, values: values, labels: mixture.labels!)
    }

    func testOddShapesGiveTheExactTopTen() throws {
        for dim in [3, 8, 13, 16, 24, 37, 45, 100] {
            let plain = try table(rows: 1003, dim: dim)
            for method in [IndexMethod.int8, .float16] {
                var indexed = plain
                try indexed.attach(NeighborIndex.build(plain, parameters: IndexParameters(method: method)))
                for word in stride(from: 0, to: 1003, by: 59).filter({ $0 % 97 != 5 }).map({ "w\($0)" }) {
                    XCTAssertEqual(try indexed.nearest(query: word, k: 10), try plain.nearest(query: word, k: 10), "\(method) dim \(dim)")
                    XCTAssertEqual(try indexed.nearest(query: word, k: 10, restrict: 700),
                                   try plain.nearest(query: word, k: 10, restrict: 700), "\(method) dim \(dim)")
                }
            }
        }
    }

    /// The int8 candidates are exactly the rows with the best int8 scores (ties to the lower
    /// row), as plain Swift computes them, also when the rows are split over cores and when the
    /// parts are too large for the cache (4100×4465: over 8 MiB a part, read row after row).
    func testInt8CandidatesAreTheBestApproximateScores() throws {
        for (rows, dim) in [(1003, 37), (1003, 64), (1003, 100), (1003, 131), (40_001, 13), (40_001, 100), (4100, 4465)] {
            let plain = try table(rows: rows, dim: dim)
            let index = try NeighborIndex.build(plain, parameters: IndexParameters(method: .int8, rerank: 0))
            let inverse = plain.normCache.inverse
            let codes = index.parts[0].typed(UInt8.self)
            for row in [0, 1, rows / 2, rows - 1] {
                let query = try XCTUnwrap(VectorMath.unit(plain.withUnsafeValues { Array($0[row * dim ..< (row + 1) * dim]) }))
                let q = Int8Query(query, offsets: index.parts[1].typed(Float.self), steps: index.parts[2].typed(Float.self))
                var expected: [(index: Int, score: Float)] = []
                for r in 0 ..< rows where inverse[r] > 0 {
                    var dot: Int32 = 0
                    for j in 0 ..< dim { dot += Int32(q.values[j]) * Int32(codes[r * dim + j]) }
                    expected.append((r, (q.bias + Float(dot) * q.scale) * inverse[r]))
                }
                expected.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
                let found = try plain.storage.values.withUnsafeBufferPointer { values in
                    try inverse.withUnsafeBufferPointer { inv in
                        try index.candidates(query: query, count: 25, limit: rows, values: values.baseAddress!,
                                             inverse: inv.baseAddress!, searcher: nil)
                    }
                }
                XCTAssertEqual(found.sorted(), expected.prefix(25).map(\.index).sorted(), "\(rows)×\(dim) row \(row)")
            }
        }
    }

    /// The float16 scan of parts too large for the cache (rows read one after the other) gives the
    /// exact top 10.
    func testLargeFloat16TablesGiveTheExactTopTen() throws {
        let plain = try table(rows: 4100, dim: 4465)
        var indexed = plain
        try indexed.attach(NeighborIndex.build(plain, parameters: IndexParameters(method: .float16)))
        for word in ["w0", "w1", "w2049", "w4099"] {
            XCTAssertEqual(try indexed.nearest(query: word, k: 10), try plain.nearest(query: word, k: 10), word)
        }
    }

    /// Hundreds of rows tied for the best score (copies of one row): the candidates are the
    /// lowest-numbered of them, however many the scan keeps and compacts along the way.
    func testTiedRowsGiveTheLowestRows() throws {
        let (rows, dim) = (3000, 100)
        let mixture = try table(rows: rows, dim: dim)
        var values = mixture.withUnsafeValues { Array($0) }
        let copies = [7] + Array(stride(from: 1000, to: rows, by: 3))
        for r in copies.dropFirst() { values.replaceSubrange(r * dim ..< (r + 1) * dim, with: values[7 * dim ..< 8 * dim]) }
        let plain = try EmbeddingTable(rows: rows, dim: dim, values: values, labels: mixture.labels!)
        let query = try XCTUnwrap(VectorMath.unit(Array(values[7 * dim ..< 8 * dim])))
        let inverse = plain.normCache.inverse
        for method in [IndexMethod.int8, .float16] {
            let index = try NeighborIndex.build(plain, parameters: IndexParameters(method: method, rerank: 0))
            for count in [1, 25, 300] {
                let found = try plain.storage.values.withUnsafeBufferPointer { v in
                    try inverse.withUnsafeBufferPointer { inv in
                        try index.candidates(query: query, count: count, limit: rows, values: v.baseAddress!,
                                             inverse: inv.baseAddress!, searcher: nil)
                    }
                }
                XCTAssertEqual(found.sorted(), Array(copies.prefix(count)), "\(method), \(count) candidates")
            }
        }
    }

    /// The scans' selection of the best k (rows appended, the buffer compacted by quickselect
    /// whenever it fills) on score orders that stress it: rising (every row beats the floor),
    /// falling, all equal, few distinct values, organ pipes, sawteeth and random, for k from 1 to
    /// more than half the rows, with the least room the scans accept and the room they use. A
    /// table of dim 1 whose codes (or halves) are all 1 scores each row by its inverse norm,
    /// which the test sets; rows with inverse norm 0 are never candidates.
    func testTheBestKAreFoundWhateverTheOrderOfScores() {
        let rows = 3000
        var random = Xoshiro256StarStar(seed: 5)
        let orders: [(String, [Float])] = [
            ("rising", (0 ..< rows).map { Float($0 + 1) }),
            ("falling", (0 ..< rows).map { Float(rows - $0) }),
            ("equal", Array(repeating: 0.5, count: rows)),
            ("few values", (0 ..< rows).map { Float(1 + $0 % 3) }),
            ("organ pipe", (0 ..< rows).map { Float(1 + Swift.min($0, rows - 1 - $0)) }),
            ("sawtooth", (0 ..< rows).map { Float(1 + $0 % 97) }),
            ("random", (0 ..< rows).map { _ in Float(random.nextUnitDouble()) }),
            ("random with gaps", (0 ..< rows).map { $0 % 7 == 3 ? 0 : Float(random.nextUnitDouble()) }),
        ]
        let codes = [UInt8](repeating: 1, count: rows), halves = [UInt16](repeating: 0x3C00, count: rows)  // 1.0
        let query16: [Int16] = [1], query: [Float] = [1]
        for (name, inverse) in orders {
            let ranked = inverse.indices.filter { inverse[$0] > 0 }.sorted { inverse[$0] > inverse[$1] || (inverse[$0] == inverse[$1] && $0 < $1) }
            for k in [1, 10, 50, 1700] {
                for room in [k + 16, 2 * k + 64] {
                    var found = [Int](repeating: -1, count: room), scores = [Float](repeating: 0, count: room)
                    let int8 = embsh_int8_best(codes, rows, 1, query16, 1, 0, inverse, k, room, &found, &scores)
                    XCTAssertEqual(found.prefix(int8).sorted(), ranked.prefix(k).sorted(), "int8, \(name), k \(k), room \(room)")
                    found = [Int](repeating: -1, count: room)
                    let half = embsh_float16_best(halves, rows, 1, query, inverse, k, room, &found, &scores)
                    XCTAssertEqual(found.prefix(half).sorted(), ranked.prefix(k).sorted(), "float16, \(name), k \(k), room \(room)")
                }
            }
        }
        var found = [Int](repeating: 0, count: 20), scores = [Float](repeating: 0, count: 20)
        XCTAssertEqual(embsh_int8_best(codes, rows, 1, query16, 1, 0, orders[0].1, 10, 25, &found, &scores), 0, "room below k + 16")
    }

    func testInt8QueryCannotOverflowAndIgnoresDamagedSteps() {
        let dim = 5000
        let query = (0 ..< dim).map { Float(($0 % 7) - 3) / 100 }
        var steps = [Float](repeating: 0.02, count: dim), offsets = [Float](repeating: -1, count: dim)
        steps[1] = .nan
        steps[2] = .infinity
        steps[6] = 1e30
        offsets[4] = 5
        steps.withUnsafeBufferPointer { s in
            offsets.withUnsafeBufferPointer { o in
                let q = Int8Query(query, offsets: o, steps: s)
                XCTAssertLessThanOrEqual(q.values.reduce(Int64(0)) { $0 + 255 * Int64(abs(Int32($1))) }, Int64(Int32.max))
                XCTAssertEqual(q.values[1], 0)
                XCTAssertEqual(q.values[2], 0)
                XCTAssertEqual(q.values[6], 127)  // the largest by far
            }
        }
        // So many dimensions that rounding has no room (a damaged session's steps, 1e30 each).
        let huge = 16_900_000
        let hugeSteps = [Float](repeating: 1e30, count: huge), hugeOffsets = [Float](repeating: 0, count: huge)
        hugeSteps.withUnsafeBufferPointer { s in
            hugeOffsets.withUnsafeBufferPointer { o in
                let q = Int8Query([Float](repeating: 1 / 4111, count: huge), offsets: o, steps: s)
                XCTAssertLessThanOrEqual(q.values.reduce(Int64(0)) { $0 + 255 * Int64(abs(Int32($1))) }, Int64(Int32.max))
            }
        }
    }
}
