import CKernels
import Dispatch
import Foundation

/// How an index finds candidates for the nearest rows of a table.
///
/// - `hnsw`: a Hierarchical Navigable Small World graph (Malkov & Yashunin), as hnswlib and
///   FAISS's `IndexHNSWFlat` build it: sub-linear search, approximate (recall set by `ef`).
/// - `int8`, `float16`: every row scanned in reduced precision (FAISS's `IndexScalarQuantizer`
///   with `QT_8bit` or `QT_fp16`: int8 codes per dimension between its minimum and maximum),
///   then the best `k + rerank` rescored in float32 (`IndexRefineFlat`).
public enum IndexMethod: String, CaseIterable, Sendable {
    case hnsw
    case int8
    case float16
}

/// The settings of an index; `IndexParameters.ranges` gives the values each may take.
public struct IndexParameters: Equatable, Sendable {
    public var method: IndexMethod = .hnsw
    /// HNSW: neighbours per row on the upper levels (twice as many on level 0).
    public var m = 16
    /// HNSW: beam width while building.
    public var efConstruction = 100
    /// HNSW: beam width while searching (at least k plus the words left out is used). 128: on the
    /// 43,889-word corpus table, recall@10 0.9965 over evenly spread words and 0.978 over the 200
    /// most frequent (64: 0.993 and 0.951), at 62 µs a query against 37 µs.
    public var ef = 128
    /// Candidates rescored in float32 beyond k (HNSW: the best of its beam by their codes' scores).
    public var rerank = 40

    public init(method: IndexMethod = .hnsw, m: Int = 16, efConstruction: Int = 100, ef: Int = 128, rerank: Int = 40) {
        (self.method, self.m, self.efConstruction, self.ef, self.rerank) = (method, m, efConstruction, ef, rerank)
    }

    /// The allowed values of each parameter.
    public static let mRange = 2 ... 128
    public static let efRange = 1 ... 100_000
    public static let rerankRange = 0 ... 100_000
}

/// Why an index cannot be built or used.
public enum IndexError: Error, Equatable, Sendable, CustomStringConvertible {
    case notIndexable(String)
    case damaged(String)

    public var description: String {
        switch self {
        case .notIndexable(let reason): return reason
        case .damaged(let reason): return "the index is damaged: \(reason)"
        }
    }
}

/// Progress of a build: rows done, of `total`, `seconds` after the start.
public typealias IndexProgress = (done: Int, total: Int, seconds: Double)

/// An approximate nearest-neighbour index of one table's rows by cosine, attached to the table
/// (`EmbeddingTable.neighborIndex`) and dropped when its values change. Its arrays are plain
/// little-endian bytes (`sections`), saved as they are and used in place from a mapped file.
///
/// Sections: the row norms (float32, as the table's norm cache computes them), then for `hnsw`
/// the levels (int8), upper-list offsets (int64), level-0 lists (int32 × (2m + 1) per row),
/// upper lists (int32) and the codes searches traverse the graph with (per row a float32 scale
/// and the unit row in int8, `embsh_hnsw_code_stride` bytes; absent from files of embsh before
/// them, whose graphs are searched in float32); for `int8` the codes (uint8 rows × dim),
/// per-dimension offsets and steps (float32); for `float16` the values as IEEE half floats.
public struct NeighborIndex: @unchecked Sendable {
    public let parameters: IndexParameters
    public let rows: Int
    public let dim: Int
    /// HNSW: the entry row and the top level (−1 and 0 for a graph without rows).
    public let entry: Int
    public let maxLevel: Int
    let norms: IndexBytes
    let parts: [IndexBytes]
    /// Working memory reused by successive searches.
    let searchers = SearcherPool()
    /// Checks of the borrowed arrays left for later (e.g. checksums of a session file's large blocks).
    let deferredChecks: [DeferredCheck]

    /// The bytes of every section, in the documented order (for saving).
    public var sections: [UnsafeRawBufferPointer] { [norms.bytes] + parts.map(\.bytes) }

