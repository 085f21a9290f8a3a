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

    /// Values run from 0 up to the largest value (at least 1, so accuracies fit).
    private var top: Double { max(1, series.flatMap(\.values).filter(\.isFinite).max() ?? 1) }
    private var epochs: Int { series.map(\.values.count).max() ?? 0 }

    /// A grid of `columns` × `rows` characters with a value axis on the left and epochs below.
    func text(columns: Int, rows: Int) -> String {
        let left = 8, width = max(10, columns - left - 1)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: rows)
        func place(_ epoch: Int, _ value: Double) -> (column: Int, row: Int) {
            let x = epochs > 1 ? Double(epoch) / Double(epochs - 1) : 0.5
            return (Int((x * Double(width - 1)).rounded()), rows - 1 - Int((value / top * Double(rows - 1)).rounded()))
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
            let value = top * Double(rows - 1 - row) / Double(rows - 1)
            let label = row == 0 || row == rows - 1 || row == rows / 2 ? formatFixed(value, digits: 2) : ""
            var line = String(repeating: " ", count: left - 2 - label.count) + label + " |" + String(cells)
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: left - 1) + "+" + String(repeating: "-", count: width))
        let last = "epoch \(epochs)"
        lines.append(String(repeating: " ", count: left) + "1" + String(repeating: " ", count: max(1, width - 1 - last.count)) + last)
        lines.append(String(repeating: " ", count: left) + series.map { "\($0.marker) \($0.name)" }.joined(separator: "   "))
        return lines.joined(separator: "\n")
    }

    /// A standalone SVG document with one polyline per series, axes and a legend.
    func svg() -> String {
        // The legend sits to the right of the plot area.
        let width = 760.0, height = 420.0, margin = 56.0, legend = 150.0
        let n = { (value: Double) in formatFixed(value, digits: 1) }
        func point(_ epoch: Int, _ value: Double) -> (x: Double, y: Double) {
            let x = epochs > 1 ? Double(epoch) / Double(epochs - 1) : 0.5
            return (margin + x * (width - legend - 2 * margin), height - margin - value / top * (height - 2 * margin))
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
                + "\(formatFixed(top * fraction, digits: 2))</text>\n"
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
        return svg + "</svg>\n"
    }
}
