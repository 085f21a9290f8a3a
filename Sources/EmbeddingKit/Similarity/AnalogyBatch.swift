/// Many analogy questions answered in one pass over the table.
///
/// Questions share words (questions-words.txt has 19,544 questions over 905 words), so instead of
/// one query vector per question, each block of rows is multiplied once by the unit vectors of the
/// distinct words (a rows × words matrix of cosines), and a question's score for a row is a
/// combination of three of those cosines, computed for a whole block of rows with SIMD:
/// - 3CosAdd: cos(b) + cos(c) − cos(a), gensim's score times a positive constant per question;
/// - 3CosMul: (1 + cos b)/2 · (1 + cos c)/2 / ((1 + cos a)/2 + 1e-6), gensim's score.
/// A few more candidates than asked for are kept per question and rescored exactly as the
/// one-question paths score them, so a batch answers what single calls answer.
struct AnalogyBatch {
    /// Candidates kept beyond `k`, so that rounding cannot push a true answer out before rescoring.
    static let margin = 2
    /// At most this many distinct words per pass; a batch with more words takes several passes.
    static let maxWords = 2048

    let method: AnalogyMethod
    /// Distinct question words (rows), their unit vectors padded to `paddedDim` (zeros after `dim`).
    let words: [Int]
    let units: [Float]
    /// Per question: the slots of a, b and c in `words`, and the rows themselves.
    let slots: [(a: Int, b: Int, c: Int)]
    let rows: [(a: Int, b: Int, c: Int)]
    let dim: Int
    let paddedDim: Int
    /// Rows per block: the block's cosines (words × block floats) stay within the core's L2 cache.
    let block: Int

    init(questions: ArraySlice<(Int, Int, Int)>, method: AnalogyMethod, table: EmbeddingTable, cache: NormCache) {
        var slot: [Int: Int] = [:], words: [Int] = []
        func slotOf(_ row: Int) -> Int {
            if let s = slot[row] { return s }
            slot[row] = words.count
            words.append(row)
            return words.count - 1
        }
        self.slots = questions.map { (slotOf($0.0), slotOf($0.1), slotOf($0.2)) }
        self.rows = questions.map { (a: $0.0, b: $0.1, c: $0.2) }
        if words.count % 2 == 1 { words.append(words[0]) }  // the kernel takes words in pairs
        self.words = words
        self.method = method
        self.dim = table.dim
        self.paddedDim = (table.dim + 7) / 8 * 8
        var units = [Float](repeating: 0, count: words.count * paddedDim)
        for (s, row) in words.enumerated() {
            let unit = table.unitRow(row, cache)
            for j in 0..<table.dim { units[s * paddedDim + j] = unit[j] }
        }
        self.units = units
        self.block = Swift.max(16, Swift.min(256, (1 << 19) / (4 * words.count)) / 16 * 16)
    }

    /// Groups of consecutive questions with fewer than `maxWords` distinct words each (one slot is
    /// kept for padding to an even count).
    static func groups(_ questions: [(Int, Int, Int)], maxWords: Int = maxWords) -> [Range<Int>] {
        var out: [Range<Int>] = [], seen = Set<Int>(), start = 0
        for (i, q) in questions.enumerated() {
            let new = [q.0, q.1, q.2].filter { !seen.contains($0) }.count
            if seen.count + new > maxWords - 1 { out.append(start..<i); seen = []; start = i }
            seen.formUnion([q.0, q.1, q.2])
        }
        if start < questions.count { out.append(start..<questions.count) }
        return out
    }

    /// The best `candidates` rows of `range` per question by the combined score (a, b, c excluded).
    func scan(values: UnsafePointer<Float>, inverse: UnsafePointer<Float>, range: Range<Int>, candidates: Int,
              interruption: Interruption) -> [TopK] {
        var heaps = slots.map { _ in TopK(k: candidates) }
        var thresholds = [Float](repeating: -.infinity, count: slots.count)
        let b = block, dp = paddedDim, nw = words.count
        var tile = [Float](repeating: 0, count: b * dp)
        var scales = [Float](repeating: 0, count: b)
        var cosines = [Float](repeating: 0, count: nw * b)
        units.withUnsafeBufferPointer { units in
          tile.withUnsafeMutableBufferPointer { tile in
            scales.withUnsafeMutableBufferPointer { scales in
              cosines.withUnsafeMutableBufferPointer { cosines in
                var start = range.lowerBound
                while start < range.upperBound && !interruption.isRequested {
                    let n = Swift.min(b, range.upperBound - start)
                    for r in 0..<n {
                        (tile.baseAddress! + r * dp).update(from: values + (start + r) * dim, count: dim)
                        // A row without a cosine (inverse norm 0) scores NaN, which no threshold admits.
                        scales[r] = inverse[start + r] > 0 ? inverse[start + r] : .nan
                    }
                    Self.cosines(tile: tile.baseAddress!, scales: scales.baseAddress!, rows: b, units: units.baseAddress!,
                                 words: nw, paddedDim: dp, into: cosines.baseAddress!)
                    if method == .mul {
                        for i in 0..<cosines.count { cosines[i] = (1 + cosines[i]) / 2 }
                    }
                    for q in 0..<slots.count {
                        select(question: q, cosines: cosines.baseAddress!, first: start, count: n,
                               heap: &heaps[q], threshold: &thresholds[q])
                    }
                    start += n
                }
              }
            }
          }
        }
        return heaps
    }

