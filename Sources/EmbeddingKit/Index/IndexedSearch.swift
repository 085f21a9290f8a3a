import CKernels
import Foundation

/// Working memory for searching one index on one thread (HNSW's visited marks and beams).
final class IndexSearcher {
    let scratch: OpaquePointer
    let ef: Int

    init(rows: Int, ef: Int) throws {
        self.ef = ef
        guard let scratch = embsh_hnsw_scratch_new(rows, ef) else {
            throw MemoryError(what: "the index's working memory", bytes: Double(rows * 4), limit: MemoryBudget.available,
                              hint: "free memory")
        }
        self.scratch = scratch
    }

    deinit { embsh_hnsw_scratch_free(scratch) }
}

/// Searchers kept between queries, so a query does not allocate (and fault in) a visited mark
/// per row: HNSW's marks are tagged per search, so a searcher needs no clearing.
final class SearcherPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [IndexSearcher] = []

    /// A searcher for `rows` rows and beams of `ef`, from the pool when one is free.
    func take(rows: Int, ef: Int) throws -> IndexSearcher {
        if let searcher = lock.withLock({ idle.popLast() }), searcher.ef >= ef { return searcher }
        return try IndexSearcher(rows: rows, ef: ef)
    }

    /// Gives a searcher back (at most a few are kept).
    func give(_ searcher: IndexSearcher) {
        lock.withLock { if idle.count < 4 { idle.append(searcher) } }
    }
}

extension NeighborIndex {
    /// The rows below `limit` that the index ranks closest to the unit `query`, for the caller to
    /// rescore exactly: `count` plus `parameters.rerank` (HNSW: at most the beam of `ef`, at least
    /// `count`; best first), in no particular order for the reduced-precision scans. HNSW's
    /// search also starts from the rows `seeds` (the query's own words): a frequent word such as
    /// "the" sits where the descent from the top of the graph rarely arrives, and its own
    /// neighbour list leads to its neighbours.
    func candidates(query: [Float], count: Int, limit: Int, values: UnsafePointer<Float>, inverse: UnsafePointer<Float>,
                    seeds: [Int] = [], searcher: IndexSearcher?) throws -> [Int] {
        switch parameters.method {
        case .hnsw:
            let ef = Swift.max(parameters.ef, count)
            let own = searcher == nil ? try searchers.take(rows: rows, ef: ef) : nil
            defer { own.map(searchers.give) }
            let scratch = (searcher ?? own!).scratch
            var ids = [Int32](repeating: 0, count: ef + 1), scores = [Float](repeating: 0, count: ef + 1)
            var graph = embsh_hnsw(vectors: values, inverse_norms: inverse, count: rows, dim: dim,
                                   m: Int32(parameters.m), m0: Int32(2 * parameters.m),
                                   links0: UnsafeMutablePointer(mutating: parts[2].typed(Int32.self).baseAddress),
                                   upper_offsets: parts[1].typed(Int64.self).baseAddress,
                                   upper: UnsafeMutablePointer(mutating: parts[3].typed(Int32.self).baseAddress),
                                   upper_count: parts[3].bytes.count / 4, levels: parts[0].typed(Int8.self).baseAddress,
                                   entry: Int32(entry), max_level: Int32(maxLevel), locks: nil, entry_lock: nil,
                                   codes: parts.count > 4 ? parts[4].typed(UInt8.self).baseAddress : nil,
                                   code_stride: embsh_hnsw_code_stride(dim))
            let starts = seeds.map { Int32(clamping: $0) }
            let found = query.withUnsafeBufferPointer { q in
                embsh_hnsw_search(&graph, q.baseAddress, ef, limit, starts, starts.count, scratch, &ids, &scores)
            }
            guard found >= 0 else { throw IndexError.damaged("a neighbour list points outside the table") }
            return ids.prefix(Swift.min(Int(found), count + parameters.rerank)).map(Int.init)
        case .int8, .float16:
            return reducedPrecisionScan(query: query, count: count + parameters.rerank, limit: limit, inverse: inverse)
        }
    }

