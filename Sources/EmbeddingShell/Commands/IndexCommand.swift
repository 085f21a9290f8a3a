import EmbeddingKit
import Foundation

/// `index`: an approximate nearest-neighbour index attached to a table, used by `nearest`,
/// `analogy` and `evaluate` until the table changes (`exact=true` on those forces the scan).
enum IndexCommand {
    static let all = [index]

    private static let subject = Positional.object("TABLE", .table, help: "a table with word labels")
    private static let method = Option.choice("method", default: IndexMethod.hnsw,
                                              help: "hnsw: a navigable graph (hnswlib, FAISS IndexHNSWFlat); int8 or float16: "
                                                  + "every row scanned in reduced precision, the best re-ranked in float32 "
                                                  + "(FAISS IndexScalarQuantizer + IndexRefineFlat)")
    private static let m = Option.int("m", IndexParameters.mRange, default: 16,
                                      help: "hnsw: links per row (2m on the bottom level); more: better recall, more memory",
                                      aliases: [.spelling("M")])
    private static let efConstruction = Option.int("ef_construction", IndexParameters.efRange, default: 100,
                                                   help: "hnsw: beam width while building; more: better graph, slower build")
    private static let ef = Option.int("ef", IndexParameters.efRange, default: IndexParameters().ef,
                                       help: "hnsw: beam width while searching (at least k plus the query words); more: better recall, slower queries",
                                       aliases: [.spelling("ef_search")])
    private static let rerank = Option.int("rerank", IndexParameters.rerankRange, default: 40,
                                           help: "candidates beyond k re-ranked in float32 (hnsw: the best of the beam by "
                                               + "the graph's int8 codes; int8, float16: of the scan)")
    private static let threads = Option.int("threads", 1...1_024, help: "hnsw: build threads (default: `set threads`); 1 makes the graph repeatable")
    private static let remove = Option.bool("drop", help: "remove the table's index instead of building one")

    static let index = CommandSpec(
        "index", group: .tables,
        summary: "build an approximate nearest-neighbour index of a table (saved with the session; any change to the table drops it)",
        positionals: [subject],
        options: [method, m, efConstruction, ef, rerank, threads, CommonOptions.seed, remove],
        examples: ["index vectors", "index vectors m=32 ef_construction=200 ef=128", "index vectors method=int8 rerank=100",
                   "index vectors ef=256", "index vectors drop=true"],
        jsonFields: ["indexed", "method", "rows", "indexed_rows", "m", "ef_construction", "ef", "rerank", "bytes", "seconds", "dropped",
                     "tuned"],
        details: "nearest, analogy (method=add) and evaluate analogies= then take their candidates from the index and score them "
            + "exactly, as the full scan would; exact=true on them scans every row instead, and so does a restrict= below half "
            + "the rows. Rows of zeros or non-finite values have no cosine and are left out. normalize, a new import or "
            + "training under the table's name, or any other change to its values drops the index; build it again. On a "
            + "table with an index, ef= and rerank= alone change how it searches, without a rebuild."
    ) { session, arguments, context in
        let name = arguments[subject].text
        var table = try session.table(name)
        if arguments[remove] {
            let had = table.neighborIndex != nil
            table = table.withoutIndex
            if had { session.update(.table(table), as: name) }
            return .note(had ? "dropped the index of \(name)" : "\(name) has no index",
                         json: .object([("dropped", .bool(had))]))
        }
        let searchOnly = [ef, rerank].contains { arguments.token(of: $0) != nil }
            && ([method, m, efConstruction, threads, CommonOptions.seed] as [any OptionDeclaration]).allSatisfy { arguments.token(of: $0) == nil }
        if searchOnly, let index = table.neighborIndex {
            // Search-time settings only (hnswlib's set_ef, FAISS's efSearch): the built index is kept.
            let old = index.parameters
            let given = { (option: Option<Int>, current: Int) in arguments.token(of: option) == nil ? current : arguments[option] }
            try table.attach(index.searching(ef: given(ef, old.ef), rerank: given(rerank, old.rerank)))
            session.update(.table(table), as: name)
            let now = table.neighborIndex!.parameters
            return .note("tuned the index of \(name) without rebuilding it: \(describe(now))",
                         json: .object([("tuned", .string(name)), ("method", .string(now.method.rawValue)),
                                        ("ef", .int(now.ef)), ("rerank", .int(now.rerank))]))
        }
        let parameters = IndexParameters(method: arguments[method], m: arguments[m], efConstruction: arguments[efConstruction],
                                         ef: arguments[ef], rerank: arguments[rerank])
        let line = ProgressLine("index", context: context)
        let start = Date()
        let built: NeighborIndex
        do {
            defer { line.finish() }
            built = try NeighborIndex.build(table, parameters: parameters, threads: arguments[threads] ?? context.settings.threads,
                                            seed: UInt64(arguments[CommonOptions.seed] ?? context.settings.seed),
                                            interruption: context.interruption) { progress in
                line.update(fraction: Double(progress.done) / Double(max(progress.total, 1)),
                            details: "\(progress.done)/\(progress.total) rows", seconds: progress.seconds)
            }
        } catch let error as IndexError {
            throw ShellError.message("cannot index \(name): \(error)", offset: arguments[subject].offset)
        }
        guard built.indexedRows > 0 else {
            throw ShellError.message("cannot index \(name): every row is zero or non-finite, so no row has a cosine to search by",
                                     offset: arguments[subject].offset)
        }
        try table.attach(built)
        session.update(.table(table), as: name)
        let seconds = Date().timeIntervalSince(start)
        return .note("indexed \(built.indexedRows) of \(table.rows) rows of \(name) (\(describe(built.parameters))), "
                     + "\(formatBytes(built.memoryBytes))",
                     json: .object([("indexed", .string(name)), ("method", .string(parameters.method.rawValue)),
                                    ("rows", .int(table.rows)), ("indexed_rows", .int(built.indexedRows)),
                                    ("m", .int(parameters.m)), ("ef_construction", .int(parameters.efConstruction)),
                                    ("ef", .int(parameters.ef)), ("rerank", .int(parameters.rerank)),
                                    ("bytes", .int(built.memoryBytes)), ("seconds", .double(seconds))]))
    }

    /// `hnsw, m=16, ef_construction=100, ef=128, rerank=40` or `int8, rerank=40`.
    static func describe(_ p: IndexParameters) -> String {
        switch p.method {
        case .hnsw: return "hnsw, m=\(p.m), ef_construction=\(p.efConstruction), ef=\(p.ef), rerank=\(p.rerank)"
        case .int8, .float16: return "\(p.method.rawValue), rerank=\(p.rerank)"
        }
    }
}
