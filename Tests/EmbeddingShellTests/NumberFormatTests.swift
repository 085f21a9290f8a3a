import XCTest
@testable import EmbeddingShell

/// Numbers are printed readably whatever their value: nothing converts NaN, ∞ or a huge value
/// to an integer (issue 13: "Float value cannot be converted to Int" ended word2vec runs).
final class NumberFormatTests: XCTestCase {
    func testNonFiniteValuesPrintAsNanAndInf() {
        for format in [{ formatFixed($0, digits: 3) }, { formatNumber($0, precision: 4) }] as [(Double) -> String] {
            XCTAssertEqual(format(.nan), "nan")
            XCTAssertEqual(format(.infinity), "inf")
            XCTAssertEqual(format(-.infinity), "-inf")
        }
    }

    func testExtremeFiniteValuesPrintWithoutTrapping() {
        XCTAssertEqual(formatFixed(1.5, digits: 2), "1.50")
        XCTAssertEqual(formatFixed(-0.004, digits: 2), "0.00")
        XCTAssertEqual(formatFixed(1e20, digits: 3), "1.000e+20")
        XCTAssertEqual(formatFixed(-Double.greatestFiniteMagnitude, digits: 1), "-1.8e+308")
        XCTAssertEqual(formatNumber(Double.leastNonzeroMagnitude, precision: 4), "4.941e-324")
        XCTAssertEqual(formatNumber(1e300, precision: 4), "1.000e+300")
        XCTAssertEqual(formatNumber(123456.789, precision: 2), "123456.79")
        XCTAssertEqual(formatFixed(2, digits: 1000), "2.00000000000000000")
    }

    func testProgressFieldsOfADivergedRunStayReadable() {
        XCTAssertEqual(formatDuration(.nan), "?")
        XCTAssertEqual(formatDuration(.infinity), "?")
        XCTAssertEqual(formatDuration(65), "1:05")
        XCTAssertEqual(formatRate(.infinity), "?")
        XCTAssertEqual(formatRate(612_400), "612k")
        let sink = BufferSink(errIsTerminal: true)
        let line = ProgressLine("word2vec", context: CommandContext(shell: Shell(sink: sink)))
        line.update(fraction: .nan, details: "loss nan", seconds: 1)
        XCTAssertTrue(sink.stderr.contains("nan%  loss nan"), sink.stderr.debugDescription)
    }
}
