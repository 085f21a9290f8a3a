/// A term of a vector query: a word of the table or a raw vector. gensim takes both wherever
/// a query takes keys (`most_similar([vec])`, `get_mean_vector`, `distances`).
public enum QueryItem: Equatable, Sendable {
    case word(String)
    case vector([Float])
}

/// A query item with its weight (+1 or -1 for `+term` / `-term`).
public typealias WeightedItem = (item: QueryItem, weight: Float)

/// A query item found in the table: a row, or a raw vector of the table's length.
enum ResolvedItem {
    case row(Int)
    case vector([Float])
}

/// gensim's `KeyedVectors` queries beyond nearest neighbours and analogies: means of words and
/// vectors, distances, ranks, and comparisons of word groups, with gensim 4.4's definitions.
extension EmbeddingTable {
    // MARK: - Means

    /// gensim `get_mean_vector`: the weighted sum of the items (words' unit vectors when
    /// `preNormalize`, else their rows; raw vectors as given) divided by the total |weight| of
    /// the items used, then unit-normalised when `postNormalize` (a zero mean stays zero).
    /// A subword table composes words outside it from n-grams; other unknown words are left out
    /// when `ignoreMissing`, else one error names them all. A word with a zero vector is an
    /// error when `preNormalize` (gensim divides by its norm: NaN).
    public func meanVector(_ items: [WeightedItem], preNormalize: Bool = true, postNormalize: Bool = false,
                           ignoreMissing: Bool = true) throws -> [Float] {
        guard !items.isEmpty else { throw EmbeddingError.emptyQuery }
        let mean = try weightedMean(try resolve(items, ignoreMissing: ignoreMissing, preNormalize: preNormalize), preNormalize: preNormalize)
        return postNormalize ? VectorMath.unit(mean) ?? mean : mean
    }

    /// The items as rows and vectors; a subword table composes words outside it from n-grams
    /// (unit vectors when `preNormalize`, as gensim's `FastTextKeyedVectors`); unknown words are
    /// dropped when `ignoreMissing`, else an error.
    func resolve(_ items: [WeightedItem], ignoreMissing: Bool, preNormalize: Bool) throws -> [(item: ResolvedItem, weight: Float)] {
        var resolved: [(item: ResolvedItem, weight: Float)] = []
        var missing: [String] = []
        for (item, weight) in items {
            switch item {
            case .word(let word):
                guard hasLabels else { throw EmbeddingError.noLabels }
                if let row = index(of: word) {
                    resolved.append((.row(row), weight))
                } else if subwords != nil {
                    resolved.append((.vector(try keyedVector(word, normalize: preNormalize)), weight))
                } else if !missing.contains(word) {
                    missing.append(word)
                }
            case .vector(let vector):
                guard vector.count == dim else { throw EmbeddingError.dimensionMismatch(expected: dim, got: vector.count) }
                resolved.append((.vector(vector), weight))
            }
        }
        if !missing.isEmpty && !ignoreMissing { throw unknownWordsError(missing) }
        return resolved
    }

    /// Σ weight · vector / Σ |weight|, words unit-normalised first when `preNormalize`.
    func weightedMean(_ items: [(item: ResolvedItem, weight: Float)], preNormalize: Bool) throws -> [Float] {
        let cache = normCache
        var mean = [Float](repeating: 0, count: dim)
        var total: Float = 0
        for (item, weight) in items {
            let vector: [Float]
            switch item {
            case .row(let i):
                if preNormalize { try checkDirection(row: i, cache) }
                vector = preNormalize ? unitRow(i, cache) : try row(i)
            case .vector(let raw):
                vector = raw
            }
            for j in 0..<dim { mean[j] += weight * vector[j] }
            total += abs(weight)
        }
        if total > 0 { for j in 0..<dim { mean[j] /= total } }
        return mean
    }

    // MARK: - Nearest to words and vectors

    /// gensim `most_similar(positive, negative)` where terms may be raw vectors: the mean of
    /// the items (words unit-normalised, vectors as given), normalised, against the unit rows.
    /// Only word items (and `exclude`) are left out of the results; a lone vector is gensim's
    /// `similar_by_vector`. Unknown words are an error.
    public func nearest(items: [WeightedItem], k: Int = 10, restrict: Int? = nil, exclude: Set<String> = [],
                        interruption: Interruption = .never) throws -> [ScoredWord] {
        guard !items.isEmpty else { throw EmbeddingError.emptyQuery }
        let resolved = try resolve(items, ignoreMissing: false, preNormalize: true)
        guard let query = VectorMath.unit(try weightedMean(resolved, preNormalize: true)) else { throw EmbeddingError.zeroQuery }
        var skip = Set(resolved.compactMap { item -> Int? in
            if case .row(let i) = item.item { return i }
            return nil
        })
        for word in exclude { if let i = index(of: word) { skip.insert(i) } }
        return try nearest(unitQuery: query, k: k, restrict: restrict, excludeRows: Array(skip), interruption: interruption)
    }

