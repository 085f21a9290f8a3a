/// Places the labels of a scatter plot so that they overlap neither each other nor the
/// points. A label's box is estimated from its character count and the font size; each
/// label, in order, takes the first free spot among candidates around its point (right,
/// left, above, below, the diagonals, then the same further out), or the least crowded
/// one when none is free. Labels set apart from their point get a leader line.
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

    /// Where each label goes, in the order given.
    func place(points: [(x: Double, y: Double)], labels: [String]) -> [Placed] {
        let pad = 1.0
        let markers = points.map {
            Box(x: $0.x - pointRadius - pad, y: $0.y - pointRadius - pad, width: 2 * (pointRadius + pad), height: 2 * (pointRadius + pad))
        }
        var taken: [Box] = []
        var placed: [Placed] = []
        for (point, label) in zip(points, labels) {
            let candidates = self.candidates(around: point, size: size(of: label))
            let inside = candidates.filter { bounds.contains($0.box) }
            let crowding = { (box: Box) in
                let padded = Box(x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad)
                return (taken + markers).reduce(0) { $0 + $1.overlap(padded) }
            }
            let choice = inside.first { crowding($0.box) == 0 }
                ?? inside.min { crowding($0.box) < crowding($1.box) }
                ?? Placed(box: clamped(candidates[0].box), leader: false)
            taken.append(choice.box)
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