    /// The `count` best rows below `limit` by their int8 or float16 scores, on all cores (split
    /// as the float32 scan splits them), each part keeping its best in C (a candidate buffer
    /// compacted by selection), the parts' best merged here.
    private func reducedPrecisionScan(query: [Float], count: Int, limit: Int, inverse: UnsafePointer<Float>) -> [Int] {
        guard count > 0, limit > 0 else { return [] }
        let int8 = parameters.method == .int8 ? Int8Query(query, offsets: parts[1].typed(Float.self), steps: parts[2].typed(Float.self))
                                              : nil
        let d = dim
        let codes = UncheckedBox(parts[0].bytes.baseAddress!), inv = UncheckedBox(inverse)
        let partial = query.withUnsafeBufferPointer { qb in
            (int8?.values ?? []).withUnsafeBufferPointer { ib in
                let q = UncheckedBox(qb.baseAddress!), q16 = UncheckedBox(ib.baseAddress)
                return Parallel.mapChunks(count: limit, minimumPerChunk: 8192) { range -> TopK in
                    var heap = TopK(k: count)
                    let room = 2 * count + 64
                    var rows = [Int](repeating: 0, count: room), scores = [Float](repeating: 0, count: room)
                    let r = range.lowerBound
                    let found = if let int8 {
                        embsh_int8_best(codes.value.assumingMemoryBound(to: UInt8.self) + r * d, range.count, d, q16.value,
                                        int8.scale, int8.bias, inv.value + r, count, room, &rows, &scores)
                    } else {
                        embsh_float16_best(codes.value.assumingMemoryBound(to: UInt16.self) + r * d, range.count, d, q.value,
                                           inv.value + r, count, room, &rows, &scores)
                    }
                    for n in 0 ..< found { heap.insert(scores[n], r + rows[n]) }
                    return heap
                }
            }
        }
        var merged = partial[0]
        for p in partial.dropFirst() { merged.merge(p) }
        return merged.indices
    }
}

/// A unit query in the form the int8 scan multiplies: score = (bias + scale · Σ values[j] · code[j])
/// · inverse norm, where code[j] · step[j] + offset[j] approximates the row's value j. The query
/// times the steps is rounded to integers in [−127, 127], as large as they can be while no sum of
/// products with codes (at most 255) can pass 2^31 − 1: signed bytes, which VNNI multiplies with
/// the codes in one instruction. Its rounding, like the codes', only picks the candidates that
/// are then rescored in float32.
struct Int8Query {
    let values: [Int16]
    let scale: Float
    let bias: Float

    init(_ query: [Float], offsets: UnsafeBufferPointer<Float>, steps: UnsafeBufferPointer<Float>) {
        var bias: Float = 0
        var scaled = [Double](repeating: 0, count: query.count)
        for j in query.indices {
            bias += query[j] * offsets[j]
            let x = Double(query[j] * steps[j])
            scaled[j] = x.isFinite ? x : 0  // steps read from a damaged file
        }
        let largest = scaled.reduce(0) { Swift.max($0, abs($1)) }, total = scaled.reduce(0) { $0 + abs($1) }
        // Rounded, each |value| ≤ |scaled| · factor + 1/2, so Σ |values| ≤ total · factor + dim / 2 ≤ (2^31 − 1) / 255;
        // past 16,843,009 dimensions there is no room for the halves, and values are truncated instead.
        let bound = Double(Int32.max / 255), room = bound - Double(query.count) / 2
        let factor = largest > 0 ? Swift.min(127 / largest, (room > 0 ? room : bound) / total) : 1
        values = scaled.map { Int16(($0 * factor).rounded(room > 0 ? .toNearestOrAwayFromZero : .towardZero)) }
        scale = Float(1 / factor)
        self.bias = bias
    }
}

extension EmbeddingTable {
    /// An index that can answer a search of the first `limit` rows: the attached one, when
    /// `limit` covers at least half the rows (a smaller restriction is scanned exactly, since
    /// most of what a graph search reaches would then be filtered out).
    public func usableIndex(limit: Int) -> NeighborIndex? {
        guard let index = neighborIndex, limit * 2 >= rows else { return nil }
        return index
    }

