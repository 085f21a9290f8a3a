import XCTest
@testable import EmbeddingShell

/// `plot MODEL history` draws whatever a history holds: NaN, ±∞, negative and huge values.
final class LineChartTests: XCTestCase {
    private func chart(_ values: [Double], _ other: [Double]? = nil) -> LineChart {
        var series = [LineChart.Series(name: "loss", values: values, marker: "*", colour: "#d62728")]
        if let other { series.append(LineChart.Series(name: "val_loss", values: other, marker: "+", colour: "#ff9896")) }
        return LineChart(title: "history", series: series)
    }

    func testNonFiniteEpochsAreLeftOutAndNamed() {
        let chart = chart([0.7, .nan, 0.5, .infinity, 0.3], [.nan, 0.6, 0.2, 0.1, -.infinity])
        let text = chart.text(columns: 60, rows: 12)
        XCTAssertTrue(text.hasSuffix("\nnot finite, not drawn: loss at epochs 2, 4; val_loss at epochs 1, 5"), text)
        XCTAssertEqual(text.filter { $0 == "*" }.count, 3 + 1, "three finite points and the legend")
        XCTAssertEqual(text.filter { $0 == "+" }.count, 3 + 2, "three finite points, the axis corner and the legend")
        let svg = chart.svg()
        XCTAssertTrue(svg.contains(">not finite, not drawn: loss at epochs 2, 4; val_loss at epochs 1, 5</text>"), svg)
        XCTAssertFalse(svg.contains("nan") || svg.contains("inf\""), svg)
        XCTAssertNil(self.chart([0.5, 0.4]).notFinite)
    }

    func testLongRunsOfNonFiniteEpochsAreCounted() {
        let notFinite = chart([0.5] + [Double](repeating: .nan, count: 30)).notFinite
        XCTAssertEqual(notFinite, "not finite, not drawn: loss at epochs 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (30 in all)")
    }

    func testEveryValueNonFiniteStillDrawsTheAxes() {
        let text = chart([.nan, .nan]).text(columns: 40, rows: 12)
        XCTAssertTrue(text.contains("1.00 |"), text)
        XCTAssertTrue(text.hasSuffix("not finite, not drawn: loss at epochs 1, 2"), text)
    }

    func testNegativeAndExtremeValuesStayInsideTheGrid() {
        for values in [[-5.0, 2, 1], [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude], [1e300, 0],
                       [-1e-3, 0.5]] {
            let chart = chart(values)
            let lines = chart.text(columns: 50, rows: 12).split(separator: "\n")
            XCTAssertEqual(lines.count, 1 + 12 + 3, "\(values)")
            XCTAssertEqual(lines.dropFirst().prefix(12).map { $0.filter { $0 == "*" }.count }.reduce(0, +), values.count, "\(values)")
            let axis = lines.dropFirst().prefix(12).map { line in line.prefix { $0 != "|" }.count }
            XCTAssertEqual(Set(axis).count, 1, "the value axis is one straight line: \(values)")
            XCTAssertFalse(chart.svg().contains("nan"), "\(values)")
        }
        let negative = chart([-5, 2, 1]).text(columns: 50, rows: 12)
        XCTAssertTrue(negative.contains("-5.00 |"), negative)
    }
}