    /// Bytes held by the index.
    public var memoryBytes: Int { sections.reduce(0) { $0 + $1.count } }

    /// Rows reachable through the index (rows with a cosine: non-zero and finite).
    public var indexedRows: Int {
        norms.typed(Float.self).reduce(0) { $0 + ($1 > 0 && $1.isFinite ? 1 : 0) }
    }

    /// The byte size of each section for an index of this shape, or nil when it cannot exist.
    static func sectionSizes(_ p: IndexParameters, rows: Int, dim: Int, upperCount: Int) -> [Int]? {
        guard rows >= 0, dim > 0, upperCount >= 0, IndexParameters.mRange.contains(p.m),
              let normBytes = MemoryBudget.product([rows, 4]) else { return nil }
        switch p.method {
        case .hnsw:
            guard let links = MemoryBudget.product([rows, 2 * p.m + 1, 4]), let offsets = MemoryBudget.product([rows, 8]),
                  let upper = MemoryBudget.product([upperCount, 4]),
                  let codes = MemoryBudget.product([rows, embsh_hnsw_code_stride(dim)]) else { return nil }
            return [normBytes, rows, offsets, links, upper, codes]
        case .int8:
            guard let codes = MemoryBudget.product([rows, dim]) else { return nil }
            return [normBytes, codes, dim * 4, dim * 4]
        case .float16:
            guard let halves = MemoryBudget.product([rows, dim, 2]) else { return nil }
            return [normBytes, halves]
        }
    }

    /// An index read back from `sections` (borrowed while `owner` lives), checked against its
    /// description: sizes, entry row and level. Neighbour ids are checked as a search reads them,
    /// so arrays not verified yet (`deferredChecks`) can give wrong answers, never a read outside.
    public init(parameters: IndexParameters, rows: Int, dim: Int, entry: Int, maxLevel: Int,
                sections: [UnsafeRawBufferPointer], owner: AnyObject, deferredChecks: [DeferredCheck] = []) throws {
        guard IndexParameters.mRange.contains(parameters.m), IndexParameters.efRange.contains(parameters.ef),
              IndexParameters.efRange.contains(parameters.efConstruction),
              IndexParameters.rerankRange.contains(parameters.rerank) else {
            throw IndexError.damaged("parameters out of range (m \(parameters.m), ef \(parameters.ef))")
        }
        let upperCount = parameters.method == .hnsw && sections.count >= 5 ? sections[4].count / 4 : 0
        // An HNSW index saved before the codes existed has no last section.
        guard var sizes = Self.sectionSizes(parameters, rows: rows, dim: dim, upperCount: upperCount) else {
            throw IndexError.damaged("its arrays do not have the sizes of a \(rows)×\(dim) \(parameters.method.rawValue) index")
        }
        if parameters.method == .hnsw && sections.count == sizes.count - 1 { sizes.removeLast() }
        guard sizes == sections.map(\.count) else {
            throw IndexError.damaged("its arrays do not have the sizes of a \(rows)×\(dim) \(parameters.method.rawValue) index")
        }
        guard sections.allSatisfy({ Int(bitPattern: $0.baseAddress) % 8 == 0 }) else {
            throw IndexError.damaged("its arrays are not aligned to 8 bytes")
        }
        if parameters.method == .hnsw {
            guard (entry == -1 && maxLevel == 0) || (entry >= 0 && entry < rows && (0 ... 127).contains(maxLevel)
                    && Int(sections[1].load(fromByteOffset: entry, as: Int8.self)) == maxLevel) else {
                throw IndexError.damaged("entry row \(entry) at level \(maxLevel)")
            }
        }
        self.parameters = parameters
        self.rows = rows
        self.dim = dim
        self.entry = entry
        self.maxLevel = maxLevel
        norms = IndexBytes(borrowing: sections[0], owner: owner)
        parts = sections.dropFirst().map { IndexBytes(borrowing: $0, owner: owner) }
        self.deferredChecks = deferredChecks
    }

