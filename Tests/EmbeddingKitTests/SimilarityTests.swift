import XCTest
@testable import EmbeddingKit

final class SimilarityTests: XCTestCase {
    /// x=(1,0) y=(0,1) z=(-1,0) w=(0,-1) v=(1,1) zero=(0,0)
    func smallTable() throws -> EmbeddingTable {
        try EmbeddingTable(rows: 6, dim: 2, values: [1, 0, 0, 1, -1, 0, 0, -1, 1, 1, 0, 0],
                           labels: ["x", "y", "z", "w", "v", "zero"])
    }

    func testCosine() throws {
        let t = try smallTable()
        XCTAssertEqual(try t.similarity("x", "y"), 0)
        XCTAssertEqual(try t.similarity("x", "v"), Float(1 / Double(2).squareRoot()), accuracy: 1e-6)
        XCTAssertEqual(try t.similarity("x", "z"), -1, accuracy: 1e-6)
        // gensim: dot(unitvec(x), unitvec(zero)), and unitvec leaves a zero vector zero.
        XCTAssertEqual(try t.similarity("x", "zero"), 0)
        XCTAssertEqual(try t.similarity("zero", "zero"), 0)
        XCTAssertEqual(try EmbeddingTable.similarity([1, 2, 2], [2, 4, 4]), 1, accuracy: 1e-6)
        XCTAssertThrowsError(try EmbeddingTable.similarity([0, 0], [1, 0]))
        XCTAssertThrowsError(try EmbeddingTable.similarity([0], [1, 0]))
    }

    func testNearestHandComputed() throws {
        let t = try smallTable()
        let r = try t.nearest(terms: [("x", 1)], k: 3)
        XCTAssertEqual(r.map(\.word), ["v", "y", "w"])  // 0.7071, 0 (y before w: lower row), 0
        XCTAssertEqual(r[0].score, 0.70710677, accuracy: 1e-6)
        // +x +y: mean (0.5, 0.5) → unit; v is exactly along it.
        let xy = try t.nearest(query: "x + y", k: 1)
        XCTAssertEqual(xy.map(\.word), ["v"])
        XCTAssertEqual(xy[0].score, 1, accuracy: 1e-6)
        // k above the number of candidates is clamped; the query word is excluded.
        // The zero row has no cosine: it is never a neighbour.
        XCTAssertEqual(try t.nearest(terms: [("x", 1)], k: 100).map(\.word), ["v", "y", "w", "z"])
        XCTAssertEqual(try t.nearest(vector: [-1, 0], k: 100).last?.word, "x")
        XCTAssertEqual(try t.nearest(terms: [("x", 1)], k: 0), [])
        // restrict: first 3 rows only.
        XCTAssertEqual(try t.nearest(terms: [("x", 1)], k: 10, restrict: 3).map(\.word), ["y", "z"])
        XCTAssertEqual(try t.nearest(terms: [("x", 1)], k: 10, exclude: ["v", "nope"]).first?.word, "y")
        XCTAssertThrowsError(try t.nearest(query: "x - x")) { XCTAssertEqual($0 as? EmbeddingError, .zeroQuery) }
        XCTAssertThrowsError(try t.nearest(query: "zero")) { XCTAssertEqual($0 as? EmbeddingError, .zeroVector(word: "zero")) }
        XCTAssertThrowsError(try t.nearest(query: "xx + q")) { e in
            guard case let .unknownWords(w)? = e as? EmbeddingError else { return XCTFail() }
            XCTAssertEqual(w.map(\.word), ["xx", "q"])
            XCTAssertEqual(w[0].suggestions.first, "x")
        }
        let v = try t.nearest(vector: [2, 2], k: 1)
        XCTAssertEqual(v.first?.word, "v")
    }

    func testQueryParsing() throws {
        func p(_ s: String) throws -> [String] { try QueryExpression.parse(s).map { "\($0.sign > 0 ? "+" : "-")\($0.word)" } }
        XCTAssertEqual(try p("king - man + woman"), ["+king", "-man", "+woman"])
        XCTAssertEqual(try p("+king -man woman"), ["+king", "-man", "+woman"])
        XCTAssertEqual(try p("- -x"), ["+x"])
        XCTAssertThrowsError(try p("-"))
        XCTAssertThrowsError(try p("x + - y"))
        XCTAssertThrowsError(try p("  "))
    }