    // MARK: - Groups of words

    /// gensim `n_similarity`: the cosine of the plain means (rows, not unit vectors) of two
    /// groups; unknown words are left out, as gensim's `get_mean_vector` leaves them, and a
    /// zero mean gives 0.
    public func nSimilarity(_ first: [QueryItem], _ second: [QueryItem]) throws -> Float {
        guard !first.isEmpty, !second.isEmpty else { throw EmbeddingError.emptyQuery }
        let a = try meanVector(first.map { ($0, 1) }, preNormalize: false)
        let b = try meanVector(second.map { ($0, 1) }, preNormalize: false)
        return VectorMath.dot(VectorMath.unit(a) ?? a, VectorMath.unit(b) ?? b)
    }

    /// gensim `relative_cosine_similarity` (Leeuwenberg et al.): the cosine of `a` and `b`
    /// divided by the sum of the cosines of `a`'s `k` nearest words.
    public func relativeCosineSimilarity(_ a: String, _ b: String, k: Int = 10) throws -> Float {
        let neighbours = try nearest(terms: [(a, 1)], k: k)
        guard !neighbours.isEmpty else { throw EmbeddingError.noNeighbours(word: a) }
        return try similarity(a, b) / neighbours.reduce(0) { $0 + $1.score }
    }

    /// gensim `most_similar_to_given`: the candidate most similar to `word` (the first of equals);
    /// a subword table composes words outside it from n-grams.
    public func mostSimilarToGiven(_ word: String, among candidates: [String]) throws -> ScoredWord {
        guard !candidates.isEmpty else { throw EmbeddingError.emptyQuery }
        if subwords == nil { _ = try indices(of: [word] + candidates) }  // one error naming every unknown word
        var best = ScoredWord(word: candidates[0], score: -.infinity)
        for candidate in candidates {
            let score = try similarity(word, candidate)
            if score > best.score { best = ScoredWord(word: candidate, score: score, row: index(of: candidate) ?? -1) }
        }
        return best
    }

    // MARK: - Distances and ranks

    /// gensim `distance`: 1 − `similarity` of rows `i` and `j` (so 1 when either is a zero vector).
    public func distance(rows i: Int, _ j: Int, words: (String, String)? = nil) throws -> Float {
        1 - (try similarity(rows: i, j, words: words))
    }

    /// gensim `distances`: 1 − cosine of `item` with each of `words` in order, or with every row
    /// when `words` is empty; NaN where either vector is zero, as gensim divides by the norms. A
    /// subword table composes `item` from n-grams when it is a word outside it (not `words`:
    /// gensim looks their rows up).
    public func distances(from item: QueryItem, to words: [String] = []) throws -> [Float] {
        let query: [Float]
        switch item {
        case .word(let word): query = try keyedVector(word, normalize: false)
        case .vector(let vector):
            guard vector.count == dim else { throw EmbeddingError.dimensionMismatch(expected: dim, got: vector.count) }
            query = vector
        }
        let targets = words.isEmpty ? Array(0..<rows) : try indices(of: words)
        let norms = normCache.norms, queryNorm = VectorMath.norm(query), d = dim
        return storage.values.withUnsafeBufferPointer { values in
            targets.map { 1 - VectorMath.dot(values.baseAddress! + $0 * d, query, d) / (queryNorm * norms[$0]) }
        }
    }

    /// gensim `closer_than`: the words closer to `a` than `b` is, in row order, with their
    /// distances from `a` (`a` itself left out; rows without a cosine never count, nor rows
    /// before `firstWord`, which are no words: a tokenizer-sized table's padding row).
    public func closerThan(_ a: String, _ b: String, firstWord: Int = 0) throws -> [(word: String, distance: Float)] {
        let rows = try indices(of: [a, b])
        let all = try distances(from: .word(a))
        let limit = all[rows[1]]
        return all.indices.filter { all[$0] < limit && $0 != rows[0] && $0 >= firstWord }.map { (label($0) ?? String($0), all[$0]) }
    }

    /// gensim `rank`: 1 + the number of words closer to `a` than `b` is (rows before `firstWord`
    /// are no words, as in `closerThan`).
    public func rank(_ a: String, _ b: String, firstWord: Int = 0) throws -> Int {
        try closerThan(a, b, firstWord: firstWord).count + 1
    }
}
