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

    func testRefusesWhatCannotBeProjected() {
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
