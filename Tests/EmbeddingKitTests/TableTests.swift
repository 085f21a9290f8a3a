import XCTest
@testable import EmbeddingKit

final class TableTests: XCTestCase {
    func testShapeErrorsComeBeforeAllocation() {
        XCTAssertThrowsError(try EmbeddingTable(rows: 0, dim: 3)) {
            XCTAssertEqual($0 as? TableError, .emptyShape(rows: 0, dim: 3))
        }
        XCTAssertThrowsError(try EmbeddingTable(rows: 3, dim: 0))
        // 1e12 × 1e6 floats: refused (and reported) without trying to allocate.
        XCTAssertThrowsError(try EmbeddingTable(rows: 1_000_000_000_000, dim: 1_000_000)) { e in
            guard let error = e as? MemoryError else { return XCTFail("\(e)") }
            XCTAssertEqual(error.what, "a 1000000000000 × 1000000 table")
            XCTAssertEqual(error.bytes, 4e18)
            XCTAssertTrue("\(e)".contains("would take"))
        }
        XCTAssertThrowsError(try EmbeddingTable(rows: 1000, dim: 1000, memoryLimit: 1_000_000)) {
            XCTAssertTrue("\($0)".contains("3.8 MB"), "\($0)")
        }
        XCTAssertThrowsError(try EmbeddingTable(rows: 2, dim: 2, scale: -1))
    }

    /// Issue 13: filling a table of billions of values could not be stopped.
    func testARandomFillStopsWhenAsked() {
        for kind in [TableInit.uniform, .normal] {
            XCTAssertThrowsError(try EmbeddingTable(rows: 4096, dim: 512, init: kind, interruption: Interruption { true })) {
                XCTAssertTrue($0 is Interrupted, "\(kind)")
            }
        }
    }

    func testInitialisersAreDeterministicAndInRange() throws {
        let a = try EmbeddingTable(rows: 300, dim: 7, init: .uniform, scale: 0.05, seed: 42)
        let b = try EmbeddingTable(rows: 300, dim: 7, init: .uniform, scale: 0.05, seed: 42)
        let c = try EmbeddingTable(rows: 300, dim: 7, init: .uniform, scale: 0.05, seed: 43)
        XCTAssertEqual(a.values, b.values)
        XCTAssertNotEqual(a.values, c.values)
        XCTAssertTrue(a.values.allSatisfy { $0 >= -0.05 && $0 <= 0.05 })
        XCTAssertEqual(a.values.count, 2100)
        // Pinned first values: the generator is our own, so these never change across platforms.
        let first = try EmbeddingTable(rows: 1, dim: 3, init: .uniform, scale: 1, seed: 0).values
        var rng = Xoshiro256StarStar(seed: 0)
        XCTAssertEqual(first, (0..<3).map { _ in Float(rng.nextUnitDouble() * 2 - 1) })

        let z = try EmbeddingTable(rows: 4, dim: 5, init: .zeros)
        XCTAssertTrue(z.values.allSatisfy { $0 == 0 })

        let n = try EmbeddingTable(rows: 1000, dim: 101, init: .normal, scale: 0.05, seed: 7)
        let vals = n.values.map(Double.init)
        let mean = vals.reduce(0, +) / Double(vals.count)
        let sd = (vals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(vals.count)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.001)
        XCTAssertEqual(sd, 0.05, accuracy: 0.001)
        XCTAssertEqual(n.values, try EmbeddingTable(rows: 1000, dim: 101, init: .normal, scale: 0.05, seed: 7).values)
        XCTAssertEqual(TableInit.allCases.map(\.rawValue), ["uniform", "normal", "zeros"])
    }

    func testHugePageArraysHoldWhatWasWritten() {
        // Above the advice threshold (4 MB) and below it: the values are the same either way.
        for count in [10, 3_000_000] {
            let ramp = HugePageFloats.make(count: count) { buffer in
                for i in buffer.indices { buffer[i] = Float(i % 1000) }
            }
            XCTAssertEqual(ramp.count, count)
            XCTAssertEqual(ramp[count - 1], Float((count - 1) % 1000))
            XCTAssertTrue(HugePageFloats.zeros(count: count).allSatisfy { $0 == 0 })
        }
    }

