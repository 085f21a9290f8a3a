import CKernels
import Dispatch

/// How an analogy a : b :: c : ? is answered.
public enum AnalogyMethod: String, CaseIterable, Sendable {
    /// 3CosAdd: gensim `most_similar(positive: [b, c], negative: [a])`.
    case add
    /// 3CosMul (Levy & Goldberg): gensim `most_similar_cosmul(positive: [b, c], negative: [a])`,
    /// score = Π_pos (1 + cos)/2 / (Π_neg (1 + cos)/2 + 1e-6).
    case mul
}

/// A query term: a word and its weight (+1 or -1 for `+word` / `-word`).
public typealias QueryTerm = (word: String, sign: Float)

/// Parses query expressions such as `king - man + woman`, `+king -man +woman` or `king man -woman`
/// (a term without a sign is positive).
public enum QueryExpression {
    public static func parse(_ text: String) throws -> [QueryTerm] {
        var terms: [QueryTerm] = []
        var pendingSign: Float? = nil
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            var t = Substring(token)
            if t == "+" || t == "-" {
                if pendingSign != nil { throw EmbeddingError.invalidQuery("two operators in a row") }
                pendingSign = t == "+" ? 1 : -1
                continue
            }
            var sign: Float = pendingSign ?? 1
            pendingSign = nil
            if t.count > 1, let f = t.first, f == "+" || f == "-" {
                sign *= f == "+" ? 1 : -1
                t = t.dropFirst()
            }
            terms.append((String(t), sign))
        }
        if pendingSign != nil { throw EmbeddingError.invalidQuery("an operator without a word after it") }
        if terms.isEmpty { throw EmbeddingError.emptyQuery }
        return terms
    }
}

extension EmbeddingTable {
    // MARK: - Cosine similarity

    /// Cosine similarity of two vectors; throws `EmbeddingError.zeroVector` or `.nonFiniteVector`
    /// when either has no direction.
    public static func similarity(_ a: [Float], _ b: [Float]) throws -> Float {
        guard a.count == b.count else { throw EmbeddingError.dimensionMismatch(expected: a.count, got: b.count) }
        let na = VectorMath.norm(a), nb = VectorMath.norm(b)
        try checkDirection(norm: na, word: nil)
        try checkDirection(norm: nb, word: nil)
        return VectorMath.dot(a.map { $0 / na }, b.map { $0 / nb })
    }

    /// Throws `EmbeddingError.zeroVector` for a zero `norm`, `.nonFiniteVector` for NaN or ∞:
    /// cosines are undefined for both.
    static func checkDirection(norm: Float, word: String?) throws {
        if norm == 0 { throw EmbeddingError.zeroVector(word: word) }
        if !norm.isFinite { throw EmbeddingError.nonFiniteVector(word: word) }
    }

    /// `checkDirection` for row `i`, named by `word` or its label.
    func checkDirection(row i: Int, _ cache: NormCache, word: String? = nil) throws {
        try Self.checkDirection(norm: cache.norms[i], word: word ?? label(i))
    }

    /// Cosine similarity of two words (gensim `similarity`: dot of the unit vectors, 0 with a zero
    /// vector); a subword table composes words outside it from n-grams.
    public func similarity(_ a: String, _ b: String) throws -> Float {
        if subwords != nil, !contains(a) || !contains(b) {
            let u = try keyedVector(a, normalize: false), v = try keyedVector(b, normalize: false)
            for (word, vector) in [(a, u), (b, v)] where !VectorMath.norm(vector).isFinite {
                throw EmbeddingError.nonFiniteVector(word: word)
            }
            return VectorMath.dot(VectorMath.unit(u) ?? u, VectorMath.unit(v) ?? v)
        }
        let ia = try indices(of: [a, b])
        return try similarity(rows: ia[0], ia[1], words: (a, b))
    }

    /// Cosine similarity of rows `i` and `j` (gensim `dot(unitvec(a), unitvec(b))`: 0 when either
    /// is a zero vector, whose unitvec stays zero); a vector with NaN or ∞ is an error naming
    /// `words` when given, else the label.
    public func similarity(rows i: Int, _ j: Int, words: (String, String)? = nil) throws -> Float {
        for row in [i, j] where !(0 ..< rows).contains(row) { throw TableError.rowOutOfRange(index: row, rows: rows) }
        let cache = normCache
        for (row, word) in [(i, words?.0), (j, words?.1)] where !cache.norms[row].isFinite {
            throw EmbeddingError.nonFiniteVector(word: word ?? label(row))
        }
        return VectorMath.dot(unitRow(i, cache), unitRow(j, cache))
    }

