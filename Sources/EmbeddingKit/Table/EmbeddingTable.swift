import Foundation

/// How a new table's values are drawn.
///
/// - `uniform`: U(-scale, scale), Keras `RandomUniform(-0.05, 0.05)` when `scale` is 0.05 (the default).
/// - `normal`: N(0, scale²), i.e. `scale` is the standard deviation, Keras `RandomNormal(stddev: 0.05)`
///   when `scale` is 0.05 (the default). Not truncated.
/// - `zeros`: all 0 (`scale` and `seed` are ignored).
public enum TableInit: String, CaseIterable, Sendable {
    case uniform
    case normal
    case zeros
}

/// Errors raised when building or addressing a table.
public enum TableError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `rows` or `dim` is 0 or negative.
    case emptyShape(rows: Int, dim: Int)
    /// A row index outside 0..<rows.
    case rowOutOfRange(index: Int, rows: Int)
    /// The value array does not hold rows × dim values.
    case valueCountMismatch(expected: Int, got: Int)
    /// Labels or counts whose number differs from the number of rows.
    case labelCountMismatch(rows: Int, labels: Int)
    case countCountMismatch(rows: Int, counts: Int)
    /// A vector whose length is not the table's dimension.
    case dimensionMismatch(expected: Int, got: Int)
    /// A scale that is negative, NaN or infinite.
    case invalidScale(Float)

    public var description: String {
        switch self {
        case let .emptyShape(rows, dim):
            return "a table needs at least one row and one dimension (got \(rows) × \(dim))"
        case let .rowOutOfRange(index, rows):
            return "row \(index) is out of range (the table has \(rows) rows, 0...\(rows - 1))"
        case let .valueCountMismatch(expected, got):
            return "expected \(expected) values, got \(got)"
        case let .labelCountMismatch(rows, labels):
            return "\(labels) labels for \(rows) rows"
        case let .countCountMismatch(rows, counts):
            return "\(counts) counts for \(rows) rows"
        case let .dimensionMismatch(expected, got):
            return "vector has \(got) values, the table's dimension is \(expected)"
        case let .invalidScale(s):
            return "scale must be a finite number ≥ 0 (got \(s))"
        }
    }
}

/// Human-readable byte sizes ("1.5 GB").
public enum ByteCount {
    public static func format(_ bytes: Double) -> String {
        guard bytes.isFinite else { return bytes.isNaN ? "an unknown size" : "over 1024 EB" }
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var v = bytes
        var u = 0
        while v >= 1024, u < units.count - 1 { v /= 1024; u += 1 }
        if u == 0 { return "\(Int(v)) bytes" }
        if v >= 1024 { return "over 1024 \(units[u])" }
        let rounded = (v * 10).rounded() / 10
        return "\(rounded) \(units[u])"
    }
}

/// Norm statistics of a table's rows.
public struct TableStatistics: Equatable, Sendable {
    public var rows: Int
    public var dim: Int
    public var minNorm: Float
    public var meanNorm: Float
    public var maxNorm: Float
    /// Rows whose values are all 0.
    public var zeroRows: Int
    /// Rows that contain NaN or ±infinity.
    public var nonFiniteRows: Int
}

/// A rows × dim matrix of Float32 values in one contiguous row-major array, with optional
/// word labels (row i ↔ `labels[i]`) and per-row counts.
///
/// A value type: copies share storage until one of them is written (copy-on-write).
/// Row norms (and inverse norms) used by the similarity code are computed lazily on first
/// use and dropped on any write; scores are `dot(row, unitQuery) × (1 / |row|)`, so no
/// normalised copy of the matrix is kept.
///
/// Row order is taken as frequency order (most frequent first), as in word2vec files;
/// `restrict` arguments mean "the first N rows" (gensim's `restrict_vocab`). A table whose counts
/// are not in that order can be reordered with `sortedByCount()`.
public struct EmbeddingTable: Sendable {
    /// The most rows a table made by a command may have (files and sessions are bounded by memory only).
    public static let maxRows = 1_000_000_000
    /// The longest vectors a table made by a command may have.
    public static let maxDimension = 100_000
    /// Random fills poll for a stop request every 2^20 values (a mask; the normal fill steps by 2).
    private static let valuesPerCheck = (1 << 20) - 2

