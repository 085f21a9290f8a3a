/// Principal component analysis of a few vectors (for plotting words in 2-D): exact, in
/// double precision, and deterministic, with each component's sign fixed so that its
/// largest loading is positive.
public struct PCA: Sendable {
    /// Each vector's coordinates on the components.
    public let points: [[Double]]
    /// Fraction of the total variance each component explains (0…1).
    public let explainedVariance: [Double]
    /// The components themselves (unit vectors in the input space).
    public let components: [[Double]]

    /// Projects `vectors` (all of one length) onto their first `count` principal components.
    /// Throws `AnalysisError` for fewer than two vectors, mixed lengths or vectors of length 1.
    public init(_ vectors: [[Float]], count: Int = 2) throws {
        guard vectors.count >= 2 else { throw AnalysisError.tooFewVectors(vectors.count) }
        let d = vectors[0].count
        guard vectors.allSatisfy({ $0.count == d }) else { throw AnalysisError.mixedLengths }
        guard d >= 2 else { throw AnalysisError.tooFewDimensions(d) }
        let n = vectors.count
        let mean = (0 ..< d).map { j in vectors.reduce(0.0) { $0 + Double($1[j]) } / Double(n) }
        let centered = vectors.map { v in (0 ..< d).map { Double(v[$0]) - mean[$0] } }
        // Eigenvectors of the n × n Gram matrix give the scores directly; n is small here.
        var gram = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in 0 ..< n {
            for b in a ..< n {
                let dot = zip(centered[a], centered[b]).reduce(0.0) { $0 + $1.0 * $1.1 }
                gram[a][b] = dot
                gram[b][a] = dot
            }
        }
        let (values, vectorsOfGram) = SymmetricEigen.decompose(gram)
        let total = values.reduce(0) { $0 + max($1, 0) }
        var points = [[Double]](repeating: [], count: n)
        var explained: [Double] = []
        var components: [[Double]] = []
        for k in 0 ..< min(count, n) {
            let lambda = max(values[k], 0)
            let scale = lambda > 0 ? 1 / lambda.squareRoot() : 0
            var component = (0 ..< d).map { j in (0 ..< n).reduce(0.0) { $0 + centered[$1][j] * vectorsOfGram[k][$1] } * scale }
            var scores = (0 ..< n).map { vectorsOfGram[k][$0] * lambda.squareRoot() }
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
}

/// Why an analysis could not be made.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooFewVectors(Int)
    case tooFewDimensions(Int)
    case mixedLengths

    public var description: String {
        switch self {
        case .tooFewVectors(let n): return "a projection needs at least two vectors (got \(n))"
        case .tooFewDimensions(let d): return "vectors of \(d) value\(d == 1 ? "" : "s") cannot be projected to 2-D"
        case .mixedLengths: return "the vectors differ in length"
        }
    }
}

/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations.
enum SymmetricEigen {
    /// Eigenvalues in descending order and their unit eigenvectors (`vectors[k]` goes with `values[k]`).
    static func decompose(_ matrix: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
        let n = matrix.count
        var a = matrix
        var v = (0 ..< n).map { i in (0 ..< n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0 ..< 100 {
            var off = 0.0
            for p in 0 ..< n { for q in p + 1 ..< n { off += a[p][q] * a[p][q] } }
            if off < 1e-30 { break }
            for p in 0 ..< n {
                for q in p + 1 ..< n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0 ..< n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0 ..< n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0 ..< n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let diagonal: [Double] = (0 ..< n).map { a[$0][$0] }
        let order = (0 ..< n).sorted { (i: Int, j: Int) -> Bool in
            diagonal[i] > diagonal[j] || (diagonal[i] == diagonal[j] && i < j)
        }
        let vectors: [[Double]] = order.map { k in (0 ..< n).map { v[$0][k] } }
        return (order.map { diagonal[$0] }, vectors)
    }
}
