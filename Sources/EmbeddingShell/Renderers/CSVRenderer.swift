/// Writes tables as RFC 4180 CSV (header row, quoted where needed), fields as
/// `key,value` rows and text as single-column rows. Notes are left out.
struct CSVRenderer: ReportRenderer {
    var precision: Int

    func render(_ report: Report) -> String {
        var out = ""
        for block in report.blocks {
            switch block {
            case .text(let text):
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                    out += Self.row([String(line)])
                }
            case .note: continue
            case .fields(let fields):
                out += Self.row(["key", "value"])
                for (key, value) in fields { out += Self.row([key, value]) }
            case .table(let table):
                out += Self.row(table.headers)
                for row in table.rows { out += Self.row(row.map(text(of:))) }
            }
        }
        return out
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
