import XCTest
@testable import EmbeddingKit

final class TSNETests: XCTestCase {
    /// Points on a line at gaps 1, 2, 3, 4, 5, mapped with the two ends swapped: with k = 1,
    /// point 0's map neighbour (4) is 4th nearest in the original (cost 3), point 1's (5) 5th
    /// (cost 4), point 5's (1) 4th (cost 3), the others keep theirs: T = 1 − 2/(6·1·8)·10 = 7/12
    /// (as scikit-learn's `trustworthiness` also gives).
    func testTrustworthinessOfAHandCheckedMap() throws {
        let line: [Float] = [0, 1, 3, 6, 10, 15]
        let map: [[Double]] = [15, 1, 3, 6, 10, 0].map { [$0] }
        XCTAssertEqual(try Trustworthiness.score(values: line, rows: 6, dim: 1, map: map, k: 1), 7.0 / 12, accuracy: 1e-12)
        XCTAssertEqual(try Trustworthiness.score(values: line, rows: 6, dim: 1, map: line.map { [Double($0) * 3] }, k: 2), 1)
    }

    /// Two tight groups of 30 in 8-D, far apart.
    private func clusters() -> [Float] {
        var random = Xoshiro256StarStar(seed: 5)
        return (0 ..< 60).flatMap { i in
            (0 ..< 8).map { axis in Float((i < 30) == (axis < 4) ? 10 : 0) + Float.random(in: -1 ... 1, using: &random) }
        }
    }

    func testMapKeepsGroupsApartAndNeighboursNear() throws {
        var options = TSNEOptions()
        options.perplexity = 10
        options.iterations = 400
        let values = clusters()
        let map = try TSNE.embed(values: values, rows: 60, dim: 8, options: options)
        XCTAssertEqual(map.count, 60)
        XCTAssertTrue(map.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isFinite) })
        for i in 0 ..< 60 {
            let nearest = (0 ..< 60).filter { $0 != i }.min { a, b in distance(map[i], map[a]) < distance(map[i], map[b]) }!
            XCTAssertEqual(nearest < 30, i < 30, "point \(i)'s nearest in the map is in its own group")
        }
        XCTAssertGreaterThan(try Trustworthiness.score(values: values, rows: 60, dim: 8, map: map, k: 5), 0.85)
    }

    func testSameSeedSameMapAtAnyThreadCountAndThreeDimensions() throws {
        var options = TSNEOptions()
        options.perplexity = 5
        options.iterations = 260
        options.dimensions = 3
        options.threads = 1
        let values = clusters()
        let one = try TSNE.embed(values: values, rows: 60, dim: 8, options: options)
        options.threads = 3
        XCTAssertEqual(try TSNE.embed(values: values, rows: 60, dim: 8, options: options), one)
        XCTAssertTrue(one.allSatisfy { $0.count == 3 })
        options.seed = 9
        XCTAssertNotEqual(try TSNE.embed(values: values, rows: 60, dim: 8, options: options), one)
    }

    func testTooFewVectorsForThePerplexityAndStopping() throws {
        var options = TSNEOptions()
        options.perplexity = 30
        XCTAssertThrowsError(try TSNE.embed(values: clusters(), rows: 30, dim: 16, options: options)) { error in
            XCTAssertEqual(error as? AnalysisError, .tooFewForPerplexity(vectors: 30, perplexity: 30))
            XCTAssertEqual("\(error)", "t-SNE with perplexity 30 needs more than 31 vectors (got 30)")
        }
        options.perplexity = 5
        XCTAssertThrowsError(try TSNE.embed(values: clusters(), rows: 60, dim: 8, options: options, interruption: Interruption { true })) {
            XCTAssertTrue($0 is Interrupted)
        }
    }

    private func distance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
}