    func testLabelsLookupAndDuplicates() throws {
        let t = try EmbeddingTable(rows: 3, dim: 2, values: [1, 2, 3, 4, 5, 6], labels: ["a", "b", "a"])
        XCTAssertEqual(t.index(of: "a"), 0)
        XCTAssertEqual(t.duplicateLabelCount, 1)
        XCTAssertEqual(try t.row(forWord: "b"), [3, 4])
        XCTAssertEqual(try t.row(2), [5, 6])
        XCTAssertEqual(try t.lookup(indices: [2, 0, 2]), [5, 6, 1, 2, 5, 6])
        XCTAssertEqual(try t.rows([1]), [[3, 4]])
        XCTAssertThrowsError(try t.row(3)) { XCTAssertEqual($0 as? TableError, .rowOutOfRange(index: 3, rows: 3)) }
        XCTAssertThrowsError(try t.lookup(indices: [0, -1]))
        XCTAssertThrowsError(try t.row(forWord: "c")) { e in
            guard case let .unknownWords(w)? = e as? EmbeddingError else { return XCTFail() }
            XCTAssertEqual(w, [UnknownWord(word: "c", suggestions: ["a", "b"])])
        }
        XCTAssertThrowsError(try EmbeddingTable(rows: 3, dim: 2, values: [1, 2, 3, 4, 5, 6], labels: ["a"]))
        XCTAssertThrowsError(try EmbeddingTable(rows: 3, dim: 2, values: [1, 2, 3, 4, 5, 6], counts: [1]))
        XCTAssertThrowsError(try EmbeddingTable(rows: 3, dim: 2, values: [1, 2]))
        XCTAssertEqual(t.memoryBytes, 24)
    }

    func testNormalizeStatisticsAndCopyOnWrite() throws {
        var t = try EmbeddingTable(rows: 3, dim: 2, values: [3, 4, 0, 0, 1, 0], labels: ["x", "z", "y"])
        let s = t.statistics
        XCTAssertEqual(s.minNorm, 0); XCTAssertEqual(s.maxNorm, 5); XCTAssertEqual(s.meanNorm, 2, accuracy: 1e-6)
        XCTAssertEqual(s.zeroRows, 1)
        let copy = t
        XCTAssertEqual(try t.similarity("x", "y"), 0.6, accuracy: 1e-6)
        t.normalize()
        XCTAssertEqual(t.values, [0.6, 0.8, 0, 0, 1, 0])
        XCTAssertEqual(copy.values, [3, 4, 0, 0, 1, 0], "the copy keeps its values")
        XCTAssertEqual(t.statistics.maxNorm, 1, accuracy: 1e-6)
        // A write drops the cached unit rows.
        try t.setRow(2, [0, 1])
        XCTAssertEqual(try t.similarity("x", "y"), 0.8, accuracy: 1e-6)
        XCTAssertEqual(try copy.similarity("x", "y"), 0.6, accuracy: 1e-6)
        XCTAssertThrowsError(try t.setRow(0, [1]))
        t.withUnsafeMutableValues { $0[0] = 0; $0[1] = 2 }
        XCTAssertEqual(try t.similarity("x", "y"), 1, accuracy: 1e-6)
    }

    func testCountsAndFrequencyOrder() throws {
        let t = try EmbeddingTable(rows: 4, dim: 1, values: [1, 2, 3, 4], labels: ["a", "b", "c", "d"], counts: [5, 9, 5, 7])
        XCTAssertFalse(t.isFrequencyOrdered)
        let s = t.sortedByCount()
        XCTAssertTrue(s.isFrequencyOrdered)
        XCTAssertEqual(s.labels, ["b", "d", "a", "c"])
        XCTAssertEqual(s.values, [2, 4, 1, 3])
        XCTAssertEqual(s.counts, [9, 7, 5, 5])
        XCTAssertEqual(try s.nearest(terms: [("b", 1)], k: 5, restrict: 2).map(\.word), ["d"])
    }

    func testSuggestions() throws {
        let t = try EmbeddingTable(rows: 5, dim: 1, values: [1, 2, 3, 4, 5],
                                   labels: ["house", "horse", "mouse", "Houses", "cat"])
        XCTAssertEqual(t.suggestions(for: "hous"), ["house", "horse", "mouse"])
        XCTAssertEqual(t.suggestions(for: "CAT"), ["cat"])
        XCTAssertEqual(t.suggestions(for: "zzzzzz"), [])
        XCTAssertThrowsError(try t.similarity("hous", "kat")) {
            XCTAssertEqual("\($0)", "unknown words 'hous' (did you mean 'house', 'horse', 'mouse'?); 'kat' (did you mean 'cat'?)")
        }
    }
}