    /// Row indices of `words`; throws one error naming every unknown word.
    public func indices(of words: [String]) throws -> [Int] {
        guard hasLabels else { throw EmbeddingError.noLabels }
        var out: [Int] = []
        var missing: [String] = []
        for w in words {
            if let i = index(of: w) { out.append(i) } else if !missing.contains(w) { missing.append(w) }
        }
        if !missing.isEmpty { throw unknownWordsError(missing) }
        return out
    }

    // MARK: - Nearest neighbours

    /// gensim `most_similar`: each term's vector is unit-normalised, weighted by its sign, averaged
    /// and normalised; scores are dot products with the unit rows. The query words (and `exclude`)
    /// are left out of the results.
    ///
    /// - `k`: number of results; `k < 1` gives `[]`, and `k` above the number of candidates
    ///   is clamped (fewer results are returned, never an error).
    /// - `restrict`: only the first `restrict` rows are searched (gensim `restrict_vocab`).
    public func nearest(terms: [QueryTerm], k: Int = 10, restrict: Int? = nil, exclude: Set<String> = [],
                        interruption: Interruption = .never) throws -> [ScoredWord] {
        try nearest(items: terms.map { (.word($0.word), $0.sign) }, k: k, restrict: restrict, exclude: exclude,
                    interruption: interruption)
    }

    /// `nearest(terms:)` on a parsed expression such as `king - man + woman`.
    public func nearest(query: String, k: Int = 10, restrict: Int? = nil, exclude: Set<String> = [],
                        interruption: Interruption = .never) throws -> [ScoredWord] {
        try nearest(terms: try QueryExpression.parse(query), k: k, restrict: restrict, exclude: exclude,
                    interruption: interruption)
    }

    /// Nearest rows to a raw vector (it is normalised first; nothing is excluded).
    public func nearest(vector: [Float], k: Int = 10, restrict: Int? = nil, excludeRows: [Int] = [],
                        interruption: Interruption = .never) throws -> [ScoredWord] {
        guard vector.count == dim else { throw EmbeddingError.dimensionMismatch(expected: dim, got: vector.count) }
        guard let unit = VectorMath.unit(vector) else { throw EmbeddingError.zeroVector(word: nil) }
        return try nearest(unitQuery: unit, k: k, restrict: restrict, excludeRows: excludeRows, interruption: interruption)
    }

    /// Weighted mean of the unit rows, normalised (gensim `get_mean_vector(pre_normalize, post_normalize)`).
    func meanQuery(rows idx: [Int], weights: [Float]) throws -> [Float] {
        let mean = try weightedMean(zip(idx, weights).map { (.row($0), $1) }, preNormalize: true)
        guard let unit = VectorMath.unit(mean) else { throw EmbeddingError.zeroQuery }
        return unit
    }

    func nearest(unitQuery: [Float], k: Int, restrict: Int?, excludeRows: [Int],
                 interruption: Interruption, chunks: Int? = nil) throws -> [ScoredWord] {
        let hits = try topK(query: unitQuery, k: k, restrict: restrict, exclude: excludeRows,
                            interruption: interruption, chunks: chunks)
        return hits.map { ScoredWord(word: label($0.index) ?? String($0.index), score: $0.score, row: $0.index) }
    }

    /// The `k` rows with the highest dot product of `query` (a unit vector) with the unit rows,
    /// best first, leaving out `exclude`; from the attached index's candidates when it can
    /// answer (`usableIndex`), else by a full scan. The rows are split into one range per core, each keeps a
    /// partial top-k in a bounded heap, and the heaps are merged: no sort of all the scores.
    func topK(query: [Float], k: Int, restrict: Int?, exclude: [Int], interruption: Interruption,
              chunks: Int? = nil) throws -> [(index: Int, score: Float)] {
        let limit = Swift.max(0, Swift.min(restrict ?? rows, rows))
        let kk = Swift.max(0, Swift.min(k, limit))
        if kk == 0 { return [] }
        if let index = usableIndex(limit: limit) {
            let hits = try indexedTopK(index, query: query, k: kk, limit: limit, exclude: exclude)
            // A k near the table's size asks for more than the index's beam reaches: the scan answers in full.
            if hits.count >= Swift.min(kk, limit - Set(exclude.filter { $0 < limit }).count) { return hits }
            return try withoutIndex.topK(query: query, k: k, restrict: restrict, exclude: exclude, interruption: interruption,
                                         chunks: chunks)
        }
        let d = dim
        let cache = normCache
        let partial = storage.values.withUnsafeBufferPointer { ub in
            cache.inverse.withUnsafeBufferPointer { ib in
                query.withUnsafeBufferPointer { qb in
                    let u = ub.baseAddress!, q = qb.baseAddress!, inv = ib.baseAddress!
                    return Parallel.mapChunks(count: limit, minimumPerChunk: 8192, chunks: chunks) { range -> TopK in
                        var heap = TopK(k: kk)
                        Self.scan(rows: u, inverseNorms: inv, dim: d, rows: range, query: q, exclude: exclude,
                                  heap: &heap, interruption: interruption)
                        return heap
                    }
                }
            }
        }
        try interruption.checkpoint()
        var merged = partial[0]
        for p in partial.dropFirst() { merged.merge(p) }
        return merged.sorted()
    }

