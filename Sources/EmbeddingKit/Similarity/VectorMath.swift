import Dispatch
import Foundation
import CKernels
import Synchronization

/// SIMD kernels over Float buffers.
enum VectorMath {
    /// Dot product of two buffers of the same length: two SIMD16 accumulators, folded in halves
    /// down to SIMD4 with the 16-, 8- and 4-wide tails added at the matching width, then the
    /// scalar tail (at most 3 values). Every score of a row goes through this one function.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var acc0 = SIMD16<Float>(repeating: 0)
        var acc1 = SIMD16<Float>(repeating: 0)
        var i = 0
        while i &+ 32 <= n {
            acc0 += ra.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: (i &+ 16) &* 4, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: (i &+ 16) &* 4, as: SIMD16<Float>.self)
            i &+= 32
        }
        if i &+ 16 <= n {
            acc0 += ra.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            i &+= 16
        }
        let acc = acc0 + acc1
        var h8 = acc.lowHalf + acc.highHalf
        if i &+ 8 <= n {
            h8 += ra.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
            i &+= 8
        }
        var h4 = h8.lowHalf + h8.highHalf
        if i &+ 4 <= n {
            h4 += ra.loadUnaligned(fromByteOffset: i &* 4, as: SIMD4<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i &* 4, as: SIMD4<Float>.self)
            i &+= 4
        }
        let h2 = h4.lowHalf + h4.highHalf
        var s = h2[0] + h2[1]
        while i < n { s += a[i] * b[i]; i &+= 1 }
        return s
    }

    /// The lanes of `v` added as a tree: (0+4 + 2+6) + (1+5 + 3+7).
    @inline(__always)
    static func sum(_ v: SIMD8<Float>) -> Float {
        let h = v.lowHalf + v.highHalf
        let q = h.lowHalf + h.highHalf
        return q[0] + q[1]
    }

    /// Whether some lane has its sign bit clear (is ≥ +0, or a NaN that the caller rechecks), by
    /// ANDing the lanes' bits: Swift's SIMD comparisons and pointwiseMax go lane by lane.
    @inline(__always)
    static func anyNonNegative(_ v: SIMD16<Float>) -> Bool {
        let bits = unsafeBitCast(v, to: SIMD16<UInt32>.self)
        let b8 = bits.lowHalf & bits.highHalf
        let b4 = b8.lowHalf & b8.highHalf
        let b2 = b4.lowHalf & b4.highHalf
        return (b2[0] & b2[1]) & 0x8000_0000 == 0
    }

    static func dot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        precondition(a.count == b.count)
        if a.isEmpty { return 0 }
        return dot(a.baseAddress!, b.baseAddress!, a.count)
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in dot(pa, pb) } }
    }

    /// Euclidean norm. Squares of values beyond about 1.8e19 overflow Float and those below about
    /// 1e-19 underflow to 0: such vectors are measured again scaled by their largest magnitude, so
    /// a vector of 1e30s is not infinitely long and one of 1e-25s not zero.
    static func norm(_ a: UnsafeBufferPointer<Float>) -> Float {
        if a.isEmpty { return 0 }
        let squares = dot(a.baseAddress!, a.baseAddress!, a.count)
        if squares.isFinite && squares >= Float.leastNormalMagnitude { return squares.squareRoot() }
        let largest = a.reduce(Float(0)) { Swift.max($0, abs($1)) }
        guard largest > 0, largest.isFinite, !a.contains(where: \.isNaN) else { return squares.squareRoot() }
        let scaled = a.reduce(0.0) { sum, value in
            let x = Double(value / largest)
            return sum + x * x
        }
        return Float(scaled.squareRoot() * Double(largest))
    }

    static func norm(_ a: [Float]) -> Float { a.withUnsafeBufferPointer { norm($0) } }

    /// `v / |v|`, or nil when the norm is 0 or not finite.
    static func unit(_ v: [Float]) -> [Float]? {
        let n = norm(v)
        guard n > 0, n.isFinite else { return nil }
        let inv = 1 / n
        return v.map { $0 * inv }
    }
}

/// Splitting work over row ranges and running the parts on all cores.
public enum Parallel {
    /// Number of worker chunks used by default: the processors this process may use, read once
    /// (on Linux `activeProcessorCount` reads the cgroup's files on every call, which a 0.3 ms
    /// query through an index felt).
    public static let defaultChunks = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `count` items split into `parts` contiguous ranges whose sizes differ by at most one.
    public static func ranges(count: Int, parts: Int) -> [Range<Int>] {
        let p = Swift.max(1, Swift.min(parts, Swift.max(count, 1)))
        var out: [Range<Int>] = []
        out.reserveCapacity(p)
        let base = count / p, extra = count % p
        var start = 0
        for i in 0..<p {
            let len = base + (i < extra ? 1 : 0)
            out.append(start ..< start + len)
            start += len
        }
        return out
    }

    /// Number of chunks for `count` items: at most `defaultChunks`, each with at least `minimumPerChunk` items.
    static func chunkCount(count: Int, minimumPerChunk: Int, requested: Int? = nil) -> Int {
        if let requested { return Swift.max(1, Swift.min(requested, Swift.max(count, 1))) }
        return Swift.max(1, Swift.min(defaultChunks, count / Swift.max(1, minimumPerChunk)))
    }

    /// Runs `body` for each range, concurrently when there is more than one.
    static func forEachChunk(count: Int, minimumPerChunk: Int, chunks: Int? = nil,
                             _ body: (Range<Int>) -> Void) {
        let parts = ranges(count: count, parts: chunkCount(count: count, minimumPerChunk: minimumPerChunk, requested: chunks))
        if parts.count == 1 { body(parts[0]); return }
        withoutActuallyEscaping(body) { escaping in
            let box = UncheckedBox(escaping)
            run(parts.count) { box.value(parts[$0]) }
        }
    }