    public let rows: Int
    public let dim: Int
    var storage: TableStorage
    /// Word labels, one per row, when the table has them (decoded and built lazily: see `TableLabels`).
    public private(set) var wordLabels: TableLabels?
    /// Word labels, one per row, when the table has them (every one decoded: `label(_:)` takes one).
    public var labels: [String]? { wordLabels?.words }
    /// Word → row. With duplicate labels the first row wins. Built on first use; `index(of:)`
    /// finds one word without it.
    public var wordIndex: [String: Int] { wordLabels?.rowByWord ?? [:] }
    /// Per-row counts (frequencies), when known.
    public private(set) var counts: [Int]?
    /// The n-gram vectors of a fastText model, when the table is one: words outside the table
    /// then get vectors composed from their n-grams (`vector(composing:)`).
    public var subwords: SubwordVectors?
    /// An approximate nearest-neighbour index of the values (`attach`); every write drops it.
    public internal(set) var neighborIndex: NeighborIndex?
    /// Checks of the borrowed values left for later (`deferChecks`); kept through writes, since
    /// changed values still came from them.
    private var valueChecks: [DeferredCheck] = []

    /// Creates a table filled by `init` (`uniform` and `normal` use `scale`, default 0.05, and a
    /// deterministic generator seeded with `seed`: the same seed gives the same values on every
    /// platform). Refuses empty shapes and sizes above `memoryLimit` (default: what the machine
    /// can give now) before allocating; polls `interruption` while filling.
    public init(rows: Int, dim: Int, init kind: TableInit = .uniform, scale: Float = 0.05,
                seed: UInt64 = 0, labels: [String]? = nil, counts: [Int]? = nil,
                memoryLimit: UInt64? = nil, interruption: Interruption = .never) throws {
        try Self.checkShape(rows: rows, dim: dim, memoryLimit: memoryLimit)
        guard scale.isFinite, scale >= 0 else { throw TableError.invalidScale(scale) }
        let n = rows * dim
        var values: [Float]
        switch kind {
        case .zeros:
            values = HugePageFloats.zeros(count: n)
        case .uniform:
            var rng = Xoshiro256StarStar(seed: seed)
            values = try HugePageFloats.make(count: n) { buf in
                for i in 0..<n {
                    if i & Self.valuesPerCheck == 0 { try interruption.checkpoint() }
                    // u in [0, 1) → [-scale, scale)
                    let u = rng.nextUnitDouble()
                    buf[i] = Float((u * 2 - 1) * Double(scale))
                }
            }
        case .normal:
            var rng = Xoshiro256StarStar(seed: seed)
            values = try HugePageFloats.make(count: n) { buf in
                var i = 0
                while i < n {
                    if i & Self.valuesPerCheck == 0 { try interruption.checkpoint() }
                    let (z0, z1) = rng.nextGaussianPair()
                    buf[i] = Float(z0 * Double(scale))
                    if i + 1 < n { buf[i + 1] = Float(z1 * Double(scale)) }
                    i += 2
                }
            }
        }
        try self.init(rows: rows, dim: dim, values: values, labels: labels, counts: counts)
    }

    /// Wraps existing values (row-major, rows × dim).
    public init(rows: Int, dim: Int, values: [Float], labels: [String]? = nil, counts: [Int]? = nil) throws {
        try self.init(rows: rows, dim: dim, store: FloatValues(values), labels: labels, counts: counts)
    }

    /// Wraps existing values with labels whose index, `buildIndex(labels)`, was built beforehand
    /// (e.g. by a file reader while other threads copied the values).
    public init(rows: Int, dim: Int, values: [Float], labels: [String], wordIndex: [String: Int]) throws {
        try self.init(rows: rows, dim: dim, store: FloatValues(values), labels: TableLabels(labels, index: wordIndex), counts: nil)
    }

    /// Uses `values` (row-major, rows × dim) in place, without copying: they must stay valid
    /// and unchanged while `owner` lives (e.g. a read-only mapping of a session file). The
    /// table copies them the first time it is changed. The labels may be borrowed too (`TableLabels(packed:)`).
    public init(rows: Int, dim: Int, borrowing values: UnsafeBufferPointer<Float>, owner: AnyObject,
                wordLabels: TableLabels?, counts: [Int]? = nil) throws {
        try self.init(rows: rows, dim: dim, store: FloatValues(borrowing: values, owner: owner), labels: wordLabels, counts: counts)
    }

