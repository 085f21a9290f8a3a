/// Maps 2-D points into a box of `width` × `height` units with a margin, keeping the
/// origin's place known so axes can be drawn through it.
struct ScatterLayout {
    let minX: Double, maxX: Double, minY: Double, maxY: Double
    let width: Double, height: Double

    init(points: [[Double]], width: Double, height: Double) {
        let xs = points.map { $0[0] }, ys = points.map { $0[1] }
        // 8% of room around the points; a flat direction still gets a unit of room.
        func padded(_ low: Double, _ high: Double) -> (Double, Double) {
            let span = high - low
            let pad = span > 0 ? span * 0.08 : 1
            return (low - pad, high + pad)
        }
        (minX, maxX) = padded(xs.min() ?? 0, xs.max() ?? 0)
        (minY, maxY) = padded(ys.min() ?? 0, ys.max() ?? 0)
        self.width = width
        self.height = height
    }

    /// Position in the box: x from the left, y from the top; always finite and inside the box
    /// (callers turn it into character cells).
    func place(_ point: [Double]) -> (x: Double, y: Double) {
        func inside(_ value: Double, _ limit: Double) -> Double { value.isNaN ? 0 : min(max(value, 0), limit) }
        return (inside((point[0] - minX) / (maxX - minX) * width, width), inside((maxY - point[1]) / (maxY - minY) * height, height))
    }

    /// The box coordinates of x = 0 and y = 0 when they lie inside.
    var originX: Double? { minX <= 0 && 0 <= maxX ? place([0, 0]).x : nil }
    var originY: Double? { minY <= 0 && 0 <= maxY ? place([0, 0]).y : nil }
}