    /// The same index searching with a beam of `ef` (HNSW) and re-ranking `rerank` more
    /// candidates (reduced precision): the search-time settings, changed without a rebuild.
    public func searching(ef: Int, rerank: Int) -> NeighborIndex {
        var p = parameters
        p.ef = Swift.max(IndexParameters.efRange.lowerBound, Swift.min(ef, IndexParameters.efRange.upperBound))
        p.rerank = Swift.max(0, Swift.min(rerank, IndexParameters.rerankRange.upperBound))
        return NeighborIndex(parameters: p, rows: rows, dim: dim, entry: entry, maxLevel: maxLevel, norms: norms, parts: parts,
                             deferredChecks: deferredChecks)
    }

    init(parameters: IndexParameters, rows: Int, dim: Int, entry: Int, maxLevel: Int, norms: IndexBytes, parts: [IndexBytes],
         deferredChecks: [DeferredCheck] = []) {
        (self.parameters, self.rows, self.dim, self.entry, self.maxLevel) = (parameters, rows, dim, entry, maxLevel)
        (self.norms, self.parts, self.deferredChecks) = (norms, parts, deferredChecks)
    }
}

// MARK: - Building

extension NeighborIndex {
    /// Rows inserted between polls of `interruption` and progress reports.
    static let batch = 4096

    /// Builds an index of `table`'s rows. HNSW inserts rows on `threads` threads (default: all
    /// cores; with 1 the graph is the same on every run for a given `seed`), reporting progress
    /// and polling `interruption` every few thousand rows. Refuses a table without labels.
    public static func build(_ table: EmbeddingTable, parameters: IndexParameters, threads: Int? = nil, seed: UInt64 = 1,
                             interruption: Interruption = .never,
                             progress: (IndexProgress) -> Void = { _ in }) throws -> NeighborIndex {
        guard table.hasLabels else {
            throw IndexError.notIndexable("the table has no words to search for: an index serves nearest, analogy "
                + "and evaluate, which take words (import or make it with labels)")
        }
        let norms = table.norms
        let rows = table.rows, dim = table.dim
        try MemoryBudget.reserve([rows, parameters.method == .hnsw ? (2 * parameters.m + 1) * 4 + 13 + embsh_hnsw_code_stride(dim) : dim * 2 + 4],
                                 elementSize: 1, for: "the index", lower: "use a smaller m", limit: nil)
        let normBytes = IndexBytes(copying: norms)
        switch parameters.method {
        case .hnsw:
            return try buildGraph(table, parameters: parameters, norms: normBytes, threads: threads ?? Parallel.defaultChunks,
                                  seed: seed, interruption: interruption, progress: progress)
        case .int8:
            return try quantize(table, parameters: parameters, norms: normBytes, interruption: interruption)
        case .float16:
            let halves = IndexBytes(zeroed: rows * dim * 2)
            let out = UncheckedBox(halves.mutable.bindMemory(to: UInt16.self).baseAddress!)
            table.withUnsafeValues { values in
                let source = UncheckedBox(values.baseAddress!)
                Parallel.forEachChunk(count: rows, minimumPerChunk: 4096) { range in
                    embsh_float_to_half(source.value + range.lowerBound * dim, out.value + range.lowerBound * dim,
                                        range.count * dim)
                }
            }
            try interruption.checkpoint()
            return NeighborIndex(parameters: parameters, rows: rows, dim: dim, entry: -1, maxLevel: 0, norms: normBytes,
                                 parts: [halves])
        }
    }

