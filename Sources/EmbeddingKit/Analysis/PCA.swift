/// Principal component analysis of vectors (for plotting words in 2-D): exact, in double
/// precision, and deterministic, with each component's sign fixed so that its largest loading is
/// positive. The eigenproblem is solved on the smaller of the n × n Gram matrix and the d × d
/// covariance matrix, so many short vectors or a few long ones both stay cheap.
public struct PCA: Sendable {
    /// Each vector's coordinates on the components.
    public let points: [[Double]]
    /// Fraction of the total variance each component explains (0…1).
    public let explainedVariance: [Double]
    /// The components themselves (unit vectors in the input space).
    public let components: [[Double]]

    /// Projects `vectors` (all of one length) onto their first `count` principal components.
    /// Throws `AnalysisError` for fewer than two vectors, mixed lengths, vectors of length 1 or
    /// non-finite values, `MemoryError` when the eigenproblem would not fit in memory, and
    /// `Interrupted` when `interruption` asks.
    public init(_ vectors: [[Float]], count: Int = 2, interruption: Interruption = .never) throws {
        guard vectors.count >= 2 else { throw AnalysisError.tooFewVectors(vectors.count) }
        let d = vectors[0].count
        guard vectors.allSatisfy({ $0.count == d }) else { throw AnalysisError.mixedLengths }
        guard d >= 2 else { throw AnalysisError.tooFewDimensions(d) }
        if let bad = vectors.firstIndex(where: { !$0.allSatisfy(\.isFinite) }) { throw AnalysisError.nonFinite(vector: bad) }
        let n = vectors.count
        let useGram = n <= d
        let m = useGram ? n : d
        try MemoryBudget.reserve([2, m, m], elementSize: MemoryLayout<Double>.size,
                                 for: "the eigenproblem of \(n) vectors of \(d)", lower: "give fewer vectors")
        let mean = (0 ..< d).map { j in vectors.reduce(0.0) { $0 + Double($1[j]) } / Double(n) }
        let centered = vectors.map { v in (0 ..< d).map { Double(v[$0]) - mean[$0] } }
        let (values, eigenvectors) = try SymmetricEigen.decompose(
            useGram ? Self.gram(centered, interruption) : Self.covariance(centered, d, interruption),
            size: m, interruption: interruption)
        let total = centered.reduce(0.0) { sum, v in v.reduce(sum) { $0 + $1 * $1 } }
        var points = [[Double]](repeating: [], count: n)
        var explained: [Double] = []
        var components: [[Double]] = []
        for k in 0 ..< min(count, m) {
            let lambda = max(values[k], 0)
            var component: [Double], scores: [Double]
            if useGram {
                // Gram eigenvector u: scores u·√λ, component Cᵀu/√λ.
                let scale = lambda > 0 ? 1 / lambda.squareRoot() : 0
                component = (0 ..< d).map { j in (0 ..< n).reduce(0.0) { $0 + centered[$1][j] * eigenvectors[k][$1] } * scale }
                scores = eigenvectors[k].map { $0 * lambda.squareRoot() }
            } else {
                // Covariance eigenvector: the component itself; scores C·component.
                component = eigenvectors[k]
                scores = centered.map { row in zip(row, component).reduce(0.0) { $0 + $1.0 * $1.1 } }
            }
            if let largest = component.indices.max(by: { abs(component[$0]) < abs(component[$1]) }), component[largest] < 0 {
                component = component.map { -$0 }
                scores = scores.map { -$0 }
            }
            for i in 0 ..< n { points[i].append(scores[i]) }
            explained.append(total > 0 ? lambda / total : 0)
            components.append(component)
        }
        self.points = points
        self.explainedVariance = explained
        self.components = components
    }

    /// CCᵀ, n × n, row-major.
    private static func gram(_ centered: [[Double]], _ interruption: Interruption) throws -> [Double] {
        let n = centered.count
        var gram = [Double](repeating: 0, count: n * n)
        for a in 0 ..< n {
            try interruption.checkpoint()
            for b in a ..< n {
                let dot = zip(centered[a], centered[b]).reduce(0.0) { $0 + $1.0 * $1.1 }
                gram[a * n + b] = dot
                gram[b * n + a] = dot
            }
        }
        return gram
    }

    /// CᵀC, d × d, row-major.
    private static func covariance(_ centered: [[Double]], _ d: Int, _ interruption: Interruption) throws -> [Double] {
        var covariance = [Double](repeating: 0, count: d * d)
        try covariance.withUnsafeMutableBufferPointer { out in
            for row in centered {
                try interruption.checkpoint()
                for i in 0 ..< d where row[i] != 0 {
                    let x = row[i]
                    for j in i ..< d { out[i * d + j] += x * row[j] }
                }
            }
            for i in 0 ..< d { for j in 0 ..< i { out[i * d + j] = out[j * d + i] } }
        }
        return covariance
    }
}

/// Why an analysis could not be made.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooFewVectors(Int)
    case tooFewDimensions(Int)
    case mixedLengths
    /// Vector `vector` (0-based) holds NaN or an infinite value.
    case nonFinite(vector: Int)
    /// t-SNE's perplexity needs more than perplexity + 1 vectors.
    case tooFewForPerplexity(vectors: Int, perplexity: Double)

    public var description: String {
        switch self {
        case .tooFewVectors(let n): return "a projection needs at least two vectors (got \(n))"
        case .tooFewDimensions(let d): return "vectors of \(d) value\(d == 1 ? "" : "s") cannot be projected to 2-D"
        case .mixedLengths: return "the vectors differ in length"
        case .nonFinite(let vector): return "vector \(vector + 1) holds NaN or infinite values"
        case .tooFewForPerplexity(let n, let perplexity):
            return "t-SNE with perplexity \(Self.number(perplexity)) needs more than \(Self.number(perplexity + 1)) vectors (got \(n))"
        }
    }

    /// `30` rather than `30.0`.
    private static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
}
