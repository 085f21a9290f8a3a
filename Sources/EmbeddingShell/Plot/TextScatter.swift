/// A labelled scatter plot drawn with text: Unicode braille cells (2 × 4 dots each) on a
/// terminal, or plain ASCII characters.
struct TextScatter {
    let columns: Int
    let rows: Int
    let ascii: Bool

    /// The plot of `points` labelled with `labels`, followed by the axis captions; returns
    /// the drawing and the labels that found no room.
    func draw(points: [[Double]], labels: [String], xCaption: String, yCaption: String) -> (text: String, unlabelled: [String]) {
        let dotsWide = ascii ? columns : columns * 2, dotsHigh = ascii ? rows : rows * 4
        let layout = ScatterLayout(points: points, width: Double(dotsWide - 1), height: Double(dotsHigh - 1))
        var dots = Set<Int>()  // y * dotsWide + x
        func dot(_ x: Int, _ y: Int) { if x >= 0, x < dotsWide, y >= 0, y < dotsHigh { dots.insert(y * dotsWide + x) } }
        var axisCells = [Int: Character]()
        if let y = layout.originY.map({ Int($0.rounded()) }) {
            for x in 0 ..< dotsWide where ascii || x % 2 == 0 {
                if ascii { axisCells[y * columns + x] = "-" } else { dot(x, y) }
            }
        }
        if let x = layout.originX.map({ Int($0.rounded()) }) {
            for y in 0 ..< dotsHigh where ascii || y % 2 == 0 {
                if ascii { axisCells[y * columns + x] = axisCells[y * columns + x] == "-" ? "+" : "|" } else { dot(x, y) }
            }
        }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: columns), count: rows)
        var taken = [[Bool]](repeating: [Bool](repeating: false, count: columns), count: rows)
        var cellsOfPoints: [(column: Int, row: Int)] = []
        for point in points {
            let place = layout.place(point)
            let x = Int(place.x.rounded()), y = Int(place.y.rounded())
            if ascii {
                cellsOfPoints.append((x, y))
            } else {
                for (dx, dy) in [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)] { dot(x + dx, y + dy) }
                cellsOfPoints.append((min(x / 2, columns - 1), min(y / 4, rows - 1)))
            }
        }
        if ascii {
            for (cell, character) in axisCells { grid[cell / columns][cell % columns] = character }
        } else {
            for row in 0 ..< rows {
                for column in 0 ..< columns {
                    var bits = 0
                    for (bit, (dx, dy)) in [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)].enumerated()
                    where dots.contains((row * 4 + dy) * dotsWide + column * 2 + dx) {
                        bits |= 1 << bit
                    }
                    if bits != 0 { grid[row][column] = Character(Unicode.Scalar(0x2800 + bits)!) }
                }
            }
        }
        for cell in cellsOfPoints {
            if ascii { grid[cell.row][cell.column] = "o" }
            taken[cell.row][cell.column] = true
        }
        var unlabelled: [String] = []
        for (label, cell) in zip(labels, cellsOfPoints) {
            let text = Array(label)
            let right = cell.column + 2, left = cell.column - text.count - 1
            let start = [right, left].first { start in
                start >= 0 && start + text.count <= columns && (start ..< start + text.count).allSatisfy { !taken[cell.row][$0] }
            }
            guard let start else { unlabelled.append(label); continue }
            for (offset, character) in text.enumerated() {
                grid[cell.row][start + offset] = character
                taken[cell.row][start + offset] = true
            }
        }
        var lines = [yCaption]
        lines += grid.map { String($0).replacingTrailingSpaces() }
        lines.append(String(repeating: " ", count: max(0, columns - displayWidth(xCaption))) + xCaption)
        return (lines.joined(separator: "\n"), unlabelled)
    }
}

private extension String {
    func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
