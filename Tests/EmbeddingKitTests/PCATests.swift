import Foundation
import XCTest
@testable import EmbeddingKit

final class PCATests: XCTestCase {
    func testPointsOnALineNeedOneComponent() throws {
        // Along (3, 4)/5 from the mean, at distances -2, 0, 2 (and a copy of the middle).
        let pca = try PCA([[-0.2, 0.4, 1], [1, 2, 1], [2.2, 3.6, 1], [1, 2, 1]])
        XCTAssertEqual(pca.explainedVariance[0], 1, accuracy: 1e-9)
        XCTAssertEqual(pca.explainedVariance[1], 0, accuracy: 1e-9)
        XCTAssertEqual(pca.points.map { $0[0] }, [-2, 0, 2, 0].map(Double.init), accuracy: 1e-6)
        XCTAssertEqual(pca.components[0], [0.6, 0.8, 0], accuracy: 1e-6, "largest loading positive")
    }

    func testComponentsAreOrderedOrthogonalAndSignFixed() throws {
        let vectors: [[Float]] = [[2, 0, 0.1], [-2, 0, -0.1], [0, 1, 0], [0, -1, 0], [0.5, 0.2, 0]]
        let pca = try PCA(vectors)
        XCTAssertGreaterThan(pca.explainedVariance[0], pca.explainedVariance[1])
        let dot = zip(pca.components[0], pca.components[1]).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(dot, 0, accuracy: 1e-9)
        for component in pca.components {
            XCTAssertEqual(component.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-9)
            XCTAssertGreaterThan(component.max(by: { abs($0) < abs($1) })!, 0)
        }
        // The same input always gives the same output.
        XCTAssertEqual(try PCA(vectors).points, pca.points)
        // Explained variance is Σ score² over the total Σ |x - mean|², and all components explain it all.
        let mean = (0 ..< 3).map { j in vectors.reduce(0.0) { $0 + Double($1[j]) } / 5 }
        let total = vectors.reduce(0.0) { sum, v in sum + (0 ..< 3).reduce(0.0) { $0 + pow(Double(v[$1]) - mean[$1], 2) } }
        for k in 0 ..< 2 {
            XCTAssertEqual(pca.points.reduce(0) { $0 + $1[k] * $1[k] } / total, pca.explainedVariance[k], accuracy: 1e-9)
        }
        XCTAssertEqual(try PCA(vectors, count: 3).explainedVariance.reduce(0, +), 1, accuracy: 1e-9)
    }

    /// The eigen-solver on a matrix too large for the old Jacobi sweeps to be quick: AV = VΛ,
    /// V orthonormal, Λ descending.
    func testEigenDecompositionOfALargerMatrix() throws {
        var random = Xoshiro256StarStar(seed: 5)
        let m = 60
        var a = [Double](repeating: 0, count: m * m)
        for i in 0 ..< m { for j in i ..< m { a[i * m + j] = random.nextUnitDouble() - 0.5; a[j * m + i] = a[i * m + j] } }
        let (values, vectors) = try SymmetricEigen.decompose(a, size: m)
        XCTAssertEqual(values, values.sorted(by: >))
        for k in 0 ..< m {
            for i in 0 ..< m {
                let av = (0 ..< m).reduce(0.0) { $0 + a[i * m + $1] * vectors[k][$1] }
                XCTAssertEqual(av, values[k] * vectors[k][i], accuracy: 1e-10)
            }
            for l in k ..< m {
                XCTAssertEqual(zip(vectors[k], vectors[l]).reduce(0) { $0 + $1.0 * $1.1 }, k == l ? 1 : 0, accuracy: 1e-10)
            }
        }
    }

    /// Few long vectors go through the Gram matrix, many short ones through the covariance:
    /// both give scores equal to the centred vectors times the components.
    func testGramAndCovarianceSidesAgreeWithTheDefinition() throws {
        var random = Xoshiro256StarStar(seed: 9)
        for (n, d) in [(6, 40), (300, 8)] {
            let vectors = (0 ..< n).map { _ in (0 ..< d).map { _ in Float(random.nextUnitDouble() - 0.5) } }
            let pca = try PCA(vectors)
            let mean = (0 ..< d).map { j in vectors.reduce(0.0) { $0 + Double($1[j]) } / Double(n) }
            for (i, v) in vectors.enumerated() {
                for k in 0 ..< 2 {
                    let score = (0 ..< d).reduce(0.0) { $0 + (Double(v[$1]) - mean[$1]) * pca.components[k][$1] }
                    XCTAssertEqual(pca.points[i][k], score, accuracy: 1e-9, "n \(n), d \(d)")
                }
            }
            XCTAssertEqual(zip(pca.components[0], pca.components[1]).reduce(0) { $0 + $1.0 * $1.1 }, 0, accuracy: 1e-9)
            XCTAssertGreaterThanOrEqual(pca.explainedVariance[0], pca.explainedVariance[1])
        }
    }

    func testRefusesWhatCannotBeProjected() {
        XCTAssertThrowsError(try PCA([[1, 2], [.nan, 1], [0, 1]])) { XCTAssertEqual($0 as? AnalysisError, .nonFinite(vector: 1)) }
        XCTAssertThrowsError(try PCA([[1, 2], [3, 1]], interruption: Interruption { true })) { XCTAssertTrue($0 is Interrupted) }
        XCTAssertThrowsError(try PCA([[1, 2]])) { XCTAssertEqual($0 as? AnalysisError, .tooFewVectors(1)) }
        XCTAssertThrowsError(try PCA([[1], [2]])) { XCTAssertEqual($0 as? AnalysisError, .tooFewDimensions(1)) }
        XCTAssertThrowsError(try PCA([[1, 2], [1, 2, 3]])) { XCTAssertEqual($0 as? AnalysisError, .mixedLengths) }
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, _ message: String = "",
                            file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, message, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, message, file: file, line: line) }
}