    /// Scores `rows` against a unit query (score = dot(row, query) × inverse norm of the row),
    /// polling `interruption` every few thousand rows. Zero and non-finite rows (inverse norm 0)
    /// have no cosine and are never results (gensim scores them NaN, sorted last).
    static func scan(rows u: UnsafePointer<Float>, inverseNorms inv: UnsafePointer<Float>, dim d: Int, rows: Range<Int>,
                     query q: UnsafePointer<Float>, exclude: [Int], heap: inout TopK, interruption: Interruption) {
        var threshold = heap.threshold
        var r = rows.lowerBound
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4096) { scores in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 4096) { indices in
                while r < rows.upperBound {
                    let end = Swift.min(rows.upperBound, r + 4096)
                    let found = embsh_scores_above(u + r * d, end - r, d, q, inv + r, threshold,
                                                   indices.baseAddress!,
                                                   scores.baseAddress!)
                    for n in 0 ..< found {
                        let row = r + indices[n], s = scores[n]
                        if s >= threshold, inv[row] > 0, !exclude.contains(row) {
                            heap.insert(s, row)
                            threshold = heap.threshold
                        }
                    }
                    r = end
                    if interruption.isRequested { return }
                }
            }
        }
    }

    // MARK: - Analogies

    /// a : b :: c : ? — the `k` best answers (a, b and c excluded).
    /// `.add` = gensim `most_similar(positive: [b, c], negative: [a], topn: k)`;
    /// `.mul` = gensim `most_similar_cosmul` with the same arguments.
    public func analogy(_ a: String, _ b: String, _ c: String, k: Int = 5, method: AnalogyMethod = .add,
                        restrict: Int? = nil, interruption: Interruption = .never) throws -> [ScoredWord] {
        switch method {
        case .add:
            return try nearest(terms: [(b, 1), (c, 1), (a, -1)], k: k, restrict: restrict, interruption: interruption)
        case .mul:
            return try cosmul(positive: [b, c], negative: [a], k: k, restrict: restrict, interruption: interruption)
        }
    }

    /// gensim `most_similar_cosmul`: Π_pos (1 + cos)/2 / (Π_neg (1 + cos)/2 + 1e-6), query words and
    /// rows without a cosine (zero or non-finite) excluded.
    public func cosmul(positive: [String], negative: [String], k: Int = 10, restrict: Int? = nil,
                       interruption: Interruption = .never, chunks: Int? = nil) throws -> [ScoredWord] {
        try cosmul(items: positive.map { (.word($0), 1) } + negative.map { (.word($0), -1) }, k: k, restrict: restrict,
                   interruption: interruption, chunks: chunks)
    }

    /// `cosmul` where terms may be raw vectors (weight > 0: positive, < 0: negative): words count
    /// by their unit vectors, vectors as written (gensim scales their dot products by the row
    /// norm only), and only word terms are excluded.
    public func cosmul(items: [WeightedItem], k: Int = 10, restrict: Int? = nil,
                       interruption: Interruption = .never, chunks: Int? = nil) throws -> [ScoredWord] {
        let cache = normCache
        var positive: [[Float]] = [], negative: [[Float]] = [], skip = Set<Int>()
        for (item, weight) in try resolve(items, ignoreMissing: false, preNormalize: true) {
            let vector: [Float]
            switch item {
            case .row(let i):
                try checkDirection(row: i, cache)
                vector = unitRow(i, cache)
                skip.insert(i)
            case .vector(let raw):
                vector = raw
            }
            if weight < 0 { negative.append(vector) } else { positive.append(vector) }
        }
        guard !positive.isEmpty else { throw items.isEmpty ? EmbeddingError.emptyQuery : EmbeddingError.noPositiveTerm }
        return try cosmulHits(positive: positive, negative: negative, skip: skip, k: k, restrict: restrict,
                              interruption: interruption, chunks: chunks)
            .map { ScoredWord(word: label($0.index) ?? String($0.index), score: $0.score, row: $0.index) }
    }

    /// The best `k` rows (best first) by the 3CosMul score of `positive` and `negative` vectors,
    /// leaving out `skip` and rows without a cosine.
    func cosmulHits(positive: [[Float]], negative: [[Float]], skip: Set<Int>, k: Int, restrict: Int?, interruption: Interruption,
                    chunks: Int? = nil) throws -> [(index: Int, score: Float)] {
        let cache = normCache
        let terms = (positive + negative).flatMap { $0 }
        let np = positive.count, nn = negative.count
        let limit = Swift.max(0, Swift.min(restrict ?? rows, rows))
        let kk = Swift.max(0, Swift.min(k, limit))
        if kk == 0 { return [] }
        let d = dim
        let partial = storage.values.withUnsafeBufferPointer { ub -> [TopK] in
          cache.inverse.withUnsafeBufferPointer { ib -> [TopK] in
           terms.withUnsafeBufferPointer { tb -> [TopK] in
            let u = ub.baseAddress!, inv = ib.baseAddress!, tp = tb.baseAddress!
            return Parallel.mapChunks(count: limit, minimumPerChunk: 8192, chunks: chunks) { range -> TopK in
                var heap = TopK(k: kk)
                var r = range.lowerBound
                while r < range.upperBound {
                    let end = Swift.min(range.upperBound, r + 4096)
                    for row in r..<end {
                        let rp = u + row * d
                        let scale = inv[row]
                        var p: Float = 1, n: Float = 1
                        for t in 0..<np { p *= (1 + VectorMath.dot(rp, tp + t * d, d) * scale) / 2 }
                        for t in np..<(np + nn) { n *= (1 + VectorMath.dot(rp, tp + t * d, d) * scale) / 2 }
                        let s = p / (n + 0.000001)
                        if s >= heap.threshold, scale > 0, !skip.contains(row) { heap.insert(s, row) }
                    }
                    r = end
                    if interruption.isRequested { break }
                }
                return heap
            }
           }
          }
        }
        try interruption.checkpoint()
        var merged = partial[0]
        for p in partial.dropFirst() { merged.merge(p) }
        return merged.sorted()
    }

    // MARK: - Odd one out

    /// gensim `rank_by_centrality`: the words scored by their unit vectors' dot product with the
    /// normalised mean of those unit vectors (with `useNorm` false, the vectors themselves: their
    /// mean, and their dot products with it), most central first and ties by word, descending
    /// (Python's `sorted(…, reverse=True)`). A subword table holds every word, composing those
    /// outside it from n-grams (gensim's `FastTextKeyedVectors`). Unknown words are an error
    /// unless `ignoreUnknown` (gensim leaves them out with a warning).
    public func rankByCentrality(_ words: [String], useNorm: Bool = true, ignoreUnknown: Bool = false) throws -> [ScoredWord] {
        guard labels != nil else { throw EmbeddingError.noLabels }
        let used = ignoreUnknown ? words.filter(holdsVector) : words
        guard !used.isEmpty else { throw EmbeddingError.emptyQuery }
        var missing: [String] = []
        for word in used where !holdsVector(for: word) && !missing.contains(word) { missing.append(word) }
        if !missing.isEmpty { throw unknownWordsError(missing) }
        let vectors = try used.map { try keyedVector($0, normalize: useNorm) }
        let mean = try weightedMean(vectors.map { (.vector($0), 1) }, preNormalize: false)
        let unit = VectorMath.unit(mean) ?? mean
        let scored = zip(used, vectors).map { word, vector in
            ScoredWord(word: word, score: VectorMath.dot(vector, unit), row: index(of: word) ?? -1)
        }
        return scored.sorted { ($0.score, $0.word) > ($1.score, $1.word) }
    }

    /// gensim `doesnt_match`: the last of `rankByCentrality` (the word least similar to the mean
    /// of the unit vectors; ties by the lower word). The score is its cosine with the mean.
    public func doesntMatch(_ words: [String], ignoreUnknown: Bool = false) throws -> ScoredWord {
        try rankByCentrality(words, ignoreUnknown: ignoreUnknown).last!
    }
}
