extension EmbeddingTable {
    /// Many analogies a : b :: c : ? at once; answer i is what `analogy(a, b, c, k:, method:, restrict:)`
    /// gives for question i. Throws naming every unknown word, or the first word with a zero or
    /// non-finite vector.
    public func analogies(_ questions: [(String, String, String)], k: Int = 5, method: AnalogyMethod = .add,
                          restrict: Int? = nil, interruption: Interruption = .never) throws -> [[ScoredWord]] {
        let rows = try indices(of: questions.flatMap { [$0.0, $0.1, $0.2] })
        let cache = normCache
        for row in rows { try checkDirection(row: row, cache) }
        let triples = stride(from: 0, to: rows.count, by: 3).map { (rows[$0], rows[$0 + 1], rows[$0 + 2]) }
        return try analogyHits(triples, k: k, method: method, restrict: restrict, interruption: interruption).map { hits in
            hits.map { ScoredWord(word: label($0.index) ?? String($0.index), score: $0.score, row: $0.index) }
        }
    }

    /// The best `k` rows (best first) for each question (a, b, c) given as rows, scored as
    /// `analogy` scores them; a question with a zero or non-finite vector, or whose 3CosAdd terms
    /// cancel, gets no answers. Done as one `AnalogyBatch` pass over the rows per group of questions.
    func analogyHits(_ questions: [(Int, Int, Int)], k: Int, method: AnalogyMethod, restrict: Int?,
                     interruption: Interruption) throws -> [[(index: Int, score: Float)]] {
        let cache = normCache
        let limit = Swift.max(0, Swift.min(restrict ?? rows, rows))
        let kk = Swift.min(k, limit)
        var answers = [[(index: Int, score: Float)]](repeating: [], count: questions.count)
        guard kk > 0 else { return answers }
        // Per usable question: its index and the exact 3CosAdd query (gensim's normalised mean) or [].
        var usable: [(question: Int, query: [Float])] = []
        for (i, q) in questions.enumerated()
        where [q.0, q.1, q.2].allSatisfy({ cache.norms[$0] > 0 && cache.norms[$0].isFinite }) {
            if method == .mul { usable.append((i, [])); continue }
            if let query = try? meanQuery(rows: [q.1, q.2, q.0], weights: [1, 1, -1]) { usable.append((i, query)) }
        }
        if method == .add, let index = usableIndex(limit: limit) {
            return try indexedAnalogyHits(index, questions: questions, usable: usable, k: kk, limit: limit,
                                          answers: answers, interruption: interruption)
        }
        let batchQuestions = usable.map { questions[$0.question] }
        for group in AnalogyBatch.groups(batchQuestions) {
            let batch = AnalogyBatch(questions: batchQuestions[group], method: method, table: self, cache: cache)
            let partial = storage.values.withUnsafeBufferPointer { values in
                cache.inverse.withUnsafeBufferPointer { inverse in
                    let pointers = UncheckedBox((values.baseAddress!, inverse.baseAddress!))
                    return Parallel.mapChunks(count: limit, minimumPerChunk: 4 * batch.block) { range in
                        batch.scan(values: pointers.value.0, inverse: pointers.value.1, range: range,
                                   candidates: kk + AnalogyBatch.margin, interruption: interruption)
                    }
                }
            }
            try interruption.checkpoint()
            for (j, u) in usable[group].enumerated() {
                var merged = partial[0][j]
                for p in partial.dropFirst() { merged.merge(p[j]) }
                answers[u.question] = rescore(merged.sorted().map(\.index), question: questions[u.question],
                                              query: u.query, k: kk, cache: cache)
            }
        }
        return answers
    }

    /// The best `k` of `candidates`, scored exactly as `nearest` (3CosAdd, with `query`) or
    /// `cosmul` (3CosMul, when `query` is empty) score a row.
    func rescore(_ candidates: [Int], question q: (Int, Int, Int), query: [Float], k: Int,
                 cache: NormCache) -> [(index: Int, score: Float)] {
        var best = TopK(k: k)
        let d = dim
        storage.values.withUnsafeBufferPointer { values in
            if query.isEmpty {
                let (a, b, c) = (unitRow(q.0, cache), unitRow(q.1, cache), unitRow(q.2, cache))
                for row in candidates {
                    let rp = values.baseAddress! + row * d, scale = cache.inverse[row]
                    var p: Float = 1, n: Float = 1
                    p *= (1 + VectorMath.dot(rp, b, d) * scale) / 2
                    p *= (1 + VectorMath.dot(rp, c, d) * scale) / 2
                    n *= (1 + VectorMath.dot(rp, a, d) * scale) / 2
                    let score = p / (n + 0.000001)
                    if score >= best.threshold { best.insert(score, row) }
                }
            } else {
                for row in candidates {
                    let score = VectorMath.dot(values.baseAddress! + row * d, query, d) * cache.inverse[row]
                    if score >= best.threshold { best.insert(score, row) }
                }
            }
        }
        return best.sorted()
    }
}
