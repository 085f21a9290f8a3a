/// Writes tables as RFC 4180 CSV (header row, quoted where needed), fields as
/// `key,value` rows and text as single-column rows on stdout; notes, warnings and status lines
/// as plain text on stderr, so stdout stays CSV.
struct CSVRenderer: ReportRenderer {
    var precision: Int
    var quiet: Bool

    func render(_ report: Report) -> [Rendered] {
        report.blocks.compactMap { block in
            switch block {
            case .text(let text):
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
                return Rendered(stream: .out, text: lines.map { Self.row([String($0)]) }.joined())
            case .fields(let fields):
                return Rendered(stream: .out, text: Self.row(["key", "value"]) + fields.map { Self.row([$0.0, $0.1]) }.joined())
            case .table(let table):
                return Rendered(stream: .out, text: Self.row(table.headers) + table.rows.map { Self.row($0.map(text(of:))) }.joined())
            case .note, .warning, .status:
                return stderrPiece(of: block, quiet: quiet)
            }
        }
    }

    private func text(of cell: Cell) -> String {
        switch cell {
        case .text(let text): return text
        case .int(let value): return String(value)
        case .number(let value): return value.isFinite ? String(value) : formatNumber(value, precision: precision)
        }
    }

    private static func row(_ values: [String]) -> String {
        values.map { value in
            value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : value
        }.joined(separator: ",") + "\n"
    }
}