    private init(rows: Int, dim: Int, store: FloatValues, labels: [String]?, counts: [Int]?) throws {
        try self.init(rows: rows, dim: dim, store: store, labels: labels.map { TableLabels($0) }, counts: counts)
    }

    private init(rows: Int, dim: Int, store: FloatValues, labels: TableLabels?, counts: [Int]?) throws {
        guard rows > 0, dim > 0 else { throw TableError.emptyShape(rows: rows, dim: dim) }
        guard let expected = MemoryBudget.product([rows, dim]), store.count == expected else {
            throw TableError.valueCountMismatch(expected: MemoryBudget.product([rows, dim]) ?? Int.max, got: store.count)
        }
        if let labels, labels.count != rows { throw TableError.labelCountMismatch(rows: rows, labels: labels.count) }
        if let counts, counts.count != rows { throw TableError.countCountMismatch(rows: rows, counts: counts.count) }
        self.rows = rows
        self.dim = dim
        self.storage = TableStorage(values: store, dim: dim)
        self.wordLabels = labels
        self.counts = counts
    }

    /// Whether the values are still used in place from borrowed memory (see `init(rows:dim:borrowing:owner:wordLabels:counts:)`).
    public var isBorrowingValues: Bool { storage.values.isBorrowed }

    /// Throws `TableError.emptyShape` when a rows × dim table is empty, `MemoryError` when it
    /// would not fit under `memoryLimit` (default: what the machine can give now).
    public static func checkShape(rows: Int, dim: Int, memoryLimit: UInt64? = nil) throws {
        guard rows > 0, dim > 0 else { throw TableError.emptyShape(rows: rows, dim: dim) }
        try MemoryBudget.reserve([rows, dim], elementSize: MemoryLayout<Float>.size, for: "a \(rows) × \(dim) table",
                                 lower: "lower the number of rows or the dimension", limit: memoryLimit)
    }

    /// Word → row; a repeated word keeps its first row.
    public static func buildIndex(_ labels: [String]?) -> [String: Int] {
        guard let labels else { return [:] }
        return Dictionary(zip(labels, labels.indices), uniquingKeysWith: { first, _ in first })
    }

    // MARK: - Reading

    /// All values, row-major.
    public var values: [Float] { storage.values.array }

    /// Bytes held by the matrix itself (rows × dim × 4); labels and caches not included.
    public var memoryBytes: Int { rows * dim * MemoryLayout<Float>.size }

    /// Bytes held by the lazily built norm cache (0 when not built).
    public var cacheBytes: Int { storage.cachedNorms == nil ? 0 : rows * 8 }

    /// Number of labels that duplicate an earlier label (those rows are reachable by index only).
    public var duplicateLabelCount: Int { (wordLabels?.count ?? 0) - wordIndex.count }

    /// Whether the rows have word labels.
    public var hasLabels: Bool { wordLabels != nil }

    /// The label of row `i`, or nil (no labels, or no such row).
    public func label(_ i: Int) -> String? {
        guard let wordLabels, i >= 0, i < wordLabels.count else { return nil }
        return wordLabels[i]
    }

    /// Integrity checks of the borrowed values and index left for later (see `DeferredCheck`).
    public var deferredChecks: [DeferredCheck] { valueChecks + (neighborIndex?.deferredChecks ?? []) }

    /// Adds checks of the borrowed values to run later (e.g. the checksum of a session file's block).
    public mutating func deferChecks(_ checks: [DeferredCheck]) { valueChecks += checks }

    /// Row `i` as a new array.
    public func row(_ i: Int) throws -> [Float] {
        guard i >= 0, i < rows else { throw TableError.rowOutOfRange(index: i, rows: rows) }
        return storage.values[i * dim ..< (i + 1) * dim]
    }

    /// Row index of `word`, or nil.
    public func index(of word: String) -> Int? { wordLabels?.row(of: word) }

    /// Whether the table has a row labelled `word`.
    public func contains(_ word: String) -> Bool { index(of: word) != nil }