    /// int8 codes: per dimension, the range of the finite values split into 255 steps.
    private static func quantize(_ table: EmbeddingTable, parameters: IndexParameters, norms: IndexBytes,
                                 interruption: Interruption) throws -> NeighborIndex {
        let rows = table.rows, dim = table.dim
        var low = [Float](repeating: .infinity, count: dim), high = [Float](repeating: -.infinity, count: dim)
        table.withUnsafeValues { values in
            for r in 0 ..< rows {
                for j in 0 ..< dim where values[r * dim + j].isFinite {
                    low[j] = Swift.min(low[j], values[r * dim + j])
                    high[j] = Swift.max(high[j], values[r * dim + j])
                }
            }
        }
        try interruption.checkpoint()
        let offsets = low.map { $0.isFinite ? $0 : 0 }
        let steps = zip(low, high).map { l, h in l.isFinite && h > l ? (h - l) / 255 : 1 }
        let codes = IndexBytes(zeroed: rows * dim)
        let out = UncheckedBox(codes.mutable.baseAddress!.assumingMemoryBound(to: UInt8.self))
        table.withUnsafeValues { values in
            let source = UncheckedBox(values.baseAddress!)
            Parallel.forEachChunk(count: rows, minimumPerChunk: 4096) { range in
                for i in range.lowerBound * dim ..< range.upperBound * dim {
                    let j = i % dim
                    let q = ((source.value[i] - offsets[j]) / steps[j]).rounded()
                    out.value[i] = q.isNaN ? 0 : UInt8(Swift.max(0, Swift.min(255, q)))
                }
            }
        }
        try interruption.checkpoint()
        return NeighborIndex(parameters: parameters, rows: rows, dim: dim, entry: -1, maxLevel: 0, norms: norms,
                             parts: [codes, IndexBytes(copying: offsets), IndexBytes(copying: steps)])
    }

    private static func buildGraph(_ table: EmbeddingTable, parameters p: IndexParameters, norms: IndexBytes, threads: Int,
                                   seed: UInt64, interruption: Interruption,
                                   progress: (IndexProgress) -> Void) throws -> NeighborIndex {
        let rows = table.rows, dim = table.dim, m = p.m
        let normValues = norms.typed(Float.self)
        let inverse = normValues.map { $0 > 0 && $0.isFinite ? 1 / $0 : 0 }
        // Levels: ⌊−ln(u) / ln(m)⌋ (hnswlib's mult = 1/ln M); rows without a cosine stay out (−1).
        var rng = Xoshiro256StarStar(seed: seed)
        let levelScale = 1 / log(Double(m))
        var levels = [Int8](repeating: -1, count: rows)
        var upperOffsets = [Int64](repeating: -1, count: rows)
        var upperCount = 0
        for r in 0 ..< rows {
            let u = Swift.max(rng.nextUnitDouble(), 1e-300)
            guard inverse[r] > 0 else { continue }
            let level = Swift.min(32, Int(-log(u) * levelScale))
            levels[r] = Int8(level)
            if level > 0 {
                upperOffsets[r] = Int64(upperCount)
                upperCount += level * (m + 1)
            }
        }
        let levelBytes = IndexBytes(copying: levels), offsetBytes = IndexBytes(copying: upperOffsets)
        let links = IndexBytes(zeroed: rows * (2 * m + 1) * 4)
        let upper = IndexBytes(zeroed: upperCount * 4)
        var locks = [UInt8](repeating: 0, count: rows)
        var entryLock: UInt8 = 0
        let threadCount = Swift.max(1, Swift.min(threads, 64))
        let scratches = (0 ..< threadCount).map { _ in embsh_hnsw_scratch_new(rows, p.efConstruction + 1) }
        defer { scratches.forEach { embsh_hnsw_scratch_free($0) } }
        guard scratches.allSatisfy({ $0 != nil }) else {
            throw MemoryError(what: "the index's working memory", bytes: Double(rows * 4 * threadCount),
                              limit: MemoryBudget.available, hint: "use fewer threads")
        }
        let codes = encode(table, inverse: inverse)
        let start = Date()
        var graph = embsh_hnsw()
        let failed = try inverse.withUnsafeBufferPointer { inv in
            try table.withUnsafeValues { values in
                try levels.withUnsafeBufferPointer { levelPointer in
                    try locks.withUnsafeMutableBufferPointer { lockPointer in
                        try withUnsafeMutablePointer(to: &entryLock) { entryLockPointer in
                            graph = embsh_hnsw(vectors: values.baseAddress, inverse_norms: inv.baseAddress, count: rows, dim: dim,
                                               m: Int32(m), m0: Int32(2 * m),
                                               links0: links.mutable.bindMemory(to: Int32.self).baseAddress,
                                               upper_offsets: offsetBytes.typed(Int64.self).baseAddress,
                                               upper: upper.mutable.bindMemory(to: Int32.self).baseAddress,
                                               upper_count: upperCount, levels: levelPointer.baseAddress,
                                               entry: -1, max_level: 0,
                                               locks: lockPointer.baseAddress, entry_lock: entryLockPointer,
                                               codes: codes.typed(UInt8.self).baseAddress, code_stride: embsh_hnsw_code_stride(dim))
                            return try insertAll(&graph, rows: rows, threads: threadCount, scratches: scratches,
                                                 ef: p.efConstruction, start: start, interruption: interruption, progress: progress)
                        }
                    }
                }
            }
        }
        if failed { throw IndexError.damaged("the graph could not be built (out of memory)") }
        try interruption.checkpoint()
        return NeighborIndex(parameters: p, rows: rows, dim: dim, entry: Int(graph.entry), maxLevel: Int(graph.max_level),
                             norms: norms, parts: [levelBytes, offsetBytes, links, upper, codes])
    }

