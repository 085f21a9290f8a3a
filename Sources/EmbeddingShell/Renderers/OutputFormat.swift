#if canImport(Glibc)
import Glibc
#endif

/// How reports are written to stdout.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned, human-readable tables and text.
    case table
    /// One JSON object per command, one per line (JSON Lines).
    case json
    /// Comma-separated values with a header row.
    case csv

    /// The renderer for this format.
    func renderer(precision: Int, quiet: Bool) -> any ReportRenderer {
        switch self {
        case .table: return TableRenderer(precision: precision, quiet: quiet)
        case .json: return JSONLinesRenderer()
        case .csv: return CSVRenderer(precision: precision, quiet: quiet)
        }
    }
}

/// Turns a report into the bytes written on stdout and stderr.
protocol ReportRenderer {
    /// What to write, in order; each piece ends in a newline.
    func render(_ report: Report) -> [Rendered]
}

/// A piece of a rendered report and the stream it goes to.
struct Rendered: Equatable {
    enum Stream { case out, err }
    var stream: Stream
    var text: String
}

extension ReportRenderer {
    /// The stderr pieces every human format shares: notes (unless `quiet`), warnings, status lines.
    func stderrPiece(of block: Block, quiet: Bool) -> Rendered? {
        switch block {
        case .note(let text): return quiet ? nil : Rendered(stream: .err, text: text + "\n")
        case .warning(let text): return Rendered(stream: .err, text: "embsh: warning: " + text + "\n")
        case .status(let text): return Rendered(stream: .err, text: text + "\n")
        case .text, .table, .fields: return nil
        }
    }
}

/// Formats a number for people: `precision` significant decimals, no trailing noise.
func formatNumber(_ value: Double, precision: Int) -> String {
    guard value.isFinite else { return formatNonFinite(value) }
    if value != 0, abs(value) < 1e-4 || abs(value) >= 1e9 {
        return formatScientific(value, precision: precision)
    }
    return formatFixed(value, digits: precision)
}

/// `value` with exactly `digits` decimals, rounded half away from zero on the decimal digits;
/// `nan`, `inf`, `-inf` for non-finite values, and the scientific form for values too large to
/// write out this way.
func formatFixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return formatNonFinite(value) }
    let digits = min(max(digits, 0), 17)
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 0x1p62 else { return formatScientific(value, precision: digits + 1) }
    let negative = value < 0 && scaled != 0
    let whole = (scaled / scale).rounded(.down)
    var fraction = String(Int64(scaled - whole * scale))
    if fraction.count < digits { fraction = String(repeating: "0", count: digits - fraction.count) + fraction }
    let body = digits > 0 ? "\(Int64(whole)).\(fraction)" : "\(Int64(whole))"
    return negative ? "-" + body : body
}

/// `nan`, `inf` or `-inf`.
func formatNonFinite(_ value: Double) -> String {
    value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")
}

private func formatScientific(_ value: Double, precision: Int) -> String {
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : formatNonFinite(value) }
    var exponent = Int((log10(abs(value))).rounded(.down))
    // Near the ends of Double's range 10^exponent itself is not finite: scale in two steps there.
    var mantissa = abs(exponent) < 300 ? value / pow(10, Double(exponent))
        : value * pow(10, Double(-exponent / 2)) * pow(10, Double(-exponent + exponent / 2))
    if abs(mantissa) >= 9.999999999 { mantissa /= 10; exponent += 1 }
    return formatFixed(mantissa, digits: max(precision - 1, 1)) + "e" + (exponent < 0 ? "-" : "+")
        + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
}
