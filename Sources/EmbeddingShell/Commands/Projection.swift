import EmbeddingKit

/// A map of vectors for the projector page, with how to describe it.
struct Projection {
    let points: [[Double]]
    let subtitle: String
    let axes: [String]
    let explainedVariance: [Double]?
    let divergence: Double?

    /// The first three principal components.
    static func pca(_ values: [Float], rows: Int, dim: Int, interruption: Interruption) throws -> Projection {
        let vectors = (0 ..< rows).map { Array(values[$0 * dim ..< ($0 + 1) * dim]) }
        return Projection(pca: try PCA(vectors, count: 3, interruption: interruption))
    }

    /// t-SNE, with progress on stderr.
    static func tsne(_ values: [Float], rows: Int, dim: Int, options: TSNEOptions, context: CommandContext) throws -> Projection {
        let line = ProgressLine("t-SNE", context: context)
        defer { line.finish() }
        var divergence = 0.0
        let points = try TSNE.embed(values: values, rows: rows, dim: dim, options: options, interruption: context.interruption) { progress in
            divergence = progress.divergence
            line.update(fraction: Double(progress.iteration) / Double(progress.iterations),
                        details: "iteration \(progress.iteration)/\(progress.iterations)  KL \(formatFixed(progress.divergence, digits: 3))",
                        seconds: progress.seconds)
        }
        let perplexity = options.perplexity == options.perplexity.rounded() ? String(Int(options.perplexity)) : String(options.perplexity)
        return Projection(points: points, subtitle: "t-SNE, perplexity \(perplexity), \(options.iterations) iterations, KL \(formatFixed(divergence, digits: 3))",
                          axes: ["t-SNE 1", "t-SNE 2", "t-SNE 3"].prefix(options.dimensions).map { $0 }, explainedVariance: nil,
                          divergence: divergence)
    }
}

extension Projection {
    /// The components `pca` holds, each axis named with the variance it explains.
    init(pca: PCA) {
        let percent = { (k: Int) in formatFixed(pca.explainedVariance[k] * 100, digits: 1) + "%" }
        let total = formatFixed(pca.explainedVariance.reduce(0, +) * 100, digits: 1)
        self.init(points: pca.points, subtitle: "PCA, \(pca.points.first?.count ?? 0) components explain \(total)% of the variance",
                  axes: pca.explainedVariance.indices.map { "PC\($0 + 1) (\(percent($0)))" },
                  explainedVariance: pca.explainedVariance, divergence: nil)
    }
}
