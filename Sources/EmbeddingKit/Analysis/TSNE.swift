import Foundation

/// t-SNE settings; the defaults are scikit-learn's.
public struct TSNEOptions: Sendable {
    /// The effective number of neighbours each point's Gaussian covers.
    public var perplexity = 30.0
    public var iterations = 1000
    /// 2 or 3.
    public var dimensions = 2
    /// Seeds the tiny jitter added to the PCA start, so equal vectors can part.
    public var seed: UInt64 = 0
    /// Barnes–Hut's accuracy: a cell seen at a smaller angle counts as one point.
    public var theta = 0.5
    /// Worker threads; nil for one a core.
    public var threads: Int?

    public init() {}
}

/// Where a t-SNE run is.
public struct TSNEProgress: Sendable {
    public let iteration: Int
    public let iterations: Int
    /// Kullback–Leibler divergence of the map from P (what t-SNE minimises).
    public let divergence: Double
    public let seconds: Double
}

/// t-SNE (van der Maaten 2014): a 2-D or 3-D map in which vectors that are near neighbours in
/// their own space are near. Exact nearest neighbours set the affinities; the map starts from
/// PCA and follows the gradient with Barnes–Hut's O(n log n) repulsion, as scikit-learn does:
/// early exaggeration 12 for 250 iterations (momentum 0.5, then 0.8), learning rate
/// max(n / 48, 50), per-coordinate gains.
public enum TSNE {
    private static let exaggeration = 12.0
    private static let exaggerationIterations = 250

    /// The map of the `rows` vectors of length `dim` in `values` (row-major): a point each.
    /// `progress` is called every 50 iterations. Throws `AnalysisError` when there are too few
    /// vectors for the perplexity, or non-finite values, and `Interrupted` when asked to stop.
    public static func embed(values: [Float], rows: Int, dim: Int, options: TSNEOptions = TSNEOptions(),
                             interruption: Interruption = .never,
                             progress: (TSNEProgress) -> Void = { _ in }) throws -> [[Double]] {
        precondition(values.count == rows * dim && (2 ... 3).contains(options.dimensions))
        guard Double(rows - 1) > options.perplexity else {
            throw AnalysisError.tooFewForPerplexity(vectors: rows, perplexity: options.perplexity)
        }
        if let bad = (0 ..< rows).first(where: { r in !values[r * dim ..< (r + 1) * dim].allSatisfy(\.isFinite) }) {
            throw AnalysisError.nonFinite(vector: bad)
        }
        let began = DispatchTime.now().uptimeNanoseconds
        let k = min(rows - 1, Int(3 * options.perplexity + 1))
        let graph = try values.withUnsafeBufferPointer {
            try NeighborGraph(values: $0, rows: rows, dim: dim, k: k, interruption: interruption)
        }
        let affinities = TSNEAffinities(graph, rows: rows, perplexity: options.perplexity)
        var map = try initialMap(values: values, rows: rows, dim: dim, options: options, interruption: interruption)
        let learningRate = max(Double(rows) / exaggeration / 4, 50)
        var update = [SIMD4<Double>](repeating: .zero, count: rows)
        var gains = [SIMD4<Double>](repeating: SIMD4(repeating: 1), count: rows)
        var gradient = [SIMD4<Double>](repeating: .zero, count: rows)
        for iteration in 1 ... options.iterations {
            try interruption.checkpoint()
            let early = iteration <= exaggerationIterations
            let sum = computeGradient(map, affinities, exaggeration: early ? exaggeration : 1, options: options, into: &gradient)
            let momentum = early ? 0.5 : 0.8
            var mean = SIMD4<Double>.zero
            for i in 0 ..< rows {
                let grows = (update[i] * gradient[i]) .< 0
                gains[i] = pointwiseMax((gains[i] * 0.8).replacing(with: gains[i] + 0.2, where: grows), SIMD4(repeating: 0.01))
                update[i] = momentum * update[i] - learningRate * gains[i] * gradient[i]
                map[i] += update[i]
                mean += map[i]
            }
            mean /= Double(rows)
            for i in 0 ..< rows { map[i] -= mean }
            if iteration % 50 == 0 || iteration == options.iterations {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
                progress(TSNEProgress(iteration: iteration, iterations: options.iterations,
                                      divergence: divergence(map, affinities, sum: sum), seconds: seconds))
            }
        }
        return map.map { point in (0 ..< options.dimensions).map { point[$0] } }
    }