    /// The graph's search codes of `table`'s rows (`embsh_hnsw_encode`), on all cores.
    private static func encode(_ table: EmbeddingTable, inverse: [Float]) -> IndexBytes {
        let dim = table.dim, stride = embsh_hnsw_code_stride(dim)
        let codes = IndexBytes(zeroed: table.rows * stride)
        let out = UncheckedBox(codes.mutable.bindMemory(to: UInt8.self).baseAddress!)
        inverse.withUnsafeBufferPointer { inv in
            table.withUnsafeValues { values in
                let source = UncheckedBox(values.baseAddress!), norms = UncheckedBox(inv.baseAddress!)
                Parallel.forEachChunk(count: table.rows, minimumPerChunk: 4096) { range in
                    let r = range.lowerBound
                    embsh_hnsw_encode(source.value + r * dim, norms.value + r, range.count, dim, out.value + r * stride)
                }
            }
        }
        return codes
    }

    /// Inserts rows in batches: row r of a batch on thread r mod `threads`. True when an insertion failed.
    private static func insertAll(_ graph: inout embsh_hnsw, rows: Int, threads: Int, scratches: [OpaquePointer?], ef: Int,
                                  start: Date, interruption: Interruption,
                                  progress: (IndexProgress) -> Void) throws -> Bool {
        let failures = UnsafeMutableBufferPointer<Bool>.allocate(capacity: threads)
        failures.initialize(repeating: false)
        defer { failures.deallocate() }
        let failed = UncheckedBox(failures)
        try withUnsafeMutablePointer(to: &graph) { pointer in
            let graphBox = UncheckedBox(pointer)
            var done = 0
            while done < rows {
                try interruption.checkpoint()
                // The first row goes in alone: it becomes the entry point.
                let end = done == 0 ? 1 : Swift.min(rows, done + batch * threads)
                let first = done
                let shared = UncheckedBox(scratches)
                let body: @Sendable (Int) -> Void = { t in
                    var r = first + t
                    while r < end {
                        if embsh_hnsw_insert(graphBox.value, Int32(r), ef, shared.value[t]) != 0 { failed.value[t] = true }
                        r += threads
                    }
                }
                if threads == 1 || end - first < threads { for t in 0 ..< Swift.min(threads, end - first) { body(t) } }
                else { DispatchQueue.concurrentPerform(iterations: threads, execute: body) }
                done = end
                progress((done, rows, Date().timeIntervalSince(start)))
            }
        }
        return failures.contains(true)
    }
}