    /// The vector of `word`; throws `EmbeddingError.unknownWords` (with spelling suggestions) when absent.
    public func row(forWord word: String) throws -> [Float] {
        guard let i = index(of: word) else { throw unknownWordsError([word]) }
        return try row(i)
    }

    /// Rows at `indices`, concatenated (indices.count × dim values): an embedding lookup.
    public func lookup(indices: [Int]) throws -> [Float] {
        var out = [Float](repeating: 0, count: indices.count * dim)
        try storage.values.withUnsafeBufferPointer { src in
            try out.withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    guard i >= 0, i < rows else { throw TableError.rowOutOfRange(index: i, rows: rows) }
                    let from = src.baseAddress! + i * dim
                    (dst.baseAddress! + k * dim).update(from: from, count: dim)
                }
            }
        }
        return out
    }

    /// Same as `lookup(indices:)`, one array per row.
    public func rows(_ indices: [Int]) throws -> [[Float]] {
        try indices.map { try row($0) }
    }

    /// Calls `body` with the row-major values.
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.values.withUnsafeBufferPointer(body)
    }

    /// Euclidean norms of all rows (cached).
    public var norms: [Float] { storage.normCache().norms }

    /// Row norm statistics.
    public var statistics: TableStatistics {
        let norms = storage.normCache().norms
        var minN = Float.infinity, maxN: Float = 0, sum: Double = 0
        var zeros = 0, nonFinite = 0
        for n in norms {
            if !n.isFinite { nonFinite += 1; continue }
            if n == 0 { zeros += 1 }
            minN = Swift.min(minN, n); maxN = Swift.max(maxN, n); sum += Double(n)
        }
        let finite = rows - nonFinite
        return TableStatistics(rows: rows, dim: dim, minNorm: finite > 0 ? minN : .nan,
                               meanNorm: finite > 0 ? Float(sum / Double(finite)) : .nan,
                               maxNorm: finite > 0 ? maxN : .nan, zeroRows: zeros, nonFiniteRows: nonFinite)
    }

    // MARK: - Writing (each write drops the caches)

    private mutating func makeUnique() {
        neighborIndex = nil
        if !isKnownUniquelyReferenced(&storage) {
            storage = TableStorage(values: storage.values, dim: dim)
        } else {
            storage.invalidate()
        }
    }

    /// Replaces row `i`.
    public mutating func setRow(_ i: Int, _ vector: [Float]) throws {
        guard i >= 0, i < rows else { throw TableError.rowOutOfRange(index: i, rows: rows) }
        guard vector.count == dim else { throw TableError.dimensionMismatch(expected: dim, got: vector.count) }
        makeUnique()
        let d = dim
        storage.values.withUnsafeMutableBufferPointer { buf in
            for j in 0..<d { buf[i * d + j] = vector[j] }
        }
    }

    /// Calls `body` with the mutable row-major values.
    public mutating func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        makeUnique()
        return try storage.values.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Scales every row to unit length; rows of zeros stay zero.
    public mutating func normalize() {
        let d = dim, n = rows
        makeUnique()
        storage.values.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            for i in 0..<n {
                let r = base + i * d
                let norm = VectorMath.norm(UnsafeBufferPointer(start: r, count: d))
                if norm > 0, norm.isFinite {
                    for j in 0..<d { r[j] /= norm }
                }
                // A row whose norm is beyond Float (values near its maximum) is scaled in two steps.
                else if norm == .infinity, let largest = UnsafeBufferPointer(start: r, count: d).map(abs).max(),
                        largest.isFinite {
                    for j in 0..<d { r[j] /= largest }
                    let rest = VectorMath.norm(UnsafeBufferPointer(start: r, count: d))
                    for j in 0..<d { r[j] /= rest }
                }
            }
        }
    }

    /// Replaces the labels (nil removes them). Duplicate labels: the first row wins in lookups.
    public mutating func setLabels(_ labels: [String]?) throws {
        if let labels, labels.count != rows { throw TableError.labelCountMismatch(rows: rows, labels: labels.count) }
        wordLabels = labels.map { TableLabels($0) }
    }

    /// Replaces the per-row counts.
    public mutating func setCounts(_ counts: [Int]?) throws {
        if let counts, counts.count != rows { throw TableError.countCountMismatch(rows: rows, counts: counts.count) }
        self.counts = counts
    }

    /// Whether the counts (when present) are in non-increasing order, so that "the first N rows"
    /// (`restrict`) are the N most frequent words. True when there are no counts.
    public var isFrequencyOrdered: Bool {
        guard let counts else { return true }
        return zip(counts, counts.dropFirst()).allSatisfy { $0 >= $1 }
    }

    /// A copy with rows reordered by descending count (ties keep their order), so that `restrict`
    /// arguments select the most frequent words. Returns `self` when there are no counts.
    public func sortedByCount() -> EmbeddingTable {
        guard let counts, !isFrequencyOrdered else { return self }
        let order = counts.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
        let d = dim
        var values = HugePageFloats.zeros(count: rows * d)
        storage.values.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for (k, i) in order.enumerated() {
                    (dst.baseAddress! + k * d).update(from: src.baseAddress! + i * d, count: d)
                }
            }
        }
        // Shapes and counts were already valid, so this cannot fail.
        return try! EmbeddingTable(rows: rows, dim: dim, values: values, labels: labels.map { l in order.map { l[$0] } },
                                   counts: order.map { counts[$0] })
    }

    // MARK: - Internal access for the similarity code

    /// Row norms and inverse norms, computed once per version of the values.
    var normCache: NormCache { storage.normCache() }

    /// Row `i` divided by its norm (as gensim's `vectors[i] / norms[i]`); zeros for a zero row.
    func unitRow(_ i: Int, _ cache: NormCache) -> [Float] {
        let n = cache.norms[i]
        let d = dim
        return storage.values.withUnsafeBufferPointer { v in
            (0..<d).map { n > 0 ? v[i * d + $0] / n : 0 }
        }
    }
}

