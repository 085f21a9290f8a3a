/// Series of values per epoch (loss, accuracy, …) drawn as text or as SVG.
struct LineChart {
    struct Series {
        let name: String
        let values: [Double]
        let marker: Character
        let colour: String
    }

    let title: String
    let series: [Series]
    /// Values run from `bottom`, 0 or the lowest value when below 0, up to `top`, the highest
    /// value but at least 1 (so accuracies fit); values that are not finite are left out and
    /// listed in `notFinite`.
    private let top: Double
    private let bottom: Double
    private let epochs: Int

    init(title: String, series: [Series]) {
        self.title = title
        self.series = series
        let finite = series.flatMap(\.values).filter(\.isFinite)
        top = max(1, finite.max() ?? 1)
        bottom = min(0, finite.min() ?? 0)
        epochs = series.map(\.values.count).max() ?? 0
    }

    /// Where `value` lies from `bottom` (0) to `top` (1); halved first so that the span of
    /// values near ±Double.greatestFiniteMagnitude does not overflow.
    private func fraction(_ value: Double) -> Double {
        let span = top / 2 - bottom / 2
        return min(1, max(0, (value / 2 - bottom / 2) / span))
    }

    /// The value at `fraction` of the axis.
    private func value(at fraction: Double) -> Double { bottom * (1 - fraction) + top * fraction }

    /// Which epochs (counted from 1) of which series are not finite and so not drawn, e.g.
    /// "not finite, not drawn: loss at epochs 3, 4; val_loss at epoch 4"; nil when all are.
    var notFinite: String? {
        var parts: [String] = []
        for series in series {
            let epochs: [String] = series.values.indices.filter { !series.values[$0].isFinite }.map { String($0 + 1) }
            guard !epochs.isEmpty else { continue }
            var shown = epochs.prefix(10).joined(separator: ", ")
            if epochs.count > 10 { shown += ", … (\(epochs.count) in all)" }
            parts.append("\(series.name) at epoch\(epochs.count == 1 ? "" : "s") \(shown)")
        }
        return parts.isEmpty ? nil : "not finite, not drawn: " + parts.joined(separator: "; ")
    }

    /// A grid of `columns` × `rows` characters with a value axis on the left and epochs below.
    func text(columns: Int, rows: Int) -> String {
        let labels: [String] = (0 ..< rows).map { row in
            guard row == 0 || row == rows - 1 || row == rows / 2 else { return "" }
            return formatNumber(value(at: Double(rows - 1 - row) / Double(rows - 1)), precision: 2)
        }
        let left = max(8, (labels.map(\.count).max() ?? 0) + 2), width = max(10, columns - left - 1)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: rows)
        func place(_ epoch: Int, _ value: Double) -> (column: Int, row: Int) {
            let x = epochs > 1 ? Double(epoch) / Double(epochs - 1) : 0.5
            return (Int((x * Double(width - 1)).rounded()), rows - 1 - Int((fraction(value) * Double(rows - 1)).rounded()))
        }
        // Later series first, so the training curves are drawn over the validation ones.
        for series in series.reversed() {
            for (epoch, value) in series.values.enumerated() where value.isFinite {
                let cell = place(epoch, value)
                grid[cell.row][cell.column] = series.marker
            }
        }
        var lines = [title]
        for (row, cells) in grid.enumerated() {
            var line = String(repeating: " ", count: left - 2 - labels[row].count) + labels[row] + " |" + String(cells)
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: left - 1) + "+" + String(repeating: "-", count: width))
        let last = "epoch \(epochs)"
        lines.append(String(repeating: " ", count: left) + "1" + String(repeating: " ", count: max(1, width - 1 - last.count)) + last)
        lines.append(String(repeating: " ", count: left) + series.map { "\($0.marker) \($0.name)" }.joined(separator: "   "))
        if let notFinite { lines.append(notFinite) }
        return lines.joined(separator: "\n")
    }

    /// A standalone SVG document with one polyline per series, axes and a legend.
    func svg() -> String {
        // The legend sits to the right of the plot area.
        let width = 760.0, height = 420.0, margin = 56.0, legend = 150.0
        let n = { (value: Double) in formatFixed(value, digits: 1) }
        func point(_ epoch: Int, _ value: Double) -> (x: Double, y: Double) {
            let x = epochs > 1 ? Double(epoch) / Double(epochs - 1) : 0.5
            return (margin + x * (width - legend - 2 * margin), height - margin - fraction(value) * (height - 2 * margin))
        }
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
            font-family="Helvetica, Arial, sans-serif">
              <title>\(SVGScatter.escaped(title))</title>
              <rect width="100%" height="100%" fill="white"/>
              <text x="\(n(width / 2))" y="30" text-anchor="middle" font-size="16">\(SVGScatter.escaped(title))</text>
              <line x1="\(n(margin))" y1="\(n(height - margin))" x2="\(n(width - legend - margin))" y2="\(n(height - margin))" \
            stroke="#888888"/>
              <line x1="\(n(margin))" y1="\(n(margin))" x2="\(n(margin))" y2="\(n(height - margin))" stroke="#888888"/>
              <text x="\(n((width - legend) / 2))" y="\(n(height - 16))" text-anchor="middle" font-size="14">epoch (1 to \(epochs))</text>

            """
        for fraction in [0.0, 0.5, 1.0] {
            let y = height - margin - fraction * (height - 2 * margin)
            svg += "  <text x=\"\(n(margin - 8))\" y=\"\(n(y + 4))\" text-anchor=\"end\" font-size=\"12\">"
                + "\(formatNumber(value(at: fraction), precision: 2))</text>\n"
        }
        for (index, series) in series.enumerated() {
            let points = series.values.enumerated().filter { $0.element.isFinite }.map { point($0.offset, $0.element) }
            svg += "  <polyline fill=\"none\" stroke=\"\(series.colour)\" stroke-width=\"2\" points=\""
                + points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ") + "\"/>\n"
            for p in points { svg += "  <circle cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"3\" fill=\"\(series.colour)\"/>\n" }
            let legendY = margin + Double(index) * 18
            svg += "  <line x1=\"\(n(width - legend))\" y1=\"\(n(legendY))\" x2=\"\(n(width - legend + 20))\" "
                + "y2=\"\(n(legendY))\" stroke=\"\(series.colour)\" stroke-width=\"2\"/>\n"
            svg += "  <text x=\"\(n(width - legend + 26))\" y=\"\(n(legendY + 4))\" font-size=\"12\">\(SVGScatter.escaped(series.name))</text>\n"
        }
        if let notFinite {
            svg += "  <text x=\"\(n(margin))\" y=\"\(n(height - 2))\" font-size=\"11\">\(SVGScatter.escaped(notFinite))</text>\n"
        }
        return svg + "</svg>\n"
    }
}
