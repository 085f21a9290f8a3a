import XCTest
@testable import EmbeddingShell

/// Labels of a scatter plot are placed clear of each other and of the points, deterministically.
final class LabelPlacementTests: XCTestCase {
    private let words = ["people", "were", "his", "she", "he", "they", "government", "it", "was", "the", "of", "and"]

    func testLabelsOfClusteredPointsNeitherOverlapNorCoverPoints() {
        let placement = LabelPlacement(fontSize: 13, pointRadius: 4, bounds: .init(x: 0, y: 0, width: 528, height: 368))
        // Twelve points within 24 × 18 units in the middle of the plot.
        let points = words.indices.map { i in (x: 250 + Double(i % 4) * 8, y: 170 + Double(i / 4) * 9) }
        let placed = placement.place(points: points, labels: words).compactMap { $0 }
        XCTAssertEqual(placed.count, words.count)
        for (i, a) in placed.enumerated() {
            XCTAssertTrue(placement.bounds.contains(a.box), "\(words[i]) inside the plot")
            for (j, b) in placed.enumerated() where j > i {
                XCTAssertEqual(a.box.overlap(b.box), 0, "\(words[i]) and \(words[j]) overlap")
            }
            for (j, point) in points.enumerated() {
                let marker = LabelPlacement.Box(x: point.x - 4, y: point.y - 4, width: 8, height: 8)
                XCTAssertEqual(a.box.overlap(marker), 0, "\(words[i]) covers the point of \(words[j])")
            }
        }
        XCTAssertTrue(placed.contains { $0.leader }, "labels set apart from their points have leader lines")
        XCTAssertEqual(placement.place(points: points, labels: words).compactMap { $0 }, placed, "deterministic")
    }

    func testALonePointIsLabelledOnItsRightWithoutALeader() throws {
        let placement = LabelPlacement(fontSize: 13, pointRadius: 4, bounds: .init(x: 0, y: 0, width: 200, height: 100))
        let placed = placement.place(points: [(x: 50, y: 50)], labels: ["king"])
        XCTAssertEqual(placed, [.init(box: .init(x: 56, y: 43.5, width: 4 * 0.6 * 13, height: 13), leader: false)])
        let atTheRightEdge = try XCTUnwrap(placement.place(points: [(x: 195, y: 50)], labels: ["king"])[0])
        XCTAssertLessThan(atTheRightEdge.box.x + atTheRightEdge.box.width, 195, "on the left when the right is outside")
    }

    func testWithNoFreeSpotEveryLabelStillGetsABoxInside() {
        let placement = LabelPlacement(fontSize: 13, pointRadius: 4, bounds: .init(x: 0, y: 0, width: 60, height: 30))
        let placed = placement.place(points: words.map { _ in (x: 30, y: 15) }, labels: words).compactMap { $0 }
        XCTAssertEqual(placed.count, words.count)
        for (word, place) in zip(words, placed) where place.box.width <= 60 {
            XCTAssertTrue(placement.bounds.contains(place.box), word)
        }
    }

    /// Issue 13: an SVG of thousands of words took minutes (every label against every box).
    /// Past `crowdedLabelLimit` labels without a free spot, the rest are left out.
    func testThousandsOfCrowdedLabelsAreLeftOutInsteadOfPiledUp() {
        let placement = LabelPlacement(fontSize: 13, pointRadius: 4, bounds: .init(x: 0, y: 0, width: 528, height: 368))
        let points: [(x: Double, y: Double)] = (0 ..< 1000).map { i in
            let column = Double(i % 40), row = Double(i / 40)
            return (x: 200 + column * 2, y: 150 + row)
        }
        let placed = placement.place(points: points, labels: points.indices.map { "w\($0)" })
        XCTAssertEqual(placed.count, 1000)
        let drawn = placed.compactMap { $0 }
        XCTAssertGreaterThan(drawn.count, LabelPlacement.crowdedLabelLimit)
        XCTAssertLessThan(drawn.count, 500)
    }

    func testTheSVGLabelsOfClosePointsDoNotOverlap() throws {
        let points = words.indices.map { i in [Double(i % 4) * 0.01, Double(i / 4) * 0.01 + (i == 0 ? 1 : 0)] }
        let svg = SVGScatter.document(points: points, labels: words, title: "t", xCaption: "x", yCaption: "y")
        let pattern = try Regex(#"<text x="([0-9.-]+)" y="([0-9.-]+)" font-size="13.0">([^<]*)</text>"#)
        let boxes = svg.matches(of: pattern).map { match in
            let (x, y, label) = (Double(match.output[1].substring!)!, Double(match.output[2].substring!)!, match.output[3].substring!)
            return (label: String(label), box: LabelPlacement.Box(x: x, y: y - 0.8 * 13, width: Double(label.count) * 0.6 * 13, height: 13))
        }
        XCTAssertEqual(boxes.map(\.label), words)
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] { XCTAssertEqual(a.box.overlap(b.box), 0, "\(a.label) and \(b.label) overlap") }
        }
    }
}
