/// Places the labels of a scatter plot so that they overlap neither each other nor the
/// points. A label's box is estimated from its character count and the font size; each
/// label, in order, takes the first free spot among candidates around its point (right,
/// left, above, below, the diagonals, then the same further out), or the least crowded
/// one when none is free (for the first `crowdedLabelLimit` such labels; later ones are left
/// out). Labels set apart from their point get a leader line.
struct LabelPlacement {
    /// A rectangle in plot coordinates (y grows downwards).
    struct Box: Equatable {
        var x: Double, y: Double, width: Double, height: Double

        func contains(_ other: Box) -> Bool {
            x <= other.x && y <= other.y && other.x + other.width <= x + width && other.y + other.height <= y + height
        }

        /// The area this box shares with `other`.
        func overlap(_ other: Box) -> Double {
            let w = min(x + width, other.x + other.width) - max(x, other.x)
            let h = min(y + height, other.y + other.height) - max(y, other.y)
            return max(w, 0) * max(h, 0)
        }

        /// The point of the box nearest to (`px`, `py`).
        func nearest(to px: Double, _ py: Double) -> (x: Double, y: Double) {
            (min(max(px, x), x + width), min(max(py, y), y + height))
        }
    }

    /// Where a label goes: its box, and whether a leader line joins it to its point.
    struct Placed: Equatable {
        var box: Box
        var leader: Bool
    }

    let fontSize: Double
    /// Radius of a point's marker.
    let pointRadius: Double
    /// Labels stay inside this box.
    let bounds: Box

    /// Gaps between a point's marker and its label, nearest first; beyond the first, a
    /// leader line is drawn.
    private var distances: [Double] { [2, 1.1 * fontSize, 2.2 * fontSize, 3.5 * fontSize, 5 * fontSize] }

    /// Estimated box of `label` with its top-left corner at the origin: 0.6 em per
    /// character (wider than most Helvetica letters) and one em high.
    func size(of label: String) -> (width: Double, height: Double) {
        (Double(label.count) * 0.6 * fontSize, fontSize)
    }

    /// Labels that found no free spot are still placed in the least crowded one up to this
    /// many times; later ones are left out (nil), so a plot of thousands of words stays fast
    /// and its labels readable.
    static let crowdedLabelLimit = 100

    /// Where each label goes, in the order given; nil for a label left out for lack of room.
    func place(points: [(x: Double, y: Double)], labels: [String]) -> [Placed?] {
        let pad = 1.0
        var occupied = BoxGrid(cellSize: 4 * fontSize)
        for point in points {
            occupied.insert(Box(x: point.x - pointRadius - pad, y: point.y - pointRadius - pad,
                                width: 2 * (pointRadius + pad), height: 2 * (pointRadius + pad)))
        }
        var placed: [Placed?] = []
        var crowded = 0
        for (point, label) in zip(points, labels) {
            let candidates = self.candidates(around: point, size: size(of: label))
            let inside = candidates.filter { bounds.contains($0.box) }
            func padded(_ box: Box) -> Box { Box(x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad) }
            var choice = inside.first { occupied.isFree(padded($0.box)) }
            if choice == nil {
                guard crowded < Self.crowdedLabelLimit else { placed.append(nil); continue }
                crowded += 1
                let crowding = inside.map { occupied.overlap(with: padded($0.box)) }
                choice = crowding.indices.min { crowding[$0] < crowding[$1] }.map { inside[$0] }
                    ?? Placed(box: clamped(candidates[0].box), leader: false)
            }
            occupied.insert(choice!.box)
            placed.append(choice)
        }
        return placed
    }

    /// Boxes around `point` in order of preference.
    private func candidates(around point: (x: Double, y: Double), size: (width: Double, height: Double)) -> [Placed] {
        let (w, h) = size
        return distances.enumerated().flatMap { ring, distance -> [Placed] in
            let d = pointRadius + distance
            let diagonal = pointRadius + distance * 0.7
            let corners: [(Double, Double)] = [
                (point.x + d, point.y - h / 2),                // right
                (point.x - d - w, point.y - h / 2),            // left
                (point.x - w / 2, point.y - d - h),            // above
                (point.x - w / 2, point.y + d),                // below
                (point.x + diagonal, point.y - diagonal - h),  // above right
                (point.x + diagonal, point.y + diagonal),      // below right
                (point.x - diagonal - w, point.y - diagonal - h), // above left
                (point.x - diagonal - w, point.y + diagonal),  // below left
            ]
            return corners.map { Placed(box: Box(x: $0.0, y: $0.1, width: w, height: h), leader: ring > 0) }
        }
    }

    /// `box` moved inside the bounds as far as it fits.
    private func clamped(_ box: Box) -> Box {
        var box = box
        box.x = max(bounds.x, min(box.x, bounds.x + bounds.width - box.width))
        box.y = max(bounds.y, min(box.y, bounds.y + bounds.height - box.height))
        return box
    }
}

/// Boxes filed by the grid cells they cover, so that the overlap of a new box with all of them
/// visits only its neighbours: placing n labels costs O(n), where comparing with every box
/// made a plot of a few thousand words take seconds.
private struct BoxGrid {
    let cellSize: Double
    private var boxes: [LabelPlacement.Box] = []
    private var cells: [Cell: [Int]] = [:]
    /// Per box, the query that last counted it (a box covering several cells counts once).
    private var lastQuery: [Int] = []
    private var query = 0

    private struct Cell: Hashable {
        var x: Int, y: Int
    }

    init(cellSize: Double) {
        self.cellSize = cellSize
    }

    mutating func insert(_ box: LabelPlacement.Box) {
        let id = boxes.count
        boxes.append(box)
        lastQuery.append(0)
        forEachCell(of: box) { cells[$0, default: []].append(id); return true }
    }

    /// The total area `box` shares with the boxes inserted so far.
    mutating func overlap(with box: LabelPlacement.Box) -> Double {
        query += 1
        var total = 0.0
        forEachCell(of: box) { cell in
            for id in cells[cell] ?? [] where lastQuery[id] != query {
                lastQuery[id] = query
                total += boxes[id].overlap(box)
            }
            return true
        }
        return total
    }

    /// Whether `box` shares no area with the boxes inserted so far (stops at the first that does).
    func isFree(_ box: LabelPlacement.Box) -> Bool {
        var free = true
        forEachCell(of: box) { cell in
            free = !(cells[cell] ?? []).contains { boxes[$0].overlap(box) > 0 }
            return free
        }
        return free
    }

    /// Calls `body` with each cell `box` covers while it returns true.
    private func forEachCell(of box: LabelPlacement.Box, _ body: (Cell) -> Bool) {
        // Coordinates are plot positions (a few thousand at most); clamping keeps the cell
        // numbers integral for any value.
        func index(_ value: Double) -> Int {
            let cell = (value / cellSize).rounded(.down)
            return cell.isNaN ? 0 : Int(min(max(cell, -1e6), 1e6))
        }
        for x in index(box.x) ... index(box.x + box.width) {
            for y in index(box.y) ... index(box.y + box.height) where !body(Cell(x: x, y: y)) { return }
        }
    }
}