    /// cosines[w × rows + r] = dot(tile row r, unit w) × scales[r], two rows by two words at a time.
    static func cosines(tile: UnsafePointer<Float>, scales: UnsafePointer<Float>, rows: Int, units: UnsafePointer<Float>,
                        words: Int, paddedDim dp: Int, into out: UnsafeMutablePointer<Float>) {
        let x = UnsafeRawPointer(tile), y = UnsafeRawPointer(units)
        for r in stride(from: 0, to: rows, by: 2) {
            let x0 = r * dp * 4, x1 = x0 + dp * 4
            for w in stride(from: 0, to: words, by: 2) {
                let y0 = w * dp * 4, y1 = y0 + dp * 4
                var s00 = SIMD8<Float>(), s01 = SIMD8<Float>(), s10 = SIMD8<Float>(), s11 = SIMD8<Float>()
                var j = 0
                while j < dp * 4 {
                    let a0 = x.loadUnaligned(fromByteOffset: x0 + j, as: SIMD8<Float>.self)
                    let a1 = x.loadUnaligned(fromByteOffset: x1 + j, as: SIMD8<Float>.self)
                    let b0 = y.loadUnaligned(fromByteOffset: y0 + j, as: SIMD8<Float>.self)
                    let b1 = y.loadUnaligned(fromByteOffset: y1 + j, as: SIMD8<Float>.self)
                    s00 += a0 * b0; s01 += a0 * b1; s10 += a1 * b0; s11 += a1 * b1
                    j += 32
                }
                out[w * rows + r] = VectorMath.sum(s00) * scales[r]
                out[(w + 1) * rows + r] = VectorMath.sum(s01) * scales[r]
                out[w * rows + r + 1] = VectorMath.sum(s10) * scales[r + 1]
                out[(w + 1) * rows + r + 1] = VectorMath.sum(s11) * scales[r + 1]
            }
        }
    }

    /// Offers rows first ..< first + count of the block to question `q`'s heap, 16 rows at a time;
    /// only the rows of a group of 16 whose best beats the threshold are looked at one by one.
    @inline(__always)
    func select(question q: Int, cosines: UnsafePointer<Float>, first: Int, count: Int,
                heap: inout TopK, threshold: inout Float) {
        let s = slots[q]
        let raw = UnsafeRawPointer(cosines)
        let pa = s.a * block * 4, pb = s.b * block * 4, pc = s.c * block * 4
        var r = 0
        while r < count {
            let ca = raw.loadUnaligned(fromByteOffset: pa + r * 4, as: SIMD16<Float>.self)
            let cb = raw.loadUnaligned(fromByteOffset: pb + r * 4, as: SIMD16<Float>.self)
            let cc = raw.loadUnaligned(fromByteOffset: pc + r * 4, as: SIMD16<Float>.self)
            if method == .add {
                let scores = (cb + cc) - ca
                if VectorMath.anyNonNegative(scores - SIMD16(repeating: threshold)) {
                    offer(scores, first: first + r, count: Swift.min(16, count - r), question: q, heap: &heap, threshold: &threshold)
                }
            } else {
                // Compares b·c with (a + 1e-6)·threshold, the threshold lowered a little, before dividing.
                let lowered = threshold * 0.99999
                if VectorMath.anyNonNegative(cb * cc - (ca + 0.000001) * lowered) {
                    offer(cb * cc / (ca + 0.000001), first: first + r, count: Swift.min(16, count - r), question: q,
                          heap: &heap, threshold: &threshold)
                }
            }
            r += 16
        }
    }

    /// Inserts the first `count` lanes of `scores` (rows first, first + 1, …) that beat the threshold,
    /// except the question's own words.
    func offer(_ scores: SIMD16<Float>, first: Int, count: Int, question q: Int, heap: inout TopK, threshold: inout Float) {
        let skip = rows[q]
        for lane in 0..<count where scores[lane] >= threshold {
            let row = first + lane
            if row == skip.a || row == skip.b || row == skip.c { continue }
            heap.insert(scores[lane], row)
            threshold = heap.threshold
        }
    }
}
