import EmbeddingFormats
import EmbeddingKit
import Foundation

/// `embsh-bench ann …`: approximate nearest neighbours against the exact scan, on a table file
/// (SimilarityBench's PREFIX.f32 + PREFIX.words) that the Python driver gives hnswlib and FAISS.
///
/// - `make PREFIX --rows R --dim D [--clusters C] [--spread S] [--seed S]`: a Gaussian mixture
///   (`GaussianMixture`: C centres from N(0, 1), each row a centre plus N(0, S²) noise).
/// - `session PATH [--rows R] [--dim D] [--clusters C] [--spread S] [--seed S] [--m M] [--ef-construction E]`:
///   the same mixture as table `v` of a session file, with its HNSW index, for timing
///   `embsh PATH -c 'nearest v w1'`.
/// - `run PREFIX [--queries N] [--m M] [--ef-construction E] [--efs 16,32,…] [--reranks 40,…] [--threads T]`:
///   N query words (rows spread evenly); their exact top 10 (`nearest word k=10`, full scan, timed
///   per query; the answers are printed for the driver); the HNSW build (timed); per `ef` and
///   rerank R, the time per query (one at a time, one thread; the best 11 + R of the beam, by the
///   graph's int8 codes, rescored in float32; R defaults to the index's) and recall@10; then the int8 and float16 scans: time
///   per query and whether every top 10 equals the exact one.
enum AnnBench {
    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard options.positional.count >= 2 else { throw BenchError("usage: embsh-bench ann make|run|session PREFIX [--options]") }
        let prefix = options.positional[1]
        switch options.positional[0] {
        case "session":
            var table = try mixture(options)
            let start = now()
            try table.attach(NeighborIndex.build(table, parameters: IndexParameters(
                m: options.int("m", default: 16), efConstruction: options.int("ef-construction", default: 100))))
            let built = now() - start
            try SessionFileWriter.write(SessionArchive(objects: [("v", .table(table))], log: []), to: prefix)
            emit(["measure": .text("session"), "rows": .integer(table.rows), "dim": .integer(table.dim), "build": .number(built)])
        case "make":
            let table = try mixture(options)
            try table.withUnsafeValues { Data(buffer: $0) }.write(to: URL(fileURLWithPath: prefix + ".f32"))
            try (table.labels!.joined(separator: "\n") + "\n").write(toFile: prefix + ".words", atomically: false, encoding: .utf8)
            emit(["measure": .text("make"), "rows": .integer(table.rows), "dim": .integer(table.dim)])
        case "run":
            let efs = (options.string("efs") ?? "16,32,64,128").split(separator: ",").compactMap { Int($0) }
            let reranks = (options.string("reranks") ?? String(IndexParameters().rerank)).split(separator: ",").compactMap { Int($0) }
            try measure(SimilarityBench.load(prefix), queries: options.int("queries", default: 200), m: options.int("m", default: 16),
                        efConstruction: options.int("ef-construction", default: 100), efs: efs,
                        reranks: reranks, threads: options.int("threads", default: activeProcessors()))
        case let other:
            throw BenchError("unknown ann benchmark '\(other)'")
        }
    }

    /// The Gaussian mixture the options describe.
    static func mixture(_ options: BenchOptions) throws -> EmbeddingTable {
        try GaussianMixture.table(rows: options.int("rows", default: 1_000_000), dim: options.int("dim", default: 300),
                                  clusters: options.int("clusters", default: 1000),
                                  spread: Float(options.string("spread").flatMap(Double.init) ?? 0.5),
                                  seed: UInt64(options.int("seed", default: 1)))
    }

    static func measure(_ table: EmbeddingTable, queries count: Int, m: Int, efConstruction: Int, efs: [Int], reranks: [Int],
                        threads: Int) throws {
        let step = Swift.max(1, table.rows / count)
        let words = stride(from: 0, to: table.rows, by: step).prefix(count).map { table.labels![$0] }
        _ = try table.nearest(query: words[0], k: 10)  // the norm cache
        var scans = [(name: "exact", table: table, build: 0.0)]
        for method in [IndexMethod.int8, .float16] {
            var indexed = table
            let built = try timed { try indexed.attach(NeighborIndex.build(table, parameters: IndexParameters(method: method))) }
            scans.append((method.rawValue, indexed, built))
        }
        // The full scan and the reduced-precision ones take turns, 20 queries each, so that a
        // change in the shared machine's load weighs on all of them alike. Each turn starts with
        // an untimed query: the three tables together (30 MB for the corpus table) fill the
        // processor's last-level cache, so each turn would otherwise time reading its table back
        // from memory, which a user querying one table does not see.
        var seconds = [Double](repeating: 0, count: scans.count), found = [[[Int]]](repeating: [], count: scans.count)
        for start in stride(from: 0, to: words.count, by: 20) {
            for (k, scan) in scans.enumerated() {
                _ = try scan.table.nearest(query: words[start], k: 10)
                seconds[k] += try timed {
                    for word in words[start ..< Swift.min(words.count, start + 20)] {
                        found[k].append(try scan.table.nearest(query: word, k: 10).map(\.row))
                    }
                }
            }
        }
        let exact = found[0]
        emit(["measure": .text("exact"), "seconds": .number(seconds[0] / Double(words.count)), "queries": .text(words.joined(separator: " ")),
              "answers": .text(exact.map { $0.map(String.init).joined(separator: ",") }.joined(separator: " "))])
        for k in scans.indices.dropFirst() {
            emit(["measure": .text(scans[k].name), "seconds": .number(seconds[k] / Double(words.count)), "build": .number(scans[k].build),
                  "same_top10": .integer(zip(found[k], exact).filter { $0 == $1 }.count), "queries": .integer(words.count)])
        }
        if !efs.isEmpty {
            var index: NeighborIndex?
            let build = try timed {
                index = try NeighborIndex.build(table, parameters: IndexParameters(m: m, efConstruction: efConstruction),
                                                threads: threads)
            }
            emit(["measure": .text("build"), "seconds": .number(build), "bytes": .integer(index!.memoryBytes),
                  "threads": .integer(threads)])
            // The most frequent words too (the first rows of a table in frequency order), which
            // users ask for most and an evenly spread sample holds few of.
            let frequent = (0 ..< Swift.min(count, table.rows)).map { table.labels![$0] }
            let frequentExact = try frequent.map { try table.nearest(query: $0, k: 10).map(\.row) }
            try measureGraph(table, index: index!, words: words, exact: exact, frequent: (frequent, frequentExact), efs: efs,
                             reranks: reranks)
        }
    }

    /// Per `ef` and rerank: time per query and recall@10 of the HNSW `index`, and its recall@10
    /// on the `frequent` words (untimed).
    static func measureGraph(_ table: EmbeddingTable, index: NeighborIndex, words: [String], exact: [[Int]],
                             frequent: (words: [String], exact: [[Int]]), efs: [Int], reranks: [Int]) throws {
        for rerank in reranks {
            for ef in efs {
                var indexed = table
                try indexed.attach(index.searching(ef: ef, rerank: rerank))
                var found: [[Int]] = []
                let seconds = try timed { found = try words.map { try indexed.nearest(query: $0, k: 10).map(\.row) } }
                let frequentFound = try frequent.words.map { try indexed.nearest(query: $0, k: 10).map(\.row) }
                emit(["measure": .text("hnsw"), "ef": .integer(ef), "rerank": .integer(rerank),
                      "seconds": .number(seconds / Double(words.count)), "recall": .number(recall(found, exact)),
                      "recall_frequent": .number(recall(frequentFound, frequent.exact))])
            }
        }
    }

    static func timed(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    static func recall(_ found: [[Int]], _ exact: [[Int]]) -> Double {
        let hits = zip(found, exact).reduce(0) { $0 + Set($1.0).intersection($1.1).count }
        return Double(hits) / Double(exact.reduce(0) { $0 + $1.count })
    }
}