    /// The first components of the vectors, scaled so that the first has a standard deviation
    /// of 1e-4, plus a seeded jitter a hundredth of that.
    private static func initialMap(values: [Float], rows: Int, dim: Int, options: TSNEOptions,
                              interruption: Interruption) throws -> [SIMD4<Double>] {
        let vectors = (0 ..< rows).map { Array(values[$0 * dim ..< ($0 + 1) * dim]) }
        let points = dim >= 2 ? try PCA(vectors, count: options.dimensions, interruption: interruption).points
            : vectors.map { [Double($0[0])] }
        let first = points.map { $0[0] }
        let mean = first.reduce(0, +) / Double(rows)
        let deviation = (first.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rows)).squareRoot()
        let scale = deviation > 0 ? 1e-4 / deviation : 1
        var random = Xoshiro256StarStar(seed: options.seed)
        return points.map { point in
            var p = SIMD4<Double>.zero
            for axis in 0 ..< options.dimensions {
                p[axis] = (axis < point.count ? point[axis] * scale : 0) + 1e-6 * Double.random(in: -0.5 ..< 0.5, using: &random)
            }
            return p
        }
    }

    /// Writes ∂KL/∂y for every point (P scaled by `exaggeration`) into `gradient` and returns
    /// Σ qᵢⱼ, the normaliser of Q.
    private static func computeGradient(_ map: [SIMD4<Double>], _ p: TSNEAffinities, exaggeration: Double,
                                        options: TSNEOptions, into gradient: inout [SIMD4<Double>]) -> Double {
        let rows = map.count
        return map.withUnsafeBufferPointer { points in
            let tree = SpaceTree(points: points, dimensions: options.dimensions)
            var sums = [Double](repeating: 0, count: rows)
            sums.withUnsafeMutableBufferPointer { sums in
                gradient.withUnsafeMutableBufferPointer { gradient in
                    let out = UncheckedBox((sums, gradient))
                    Parallel.forEachChunk(count: rows, minimumPerChunk: 256, chunks: options.threads) { range in
                        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: 8 * 40 + 1)
                        defer { stack.deallocate() }
                        for i in range {
                            let (force, sum) = tree.repulsion(of: Int32(i), at: points[i], theta: options.theta,
                                                              points: points, stack: stack)
                            out.value.0[i] = sum
                            out.value.1[i] = force
                        }
                    }
                }
            }
            // Summed in order, so the result does not depend on the number of threads.
            let sum = max(sums.reduce(0, +), Double.leastNormalMagnitude)
            gradient.withUnsafeMutableBufferPointer { gradient in
                let out = UncheckedBox(gradient)
                Parallel.forEachChunk(count: rows, minimumPerChunk: 1024, chunks: options.threads) { range in
                    for i in range {
                        var attraction = SIMD4<Double>.zero
                        for entry in p.offsets[i] ..< p.offsets[i + 1] {
                            let difference = points[i] - points[Int(p.columns[entry])]
                            attraction += (p.values[entry] / (1 + (difference * difference).sum())) * difference
                        }
                        out.value[i] = 4 * (exaggeration * attraction - out.value[i] / sum)
                    }
                }
            }
            return sum
        }
    }

    /// KL(P‖Q) over the pairs P holds (the others contribute nothing).
    private static func divergence(_ map: [SIMD4<Double>], _ p: TSNEAffinities, sum: Double) -> Double {
        var total = 0.0
        for i in 0 ..< map.count {
            for entry in p.offsets[i] ..< p.offsets[i + 1] where p.values[entry] > 0 {
                let difference = map[i] - map[Int(p.columns[entry])]
                let q = max(1 / (1 + (difference * difference).sum()) / sum, Double.leastNormalMagnitude)
                total += p.values[entry] * log(p.values[entry] / q)
            }
        }
        return total
    }
}
