import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

/// `FloatParser` against `strtof` in the C locale (the locale a test process starts in): the same
/// bits for every number written in the ways files write them, and the same words accepted.
final class FloatParserTests: XCTestCase {
    func parse(_ s: String) -> Float? {
        let bytes = Array(s.utf8)
        return bytes.isEmpty ? nil : bytes.withUnsafeBufferPointer { FloatParser.parse($0.baseAddress!, 0, bytes.count) }
    }

    /// `strtof` of the whole of `s`, or nil when it stops early.
    func reference(_ s: String) -> Float? {
        s.withCString { text in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtof(text, &end)
            return end.map { $0 == UnsafeMutablePointer(mutating: text) + s.utf8.count } == true ? v : nil
        }
    }

    func assertSame(_ s: String, file: StaticString = #filePath, line: UInt = #line) {
        let got = parse(s), want = reference(s)
        guard let want, let got else { return XCTAssertEqual(got, want, s, file: file, line: line) }
        XCTAssertEqual(got.bitPattern, want.bitPattern, "\(s): \(got) ≠ strtof's \(want)", file: file, line: line)
    }

    func printed(_ format: String, _ value: Float) -> String { printed(format, Double(value)) }

    func printed(_ format: String, _ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            _ = withVaList([value]) { vsnprintf(buffer.baseAddress!, 256, format, $0) }
            return String(cString: buffer.baseAddress!)
        }
    }

    func testEveryPrintedFormOfRandomFloats() {
        var rng = SplitMix64(seed: 17)
        var checked = 0
        while checked < 60_000 {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            guard value.isFinite else { continue }
            checked += 1
            for s in [value.description, printed("%.9g", value), printed("%.6f", value), printed("%.5f", value),
                      printed("%e", value), printed("%.6g", value), printed("%.20e", value), printed("%.25f", value)] {
                assertSame(s)
            }
        }
    }

    /// Values of the size embeddings hold, where the fast path decides and halfway cases are likeliest.
    func testEveryPrintedFormOfTypicalValues() {
        var rng = Xoshiro256StarStar(seed: 5)
        for _ in 0..<100_000 {
            let (a, _) = rng.nextGaussianPair()
            let value = Float(a * 0.4)
            for s in [value.description, printed("%.9g", value), printed("%.6f", value), printed("%.5f", value),
                      printed("%.8e", value), printed("%.17g", value)] {
                assertSame(s)
            }
        }
    }

    /// Decimals next to a point halfway between two Floats: where rounding a Double to Float can
    /// go the wrong way, so where the parser must notice it cannot tell.
    func testNearHalfway() {
        var rng = SplitMix64(seed: 11)
        var checked = 0
        while checked < 40_000 {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x7FFF_FFFF)
            guard value.isFinite else { continue }
            checked += 1
            let half = (Double(value) + Double(value.nextUp)) / 2
            for double in [half, half.nextUp, half.nextDown] {
                for format in ["%.9g", "%.15g", "%.16g", "%.17g", "%.18g", "%.40g", "%.120g"] {
                    assertSame(printed(format, double))
                }
            }
        }
    }

    func testRandomDecimals() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200_000 {
            let digits = String((0 ..< 1 + Int(rng.next() % 30)).map { _ in Character(String(rng.next() % 10)) })
            let point = Int(rng.next() % UInt64(digits.count + 1))
            let mantissa = digits.prefix(point) + "." + digits.dropFirst(point)
            let sign = ["", "-", "+"][Int(rng.next() % 3)]
            let exponent = rng.next() % 4 == 0 ? "" : "e\(Int(rng.next() % 110) - 70)"
            assertSame(sign + (mantissa == "." ? "0" : mantissa) + exponent)
        }
    }

    func testEdgeCases() {
        let samples = [
            "0", "-0", "+0", "0.0", "-0.0e5", "00000000000000000000000000.5", "0.00000000000000000000000000000000000000000000000001",
            // Subnormals, the smallest one, halfway below it, underflow to zero.
            "1.4e-45", "1.401298464324817e-45", "7.006492321624085e-46", "7.006492321624086e-46", "7e-46", "1e-46",
            "1e-50", "1e-400", "-1e-400", "1.1754942e-38", "1.17549435e-38", "1.1754943508222875e-38",
            // The largest Float, halfway above it, overflow to infinity.
            "3.4028235e38", "3.40282346638528859811704183484516925440e38", "3.4028235677973366e38",
            "3.4028235677973367e38", "3.5e38", "1e39", "-1e39", "1e400", "123456789e30",
            // Halfway between 1 and the next Float: ties to even, then just above.
            "1.000000059604644775390625", "1.0000000596046447753906251", "1.00000005960464477539062499999",
            "16777217", "16777219", "33554434", "9007199254740993", "9007199254740993e-10",
            // 19 and more digits.
            "1234567890123456789", "12345678901234567890", "123456789012345678901234567890e-20",
            "0.1234567890123456789012345", "18446744073709551615", "18446744073709551616",
            "-99999999999999999999999999999999999999999", "3.14159265358979323846264338327950288",
            // Signs, points, exponents.
            "+2.5", ".5", "5.", "-.25e+2", "1E5", "1e+05", "1.2e-05", "-3.4567891e-06", "1e0", "1e-0", "7e22", "7e23",
            "4.5e-22", "4.5e-23", "1e100000", "1e-100000", "0e999999999999",
        ]
        for s in samples { assertSame(s) }
    }

    /// The interactive shell takes the locale from the environment (`setlocale(LC_ALL, "")`):
    /// where the decimal mark is a comma, strtof stops at the point, the parser must not. Runs
    /// where a comma locale is installed (or compiled with localedef into LOCPATH).
    func testLocaleIndependent() throws {
        let saved = String(cString: setlocale(LC_NUMERIC, nil))
        defer { setlocale(LC_NUMERIC, saved) }
        let commaLocales: [String] = ["de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8"]
        guard commaLocales.contains(where: { setlocale(LC_NUMERIC, $0) != nil }) else {
            throw XCTSkip("no locale with a decimal comma is installed")
        }
        XCTAssertEqual(reference("0.5"), nil, "strtof should stop at the point in this locale")
        // A subnormal, written through Float(String): as a literal it draws an underflow warning.
        for (s, want) in [("0.5", 0.5), ("-0.25e1", -2.5), ("0.1234567890123456789012345", 0.12345679), ("1e-40", Float("1e-40")!)]
            as [(String, Float)] {
            XCTAssertEqual(parse(s), want, s)
        }
    }

    func testWords() {
        for s in ["nan", "NaN", "NAN", "-nan", "+nan", "nan()", "nan(123)", "nan(abc_XYZ)", "-nan(0x1)"] {
            let got = parse(s), want = reference(s)
            XCTAssertTrue(got?.isNaN == true && want?.isNaN == true, s)
            XCTAssertEqual(got?.sign, want?.sign, s)
        }
        for s in ["inf", "-inf", "+inf", "INF", "Inf", "infinity", "-Infinity", "INFINITY"] { assertSame(s) }
    }

    func testNotNumbers() {
        for s in ["", "-", "+", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", "1x", "abc", "0x10", "0x1p3", "--1", "+-1",
                  "1..2", "1.2.3", "1,5", "1e5.5", "in", "infin", "infinityy", "nana", "nan(", "nan(a", "nan(a-b)",
                  "1 ", " 1", "1\u{0}"] {
            XCTAssertNil(parse(s), s.debugDescription)
        }
    }

    /// A value past the largest Float is infinite: the reader reports it as it reports `inf`.
    func testOverflowIsNonFinite() throws {
        let text = Array("2 2\nthe 1 2\ncat 3.5e38 4\n".utf8)
        XCTAssertThrowsError(try VectorFileReader.read(data: text)) {
            XCTAssertEqual($0 as? VectorReadError, .nonFinite(line: 3, word: "cat", column: 1, text: "3.5e38"))
        }
        let (t, w) = try VectorFileReader.read(data: text, allowNonFinite: true)
        XCTAssertEqual(t.values, [1, 2, .infinity, 4])
        XCTAssertEqual(w, [.nonFiniteRows(1)])
        // Underflow is a plain zero.
        XCTAssertEqual(try VectorFileReader.read(data: Array("2 2\nthe 1e-50 -1e-50\ncat 1 2\n".utf8)).table.values.map(\.bitPattern),
                       [0, -0.0, 1, 2].map { (v: Float) in v.bitPattern })
    }

    /// Whole lines, read a run of numbers at a time (`embsh_decimals`) with the tokens it leaves
    /// (subnormal, long, signed-point forms, words) read one by one: every value strtof's, in
    /// its column, whatever the spaces and tabs between them.
    func testLinesGiveEveryTokenItsStrtofValue() throws {
        var rng = SplitMix64(seed: 23)
        let dim = 13, rows = 400
        let odd = ["1e-40", "-0", "+.5", "5.", "12345678901234567890.5", "0.000000000000000000000123", "1E+5", "7e0"]
        let separators = [" ", "\t", "  ", " \t "]
        var text = "\(rows) \(dim)\n", expected: [Float] = []
        for r in 0 ..< rows {
            text += "w\(r)"
            for _ in 0 ..< dim {
                let value = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x3FFF_FFFF | 0x3000_0000)
                let forms = [value.description, printed("%.9g", value), printed("%.6f", value), printed("%.5e", value),
                             printed("%.6g", -value), odd[Int(rng.next() % UInt64(odd.count))]]
                let token = forms[Int(rng.next() % UInt64(forms.count))]
                text += separators[Int(rng.next() % UInt64(separators.count))] + token
                expected.append(try XCTUnwrap(reference(token), token))
            }
            text += r % 3 == 0 ? " \r\n" : "\n"
        }
        let values = try VectorFileReader.read(data: Array(text.utf8)).table.values
        XCTAssertEqual(values.map(\.bitPattern), expected.map(\.bitPattern))
    }
}
