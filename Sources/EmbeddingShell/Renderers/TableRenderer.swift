/// Writes reports for people: text as is, tables with aligned columns (numbers on the
/// right), fields as `key: value` lines; notes, warnings and status lines on stderr.
struct TableRenderer: ReportRenderer {
    var precision: Int
    var quiet: Bool

    func render(_ report: Report) -> [Rendered] {
        report.blocks.compactMap { block in
            switch block {
            case .text(let text): return Rendered(stream: .out, text: text.hasSuffix("\n") ? text : text + "\n")
            case .table(let table): return Rendered(stream: .out, text: renderTable(table))
            case .fields(let fields): return Rendered(stream: .out, text: renderFields(fields))
            case .note, .warning, .status: return stderrPiece(of: block, quiet: quiet)
            }
        }
    }

    private func renderFields(_ fields: [(String, String)]) -> String {
        let width = fields.map { displayWidth($0.0) }.max() ?? 0
        return fields.map { key, value in
            key + ":" + String(repeating: " ", count: width - displayWidth(key) + 1) + value + "\n"
        }.joined()
    }

    private func renderTable(_ table: TextTable) -> String {
        let cells = table.rows.map { row in row.map { text(of: $0) } }
        let rightAligned = table.headers.indices.map { column in
            table.rows.contains { row in
                column < row.count && { if case .text = row[column] { return false } else { return true } }()
            }
        }
        var widths = table.headers.map(displayWidth)
        for row in cells {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], displayWidth(cell))
            }
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (column, value) in values.enumerated() {
                let pad = String(repeating: " ", count: max(widths[column] - displayWidth(value), 0))
                let isLast = column == values.count - 1
                parts.append(rightAligned[column] ? pad + value : (isLast ? value : value + pad))
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        var out = line(table.headers)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { out += line(row) }
        return out
    }

    private func text(of cell: Cell) -> String {
        switch cell {
        case .text(let text): return text
        case .int(let value): return String(value)
        case .number(let value): return formatNumber(value, precision: precision)
        }
    }
}

/// Columns a string takes on a terminal: wide East Asian characters count two, combining marks none.
func displayWidth(_ text: String) -> Int {
    var width = 0
    for scalar in text.unicodeScalars {
        let v = scalar.value
        if v < 0x20 || (0x300...0x36F).contains(v) || v == 0x200B { continue }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
            || (0x20000...0x3FFFD).contains(v)
        width += wide ? 2 : 1
    }
    return width
}