    /// Runs `body` on the ranges of `count` items split into pieces of `pieceSize` (the last may
    /// be shorter), on up to `threads` threads that each take the next piece as they finish one:
    /// a thread the system pauses (a loaded machine) holds up only its current piece, while a
    /// fixed split would make every other thread wait for its whole share. `body` must not depend
    /// on which thread runs a piece or in what order.
    static func forEachPiece(count: Int, pieceSize: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let size = Swift.max(1, pieceSize)
        let pieces = (count + size - 1) / size
        @Sendable func piece(_ i: Int) -> Range<Int> { i * size ..< Swift.min(count, (i + 1) * size) }
        let workers = Swift.max(1, Swift.min(threads, pieces))
        if workers == 1 {
            for i in 0..<pieces { body(piece(i)) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { escaping in
            let box = UncheckedBox(escaping)
            run(workers) { _ in
                while case let i = next.wrappingAdd(1, ordering: .relaxed).oldValue, i < pieces { box.value(piece(i)) }
            }
        }
    }

    /// Runs `body(i)` for each i in 0..<iterations on all cores and returns when all have
    /// finished: on embsh's pool, whose threads stay awake between loops that follow each other
    /// closely (a scan split over the cores, query after query), or, when the pool is already
    /// running a loop (a nested or another thread's), on Dispatch's.
    static func run(_ iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { escaping in
            var task = escaping
            let ran = withUnsafeMutablePointer(to: &task) { pointer in
                embsh_pool_apply(defaultChunks - 1, iterations, pointer) { context, index in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(index)
                }
            }
            if ran == 0 {
                let box = UncheckedBox(escaping)
                DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
            }
        }
    }

    /// Splits `count` items into ranges (at most one per core, each of at least
    /// `minimumPerChunk` items), runs `body` on them concurrently and returns the results in
    /// range order.
    public static func mapChunks<T>(count: Int, minimumPerChunk: Int, chunks: Int? = nil,
                             _ body: (Range<Int>) -> T) -> [T] {
        let parts = ranges(count: count, parts: chunkCount(count: count, minimumPerChunk: minimumPerChunk, requested: chunks))
        if parts.count == 1 { return [body(parts[0])] }
        var results = [T?](repeating: nil, count: parts.count)
        results.withUnsafeMutableBufferPointer { out in
            let o = UncheckedBox(out)
            withoutActuallyEscaping(body) { escaping in
                let box = UncheckedBox(escaping)
                run(parts.count) { o.value[$0] = box.value(parts[$0]) }
            }
        }
        return results.map { $0! }
    }
}

/// Carries a value into `concurrentPerform`; each worker touches disjoint data.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The k best (highest score) items seen so far, kept in a bounded min-heap.
/// Ties are broken by the lower index, so results do not depend on the chunking.
struct TopK {
    let k: Int
    private(set) var scores: [Float] = []
    private(set) var indices: [Int] = []

    init(k: Int) {
        self.k = Swift.max(0, k)
        scores.reserveCapacity(self.k)
        indices.reserveCapacity(self.k)
    }

    /// Whether (s1, i1) ranks below (s2, i2).
    @inline(__always)
    private static func worse(_ s1: Float, _ i1: Int, _ s2: Float, _ i2: Int) -> Bool {
        s1 < s2 || (s1 == s2 && i1 > i2)
    }

    /// Score below which a new item is certainly rejected (-inf until full).
    @inline(__always)
    var threshold: Float { scores.count < k ? -.infinity : scores[0] }

    @inline(__always)
    mutating func insert(_ score: Float, _ index: Int) {
        guard k > 0 else { return }
        let idx = index
        if scores.count < k {
            scores.append(score); indices.append(idx)
            siftUp(scores.count - 1)
        } else if Self.worse(scores[0], indices[0], score, idx) {
            scores[0] = score; indices[0] = idx
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var c = start
        while c > 0 {
            let p = (c - 1) / 2
            if Self.worse(scores[c], indices[c], scores[p], indices[p]) {
                scores.swapAt(c, p); indices.swapAt(c, p); c = p
            } else { break }
        }
    }

    private mutating func siftDown(_ start: Int) {
        var p = start
        let n = scores.count
        while true {
            let l = 2 * p + 1, r = l + 1
            var m = p
            if l < n, Self.worse(scores[l], indices[l], scores[m], indices[m]) { m = l }
            if r < n, Self.worse(scores[r], indices[r], scores[m], indices[m]) { m = r }
            if m == p { return }
            scores.swapAt(p, m); indices.swapAt(p, m); p = m
        }
    }

    mutating func merge(_ other: TopK) {
        for i in 0..<other.scores.count { insert(other.scores[i], other.indices[i]) }
    }

    /// Best first: the heap's worst taken off its root, last place first (k log k steps; a
    /// general sort of the items cost more than a query's whole scan on small tables).
    func sorted() -> [(index: Int, score: Float)] {
        var heap = self
        var items = [(index: Int, score: Float)](repeating: (0, 0), count: scores.count)
        for slot in items.indices.reversed() {
            items[slot] = (heap.indices[0], heap.scores[0])
            heap.scores.swapAt(0, slot)
            heap.indices.swapAt(0, slot)
            heap.scores.removeLast()
            heap.indices.removeLast()
            heap.siftDown(0)
        }
        return items
    }
}
