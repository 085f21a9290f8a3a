/// Exact optimal transport between two discrete distributions (the earth mover's distance),
/// the problem POT's `emd`/`emd2` solve for gensim's `wmdistance`.
public enum Transport {
    /// The least total cost Σ flow[i][j] · cost[i·m + j] of moving the mass `supply` (n
    /// sources) onto `demand` (m sinks), with `cost` row-major n × m. As POT does, `demand` is
    /// rescaled to the total of `supply` first. Masses must be finite and non-negative, costs
    /// finite; an empty side costs 0.
    ///
    /// Successive shortest paths: each step sends as much mass as fits along a cheapest path
    /// from a source with mass left to a sink with room left (Dijkstra on reduced costs, dense,
    /// O((n + m)²) a path), which keeps the flow optimal for the mass sent so far. `interruption`
    /// is polled between paths.
    public static func minimumCost(supply: [Double], demand: [Double], cost: [Double],
                                   interruption: Interruption = .never) throws -> Double {
        let n = supply.count, m = demand.count
        precondition(cost.count == n * m, "cost must hold supply.count × demand.count values")
        let total = supply.reduce(0, +), demandTotal = demand.reduce(0, +)
        guard n > 0, m > 0, total > 0, demandTotal > 0 else { return 0 }
        // Costs shifted to be non-negative (Dijkstra's condition); the shift times the mass moved
        // is added back at the end.
        let shift = cost.min()!
        var problem = Problem(supply: supply, demand: demand.map { $0 * total / demandTotal },
                              cost: cost.map { $0 - shift }, epsilon: total * 1e-13)
        while problem.augment() { try interruption.checkpoint() }
        return problem.flowCost + shift * total
    }

    /// The residual state of the flow: nodes are the n sources, the m sinks, then the sink of
    /// all sinks (`target`) and the source of all sources (`origin`).
    private struct Problem {
        let n: Int, m: Int
        let cost: [Double]
        /// Masses below this are taken as none, so every step empties at least one capacity.
        let epsilon: Double
        var supplyLeft: [Double]
        var demandLeft: [Double]
        var flow: [Double]
        /// For each sink, the sources that send it mass (the residual edges back from it).
        var senders: [[Int]]
        var potential: [Double]
        var target: Int { n + m }
        var origin: Int { n + m + 1 }

        init(supply: [Double], demand: [Double], cost: [Double], epsilon: Double) {
            n = supply.count
            m = demand.count
            self.cost = cost
            self.epsilon = epsilon
            supplyLeft = supply
            demandLeft = demand
            flow = [Double](repeating: 0, count: n * m)
            senders = [[Int]](repeating: [], count: m)
            potential = [Double](repeating: 0, count: n + m + 2)
        }

        var flowCost: Double { zip(flow, cost).reduce(0) { $0 + $1.0 * $1.1 } }

        /// Sends mass along one cheapest path; false when no mass can move any more.
        mutating func augment() -> Bool {
            let count = n + m + 2, n = n, m = m, target = target, origin = origin
            var distance = [Double](repeating: .infinity, count: count)
            var previous = [Int](repeating: -1, count: count)
            var settled = [Bool](repeating: false, count: count)
            distance[origin] = 0
            // Dijkstra on reduced costs (never below 0 but for rounding), by dense scans: the
            // residual graph is complete from sources to sinks.
            cost.withUnsafeBufferPointer { cost in
            potential.withUnsafeBufferPointer { potential in
            distance.withUnsafeMutableBufferPointer { distance in
            settled.withUnsafeMutableBufferPointer { settled in
            previous.withUnsafeMutableBufferPointer { previous in
                while true {
                    var u = -1, reached = Double.infinity
                    for v in 0 ..< count where !settled[v] && distance[v] < reached { (u, reached) = (v, distance[v]) }
                    guard u >= 0 else { break }
                    settled[u] = true
                    if u == target { break }
                    let from = reached + potential[u]
                    func relax(_ v: Int, _ edgeCost: Double) {
                        let d = Swift.max(reached, from + edgeCost - potential[v])
                        if d < distance[v] && !settled[v] {
                            distance[v] = d
                            previous[v] = u
                        }
                    }
                    if u == origin {
                        for i in 0 ..< n where supplyLeft[i] > 0 { relax(i, 0) }
                    } else if u < n {
                        let row = u * m
                        for j in 0 ..< m { relax(n + j, cost[row + j]) }
                    } else {
                        let j = u - n
                        for i in senders[j] { relax(i, -cost[i * m + j]) }
                        if demandLeft[j] > 0 { relax(target, 0) }
                    }
                }
            }
            }
            }
            }
            }
            let reach = distance[target]
            guard reach < .infinity else { return false }
            for v in 0 ..< count { potential[v] += Swift.min(distance[v], reach) }

            var path: [Int] = [target]
            while path.last! != origin { path.append(previous[path.last!]) }
            path.reverse()  // origin, source, sink, source, …, sink, target
            var amount = Swift.min(supplyLeft[path[1]], demandLeft[path[path.count - 2] - n])
            for k in stride(from: 2, to: path.count - 2, by: 2) {  // backward edges: sink path[k] → source path[k+1]
                amount = Swift.min(amount, flow[path[k + 1] * m + path[k] - n])
            }
            supplyLeft[path[1]] = clean(supplyLeft[path[1]] - amount)
            demandLeft[path[path.count - 2] - n] = clean(demandLeft[path[path.count - 2] - n] - amount)
            for k in stride(from: 1, to: path.count - 2, by: 2) {  // forward edges: source path[k] → sink path[k+1]
                let (i, j) = (path[k], path[k + 1] - n)
                if flow[i * m + j] == 0 { senders[j].append(i) }
                flow[i * m + j] += amount
            }
            for k in stride(from: 2, to: path.count - 2, by: 2) {
                let (j, i) = (path[k] - n, path[k + 1])
                flow[i * m + j] = clean(flow[i * m + j] - amount)
                if flow[i * m + j] == 0 { senders[j].removeAll { $0 == i } }
            }
            return true
        }

        /// `value`, or 0 when it is below `epsilon` (rounding left over by a step).
        private func clean(_ value: Double) -> Double { value > epsilon ? value : 0 }
    }
}
