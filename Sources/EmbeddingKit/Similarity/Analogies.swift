extension EmbeddingTable {
    /// Many analogies a : b :: c : ? at once; answer i is what `analogy(a, b, c, k:, method:, restrict:)`
    /// gives for question i. Throws naming every unknown word, or the first word with a zero vector.
    public func analogies(_ questions: [(String, String, String)], k: Int = 5, method: AnalogyMethod = .add,
                          restrict: Int? = nil, interruption: Interruption = .never) throws -> [[ScoredWord]] {
        let rows = try indices(of: questions.flatMap { [$0.0, $0.1, $0.2] })
        let norms = normCache.norms
        if let zero = rows.first(where: { norms[$0] == 0 || !norms[$0].isFinite }) {
            throw EmbeddingError.zeroVector(word: labels?[zero])
        }
        let triples = stride(from: 0, to: rows.count, by: 3).map { (rows[$0], rows[$0 + 1], rows[$0 + 2]) }
        return try analogyHits(triples, k: k, method: method, restrict: restrict, interruption: interruption).map { hits in
            hits.map { ScoredWord(word: labels?[$0.index] ?? String($0.index), score: $0.score, row: $0.index) }
        }
    }

    /// The best `k` rows (best first) for each question (a, b, c) given as rows; a question with a
    /// zero or non-finite vector gets no answers.
    func analogyHits(_ questions: [(Int, Int, Int)], k: Int, method: AnalogyMethod, restrict: Int?,
                     interruption: Interruption) throws -> [[(index: Int, score: Float)]] {
        let cache = normCache
        let usable = { (q: (Int, Int, Int)) in [q.0, q.1, q.2].allSatisfy { cache.norms[$0] > 0 && cache.norms[$0].isFinite } }
        switch method {
        case .add:
            // gensim most_similar(positive: [b, c], negative: [a]); a query whose terms cancel gets no answers.
            var queries: [Float] = [], valid: [Bool] = []
            queries.reserveCapacity(questions.count * dim)
            for q in questions {
                let query = usable(q) ? try? meanQuery(rows: [q.1, q.2, q.0], weights: [1, 1, -1]) : nil
                queries += query ?? [Float](repeating: 0, count: dim)
                valid.append(query != nil)
            }
            let hits = try topK(queries: queries, queryCount: questions.count, k: k, restrict: restrict,
                                excludes: questions.map { Array(Set([$0.0, $0.1, $0.2])) }, interruption: interruption)
            return zip(hits, valid).map { $1 ? $0 : [] }
        case .mul:
            return try questions.map { q in
                guard usable(q) else { return [] }
                return try cosmulHits(positive: [q.1, q.2], negative: [q.0], k: k, restrict: restrict, interruption: interruption)
            }
        }
    }
}