    /// The `k` best rows below `limit` for the unit `query`, leaving out `exclude`: the index's
    /// candidates, rescored exactly as the full scan scores them (same kernel, same norms).
    func indexedTopK(_ index: NeighborIndex, query: [Float], k: Int, limit: Int, exclude: [Int],
                     searcher: IndexSearcher? = nil) throws -> [(index: Int, score: Float)] {
        let cache = normCache
        let d = dim
        return try storage.values.withUnsafeBufferPointer { values in
            try cache.inverse.withUnsafeBufferPointer { inverse in
                let candidates = try index.candidates(query: query, count: k + exclude.count, limit: limit,
                                                      values: values.baseAddress!, inverse: inverse.baseAddress!,
                                                      seeds: exclude, searcher: searcher)
                var heap = TopK(k: k)
                // Rows a few candidates ahead are requested while one is scored (they lie anywhere in the table).
                let ahead = 4
                func prefetch(_ n: Int) {
                    guard n < candidates.count else { return }
                    let row = UnsafeRawPointer(values.baseAddress! + candidates[n] * d)
                    for byte in stride(from: 0, to: d * 4, by: 64) { embsh_prefetch(row + byte) }
                }
                for n in 0 ..< ahead { prefetch(n) }
                query.withUnsafeBufferPointer { q in
                    var row = 0, score: Float = 0
                    for (n, c) in candidates.enumerated() {
                        prefetch(n + ahead)
                        guard c < limit && inverse[c] > 0 && !exclude.contains(c) else { continue }
                        _ = embsh_scores_above(values.baseAddress! + c * d, 1, d, q.baseAddress!, inverse.baseAddress! + c,
                                               -.infinity, &row, &score)
                        heap.insert(score, c)
                    }
                }
                return heap.sorted()
            }
        }
    }

    /// Attaches `index`, built from these values (or read back with them from a session file),
    /// and takes the row norms it holds as the norm cache when none is built yet, so a mapped
    /// table answers its first query without reading every row.
    public mutating func attach(_ index: NeighborIndex) throws {
        guard index.rows == rows, index.dim == dim else {
            throw IndexError.damaged("it describes \(index.rows)×\(index.dim) rows, the table is \(rows)×\(dim)")
        }
        storage.seedNorms(Array(index.norms.typed(Float.self)))
        neighborIndex = index
    }

    /// The same table without its index (`exact=true`: the full scan).
    public var withoutIndex: EmbeddingTable {
        var copy = self
        copy.neighborIndex = nil
        return copy
    }
}

extension EmbeddingTable {
    /// `analogyHits` for 3CosAdd through the index: each usable question's query searched on
    /// its own (questions split over the cores, one searcher each), a, b and c left out.
    func indexedAnalogyHits(_ index: NeighborIndex, questions: [(Int, Int, Int)], usable: [(question: Int, query: [Float])],
                            k: Int, limit: Int, answers: [[(index: Int, score: Float)]],
                            interruption: Interruption) throws -> [[(index: Int, score: Float)]] {
        let ef = Swift.max(index.parameters.ef, k + 3)
        let parts = Parallel.mapChunks(count: usable.count, minimumPerChunk: 64) { range -> Result<[[(index: Int, score: Float)]], Error> in
            Result {
                let searcher = index.parameters.method == .hnsw ? try IndexSearcher(rows: rows, ef: ef) : nil
                return try range.map { n in
                    if n % 256 == 0 { try interruption.checkpoint() }
                    let q = questions[usable[n].question]
                    return try indexedTopK(index, query: usable[n].query, k: k, limit: limit, exclude: [q.0, q.1, q.2],
                                           searcher: searcher)
                }
            }
        }
        var all = answers
        var n = 0
        for part in parts {
            for hits in try part.get() {
                all[usable[n].question] = hits
                n += 1
            }
        }
        return all
    }
}