    func testAnalogyAddAndMulHandComputed() throws {
        let t = try smallTable()
        // x : y :: z : ?  → mean of (y + z - x)/3 = (-2, 1)/3
        let add = try t.analogy("x", "y", "z", k: 5, method: .add)
        // The zero row has no cosine, so it is no answer (its 0 would otherwise rank first).
        XCTAssertEqual(add.map(\.word), ["v", "w"])
        XCTAssertEqual(add[0].score, Float(-1 / Double(10).squareRoot()), accuracy: 1e-6)
        XCTAssertEqual(add[1].score, Float(-1 / Double(5).squareRoot()), accuracy: 1e-6)
        let mul = try t.analogy("x", "y", "z", k: 5, method: .mul)
        // v: (1+√½)/2 · (1−√½)/2 / ((1+√½)/2 + 1e-6); w: 0 · ½ / (½ + 1e-6); zero (½·½/(½ + 1e-6)) left out
        XCTAssertEqual(mul.map(\.word), ["v", "w"])
        let h = Double(0.5).squareRoot()
        XCTAssertEqual(Double(mul[0].score), ((1 + h) / 2) * ((1 - h) / 2) / ((1 + h) / 2 + 1e-6), accuracy: 1e-6)
        XCTAssertEqual(mul[1].score, 0, accuracy: 1e-6)
        for method in AnalogyMethod.allCases {
            XCTAssertEqual(try t.analogies([("x", "y", "z")], k: 5, method: method), [try t.analogy("x", "y", "z", k: 5, method: method)])
        }
    }

    func testDoesntMatch() throws {
        let t = try smallTable()
        // mean of x, y, v is along v; x and y tie at √½ → the lower word ("x") as sorted() would pick.
        XCTAssertEqual(try t.doesntMatch(["y", "v", "x"]).word, "x")
        XCTAssertEqual(try t.doesntMatch(["x", "v", "z"]).word, "z")
        XCTAssertThrowsError(try t.doesntMatch(["x", "nope"]))
        XCTAssertEqual(try t.doesntMatch(["x", "nope", "z", "v"], ignoreUnknown: true).word, "z")
        XCTAssertThrowsError(try t.doesntMatch([]))
    }

    /// Brute force: every row's score sorted, best first, ties by lower row.
    func bruteForce(_ t: EmbeddingTable, _ q: [Float], k: Int, restrict: Int? = nil, exclude: Set<Int> = []) -> [Int] {
        let raw = t.values, norms = t.norms
        let n = min(restrict ?? t.rows, t.rows)
        var scored: [(Int, Float)] = []
        for r in 0..<n where !exclude.contains(r) {
            var s: Float = 0
            for j in 0..<t.dim { s += raw[r * t.dim + j] / norms[r] * q[j] }
            scored.append((r, s))
        }
        scored.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        return scored.prefix(k).map(\.0)
    }

    func testParallelChunksAgreeWithBruteForce() throws {
        for (rows, dim) in [(1001, 37), (7, 3), (2, 16), (515, 33)] {
            let t = try EmbeddingTable(rows: rows, dim: dim, init: .normal, scale: 1, seed: UInt64(rows),
                                       labels: (0..<rows).map { "w\($0)" })
            for seed in 0..<3 {
                let q = VectorMath.unit(try EmbeddingTable(rows: 1, dim: dim, init: .normal, scale: 1, seed: 99 + UInt64(seed)).values)!
                for k in [1, 5, 10, 2000] {
                    let expected = bruteForce(t, q, k: k, exclude: [0, 3])
                    for chunks in [1, 2, 3] {
                        let got = try t.nearest(unitQuery: q, k: k, restrict: nil, excludeRows: [0, 3],
                                                interruption: .never, chunks: chunks)
                        XCTAssertEqual(got.map(\.row), expected, "rows \(rows) k \(k) chunks \(chunks)")
                    }
                    let restricted = try t.nearest(unitQuery: q, k: k, restrict: rows / 2, excludeRows: [],
                                                   interruption: .never, chunks: 3)
                    XCTAssertEqual(restricted.map(\.row), bruteForce(t, q, k: k, restrict: rows / 2))
                }
            }
        }
    }

