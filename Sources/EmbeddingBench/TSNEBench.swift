import EmbeddingKit
import Foundation

/// `embsh-bench tsne …`: t-SNE and trustworthiness on a table the Python driver also gives
/// scikit-learn (raw little-endian float32, row-major).
///
/// - `map VECTORS.f32 --dim D [--perplexity P] [--iterations N] [--seed S]`: times `TSNE.embed`
///   (2-D), writes the map beside the input as VECTORS.f32.map (float64 pairs) and reports the
///   map's trustworthiness (k=10).
/// - `trust VECTORS.f32 MAP.f64 --dim D`: the trustworthiness (k=10) of another tool's 2-D map
///   (float64 pairs), so both maps are scored by the same code as well as by scikit-learn.
enum TSNEBench {
    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard options.positional.count >= 2 else { throw BenchError("usage: embsh-bench tsne map|trust VECTORS.f32 [MAP.f64] --dim D") }
        let dim = try options.int("dim", default: 100)
        let values = try Data(contentsOf: URL(fileURLWithPath: options.positional[1])).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let rows = values.count / dim
        switch options.positional[0] {
        case "map":
            var settings = TSNEOptions()
            settings.perplexity = Double(try options.int("perplexity", default: 30))
            settings.iterations = try options.int("iterations", default: 1000)
            settings.seed = UInt64(try options.int("seed", default: 0))
            let start = now()
            let map = try TSNE.embed(values: values, rows: rows, dim: dim, options: settings)
            let seconds = now() - start
            try map.flatMap { $0 }.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: options.positional[1] + ".map"))
            let trust = try Trustworthiness.score(values: values, rows: rows, dim: dim, map: map)
            emit(["measure": .text("tsne"), "rows": .integer(rows), "seconds": .number(seconds), "trustworthiness": .number(trust)])
        case "trust":
            guard options.positional.count > 2 else { throw BenchError("trust needs VECTORS.f32 MAP.f64") }
            let flat = try Data(contentsOf: URL(fileURLWithPath: options.positional[2])).withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            let map = (0 ..< rows).map { [flat[2 * $0], flat[2 * $0 + 1]] }
            emit(["measure": .text("trust"), "trustworthiness": .number(try Trustworthiness.score(values: values, rows: rows, dim: dim, map: map))])
        case let other:
            throw BenchError("unknown tsne benchmark '\(other)'")
        }
    }
}