/// Row norms and their inverses (0 for zero or non-finite rows).
final class NormCache: @unchecked Sendable {
    let norms: [Float]
    let inverse: [Float]
    init(norms: [Float]) {
        self.norms = norms
        self.inverse = norms.map { $0 > 0 && $0.isFinite ? 1 / $0 : 0 }
    }
}

/// Shared storage of a table; the norm cache is built under a lock so concurrent readers are safe.
final class TableStorage: @unchecked Sendable {
    var values: FloatValues
    let dim: Int
    private let lock = NSLock()
    private var cache: NormCache?

    init(values: FloatValues, dim: Int) {
        self.values = values
        self.dim = dim
    }

    var cachedNorms: NormCache? { lock.lock(); defer { lock.unlock() }; return cache }

    /// Takes `norms` (computed from these values earlier) as the cache when none is built.
    func seedNorms(_ norms: [Float]) {
        lock.lock()
        defer { lock.unlock() }
        if cache == nil, norms.count * dim == values.count { cache = NormCache(norms: norms) }
    }

    func invalidate() { lock.lock(); cache = nil; lock.unlock() }

    func normCache() -> NormCache {
        lock.lock()
        defer { lock.unlock() }
        if let cache { return cache }
        let d = dim
        let n = values.count / d
        var norms = [Float](repeating: 0, count: n)
        values.withUnsafeBufferPointer { src in
            norms.withUnsafeMutableBufferPointer { nb in
                let out = UncheckedBox(nb)
                Parallel.forEachChunk(count: n, minimumPerChunk: 16384) { range in
                    for i in range {
                        out.value[i] = VectorMath.norm(UnsafeBufferPointer(rebasing: src[i * d ..< (i + 1) * d]))
                    }
                }
            }
        }
        let c = NormCache(norms: norms)
        cache = c
        return c
    }
}

// MARK: - Random numbers

/// xoshiro256** seeded through SplitMix64: small, fast, identical on every platform.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s = (sm.next(), sm.next(), sm.next(), sm.next())
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = Self.rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Two independent standard normal values (Box–Muller; uses only sqrt, log, sin, cos).
    public mutating func nextGaussianPair() -> (Double, Double) {
        var u1 = nextUnitDouble()
        while u1 <= 0 { u1 = nextUnitDouble() }
        let u2 = nextUnitDouble()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        return (r * Foundation.cos(theta), r * Foundation.sin(theta))
    }
}

/// SplitMix64, used to expand a seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
