/// A quadtree (2-D) or octree (3-D) over points, each cell keeping its centre of mass and point
/// count: Barnes–Hut's way of summing the repulsion of all points in O(n log n). Points in 2-D
/// have a zero third lane; the fourth lane is always zero.
struct SpaceTree {
    struct Node {
        var centerOfMass: SIMD4<Double>
        /// The cell's width, squared.
        var widthSquared: Double
        var count: Int32
        /// Children are `firstChild ..< firstChild + childCount`; none for a leaf.
        var firstChild: Int32
        var childCount: Int32
        /// A leaf's points are `order[start ..< end]`.
        var start: Int32
        var end: Int32
    }

    private(set) var nodes: [Node] = []
    private(set) var order: [Int32]
    /// Points in one cell after this many halvings stay together in a leaf (duplicates).
    private static let maximumDepth = 40

    init(points: UnsafeBufferPointer<SIMD4<Double>>, dimensions: Int) {
        order = (0 ..< Int32(points.count)).map { $0 }
        var low = SIMD4<Double>(repeating: .infinity), high = SIMD4<Double>(repeating: -.infinity)
        for p in points {
            low = pointwiseMin(low, p)
            high = pointwiseMax(high, p)
        }
        let span = high - low
        let half = max(span[0], span[1], span[2]) / 2 * (1 + 1e-9) + 1e-12
        nodes.reserveCapacity(2 * points.count)
        nodes.append(Node(centerOfMass: .zero, widthSquared: 0, count: 0, firstChild: 0, childCount: 0, start: 0, end: 0))
        var scratch = [Int32](repeating: 0, count: points.count)
        scratch.withUnsafeMutableBufferPointer { scratch in
            build(0, 0 ..< points.count, center: (low + high) / 2, half: half, depth: 0, points: points,
                  dimensions: dimensions, scratch: scratch)
        }
    }

    private mutating func build(_ index: Int, _ range: Range<Int>, center: SIMD4<Double>, half: Double, depth: Int,
                                points: UnsafeBufferPointer<SIMD4<Double>>, dimensions: Int,
                                scratch: UnsafeMutableBufferPointer<Int32>) {
        var sum = SIMD4<Double>.zero
        for k in range { sum += points[Int(order[k])] }
        nodes[index].centerOfMass = sum / Double(range.count)
        nodes[index].widthSquared = 4 * half * half
        nodes[index].count = Int32(range.count)
        nodes[index].start = Int32(range.lowerBound)
        nodes[index].end = Int32(range.upperBound)
        guard range.count > 1, depth < Self.maximumDepth else { return }
        // Counting sort of the range by cell: bit a of the cell is "above the centre on axis a".
        let cells = 1 << dimensions
        var counts = [Int](repeating: 0, count: cells + 1)
        func cell(_ p: SIMD4<Double>) -> Int {
            var c = 0
            for axis in 0 ..< dimensions where p[axis] > center[axis] { c |= 1 << axis }
            return c
        }
        for k in range { counts[cell(points[Int(order[k])]) + 1] += 1 }
        for c in 0 ..< cells { counts[c + 1] += counts[c] }
        var next = counts
        for k in range {
            let c = cell(points[Int(order[k])])
            scratch[range.lowerBound + next[c]] = order[k]
            next[c] += 1
        }
        for k in range { order[k] = scratch[k] }
        let occupied = (0 ..< cells).filter { counts[$0 + 1] > counts[$0] }
        let first = nodes.count
        nodes[index].firstChild = Int32(first)
        nodes[index].childCount = Int32(occupied.count)
        for _ in occupied {
            nodes.append(Node(centerOfMass: .zero, widthSquared: 0, count: 0, firstChild: 0, childCount: 0, start: 0, end: 0))
        }
        for (slot, c) in occupied.enumerated() {
            var offset = SIMD4<Double>.zero
            for axis in 0 ..< dimensions { offset[axis] = c & (1 << axis) != 0 ? half / 2 : -half / 2 }
            build(first + slot, range.lowerBound + counts[c] ..< range.lowerBound + counts[c + 1], center: center + offset,
                  half: half / 2, depth: depth + 1, points: points, dimensions: dimensions, scratch: scratch)
        }
    }

    /// The repulsion on point `i` at `y`, Σⱼ qᵢⱼ²(y − yⱼ) with qᵢⱼ = 1/(1 + |y − yⱼ|²), and
    /// Σⱼ qᵢⱼ, over all other points; a cell seen at an angle below `theta` counts as one
    /// point at its centre of mass. `stack` must hold 8 × 40 + 1 entries.
    func repulsion(of i: Int32, at y: SIMD4<Double>, theta: Double, points: UnsafeBufferPointer<SIMD4<Double>>,
                   stack: UnsafeMutablePointer<Int32>) -> (force: SIMD4<Double>, sum: Double) {
        let theta2 = theta * theta
        var force = SIMD4<Double>.zero, sum = 0.0
        var top = 1
        stack[0] = 0
        nodes.withUnsafeBufferPointer { nodes in
            order.withUnsafeBufferPointer { order in
                while top > 0 {
                    top &-= 1
                    let node = nodes[Int(stack[top])]
                    if node.childCount == 0 {
                        for k in Int(node.start) ..< Int(node.end) where order[k] != i {
                            let difference = y - points[Int(order[k])]
                            let q = 1 / (1 + (difference * difference).sum())
                            sum += q
                            force += (q * q) * difference
                        }
                        continue
                    }
                    let difference = y - node.centerOfMass
                    let distance2 = (difference * difference).sum()
                    if node.widthSquared < theta2 * distance2 {
                        let q = 1 / (1 + distance2), n = Double(node.count)
                        sum += n * q
                        force += (n * q * q) * difference
                    } else {
                        for child in 0 ..< node.childCount {
                            stack[top] = node.firstChild &+ child
                            top &+= 1
                        }
                    }
                }
            }
        }
        return (force, sum)
    }
}