    func testAnalogyBatchAgreesWithSingleCalls() throws {
        let rows = 3000
        let t = try EmbeddingTable(rows: rows, dim: 24, init: .normal, scale: 1, seed: 11, labels: (0..<rows).map { "w\($0)" })
        var rng = Xoshiro256StarStar(seed: 12)
        // Words drawn from a small pool, so questions share words as in a questions file.
        let questions = (0..<80).map { _ in
            (0..<3).map { _ in "w\(Int(rng.next() % 60) * 37)" }
        }.map { ($0[0], $0[1], $0[2]) } + [("w5", "w5", "w9")]
        for method in AnalogyMethod.allCases {
            for (k, restrict) in [(1, nil), (5, 1500), (3, 2)] as [(Int, Int?)] {
                let batch = try t.analogies(questions, k: k, method: method, restrict: restrict)
                for (i, q) in questions.enumerated() {
                    let single = try t.analogy(q.0, q.1, q.2, k: k, method: method, restrict: restrict)
                    XCTAssertEqual(batch[i], single, "\(method) k \(k) restrict \(String(describing: restrict)) question \(i)")
                }
            }
        }
        XCTAssertEqual(try t.analogies([], k: 5), [])
        XCTAssertThrowsError(try t.analogies([("w1", "nope", "w2")])) {
            guard case let .unknownWords(w)? = $0 as? EmbeddingError else { return XCTFail() }
            XCTAssertEqual(w.map(\.word), ["nope"])
        }
        XCTAssertThrowsError(try smallTable().analogies([("x", "zero", "y")])) {
            XCTAssertEqual($0 as? EmbeddingError, .zeroVector(word: "zero"))
        }
    }

    func testNormCacheIsDroppedOnEveryWrite() throws {
        var t = try smallTable()
        XCTAssertEqual(t.cacheBytes, 0)
        XCTAssertEqual(try t.nearest(query: "x", k: 1).first?.word, "v")
        XCTAssertEqual(t.cacheBytes, 6 * 8)
        try t.setRow(1, [3, 0.1])  // y now points almost along x, with another norm
        XCTAssertEqual(t.cacheBytes, 0)
        XCTAssertEqual(try t.nearest(query: "x", k: 1).first?.word, "y")
        t.withUnsafeMutableValues { $0[3] = 0 }  // y = (3, 0): exactly along x
        XCTAssertEqual(try t.nearest(query: "x", k: 1).first?.score ?? 0, 1, accuracy: 1e-6)
        t.normalize()
        XCTAssertEqual(t.cacheBytes, 0)
        XCTAssertEqual(t.norms[1], 1, accuracy: 1e-6)
    }

    func testAnalogyBatchGroupsBoundDistinctWords() {
        let questions = [(1, 2, 3), (1, 2, 4), (5, 6, 7), (5, 5, 5), (8, 9, 1)]
        XCTAssertEqual(AnalogyBatch.groups(questions, maxWords: 6), [0..<2, 2..<4, 4..<5])
        XCTAssertEqual(AnalogyBatch.groups(questions), [0..<5])
        XCTAssertEqual(AnalogyBatch.groups([]), [])
    }

    func testInterruptionStopsSearch() throws {
        let t = try EmbeddingTable(rows: 50_000, dim: 8, seed: 1, labels: (0..<50_000).map { "w\($0)" })
        XCTAssertThrowsError(try t.nearest(query: "w1", interruption: Interruption { true })) {
            XCTAssertEqual($0 as? Interrupted, Interrupted())
        }
    }

    func testTopKHeap() {
        var h = TopK(k: 3)
        for (i, s) in [Float(0.5), 0.1, 0.9, 0.5, 0.7, -1].enumerated() { h.insert(s, i) }
        XCTAssertEqual(h.sorted().map(\.index), [2, 4, 0])
        var other = TopK(k: 3)
        other.insert(0.8, 10)
        h.merge(other)
        XCTAssertEqual(h.sorted().map(\.index), [2, 10, 4])
    }
}
