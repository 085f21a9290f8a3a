import EmbeddingFormats
import EmbeddingKit

/// The ways `project` maps words to 2-D or 3-D.
enum ProjectionMethod: String, CaseIterable, Sendable {
    case pca, tsne
}

/// `project`: a table's first words mapped by PCA or t-SNE into a projector page (HTML).
enum ProjectCommand {
    static let all = [project]

    private static let table = Positional.object("TABLE", .table, help: "the table whose words to show")
    private static let out = Option.requiredPath("out", help: "the page to write (FILE.html): one file, nothing to download")
    private static let limit = Option.int("limit", 2...100_000, default: 10_000,
                                          help: "the first N words (the most frequent, in a table sorted by count)")
    private static let method = Option.choice("method", default: ProjectionMethod.pca,
                                              help: "pca: three principal components; tsne: t-SNE (Barnes-Hut), slower, keeps neighbours near")
    private static let perplexity = Option.double("perplexity", 2...100, default: 30,
                                                  help: "t-SNE: about how many neighbours each word keeps near (needs more words than perplexity + 1)")
    private static let iterations = Option.int("iterations", 250...100_000, default: 1000, help: "t-SNE: gradient steps (the first 250 exaggerate)")
    private static let dimensions = Option.int("dimensions", 2...3, default: 2, help: "t-SNE: a 2-D map, or 3-D for the page's 3-D view (PCA gives 3)")

    static let project = CommandSpec(
        "project", group: .learning,
        summary: "a table's words as an interactive 2-D/3-D map with search and nearest neighbours, in one HTML file",
        positionals: [table],
        options: [out, limit, method, perplexity, iterations, dimensions, CommonOptions.seed],
        examples: ["project emb out=emb.html", "project emb out=emb.html limit=5000 method=tsne perplexity=30 seed=1"],
        jsonFields: ["words", "method", "dimensions", "out", "bytes", "explained_variance", "divergence"]
    ) { session, arguments, context in
        let name = arguments[table].text, path = arguments[out]
        let source = try session.table(name)
        try checkPage(path, token: arguments.token(of: out))
        let count = min(arguments[limit], source.rows)
        guard count >= 2 else { throw ShellError.message("\(name) has \(source.rows) row; a map needs at least two", offset: nil) }
        let words = (0 ..< count).map { source.label($0) ?? String($0) }
        let values = source.withUnsafeValues { Array($0.prefix(count * source.dim)) }
        let map: Projection
        do {
            switch arguments[method] {
            case .pca: map = try Projection.pca(values, rows: count, dim: source.dim, interruption: context.interruption)
            case .tsne:
                var options = TSNEOptions()
                options.perplexity = arguments[perplexity]
                options.iterations = arguments[iterations]
                options.dimensions = arguments[dimensions]
                options.seed = UInt64(arguments[CommonOptions.seed] ?? context.settings.seed)
                options.threads = context.settings.threads
                map = try Projection.tsne(values, rows: count, dim: source.dim, options: options, context: context)
            }
        } catch AnalysisError.nonFinite(let vector) {
            throw ShellError.message("cannot project \(name): '\(words[vector])' has NaN or infinite values", offset: nil)
        } catch let error as AnalysisError {
            guard case .tooFewForPerplexity = error else { throw ShellError.message("cannot project \(name): \(error)", offset: nil) }
            throw ShellError.message("cannot project \(name): \(error); give a lower perplexity= or more words (limit=)",
                                     offset: arguments.token(of: perplexity)?.offset)
        }
        let page = ProjectorPage(title: "\(count) words of \(name)", subtitle: map.subtitle, words: words, points: map.points,
                                 unitVectors: unitRows(values, dim: source.dim), dim: source.dim, axes: map.axes)
        let bytes = try writePage(page, to: path)
        return Report([.note("wrote \(path): \(count) words, \(map.subtitle)")], json: .object([
            ("words", .int(count)), ("method", .string(arguments[method].rawValue)), ("dimensions", .int(map.points.first?.count ?? 2)),
            ("out", .string(path)), ("bytes", .int(bytes)),
            ("explained_variance", map.explainedVariance.map { .array($0.map { .double($0) }) } ?? .null),
            ("divergence", map.divergence.map { .double($0) } ?? .null),
        ]))
    }
}

extension ProjectCommand {
    /// Refuses, before any work, a page path that is not `.html` or cannot be written.
    static func checkPage(_ path: String, token: Token?) throws {
        guard isPage(path) else {
            throw ShellError.message("out= must name an .html file (got \(path))", offset: token?.offset)
        }
        do { try AtomicFile.checkCanWrite(path) } catch let error as AtomicFileError {
            throw ShellError.message(error.description, offset: token?.offset)
        }
    }

    /// Whether `path` names an HTML page.
    static func isPage(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".html") || lower.hasSuffix(".htm")
    }

    /// Writes `page` atomically and returns its size in bytes.
    static func writePage(_ page: ProjectorPage, to path: String) throws -> Int {
        let bytes = Array(page.html().utf8)
        do {
            try AtomicFile.write(to: path) { descriptor in
                try bytes.withUnsafeBytes { try AtomicFile.writeAll(descriptor, $0, path: path) }
            }
        } catch let error as AtomicFileError {
            throw ShellError.message(error.description, offset: nil)
        }
        return bytes.count
    }

    /// Each row of `values` scaled to length 1 (a zero row stays zero).
    static func unitRows(_ values: [Float], dim: Int) -> [Float] {
        var out = values
        for start in stride(from: 0, to: values.count, by: dim) {
            let norm = values[start ..< start + dim].reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for i in start ..< start + dim { out[i] /= norm } }
        }
        return out
    }
}
