/// gensim's Word Mover's Distance between two documents, with the words it used.
public struct WordMoversDistance: Sendable {
    /// The distance: 0 for documents of one same word, infinity when a document has no word left.
    public var distance: Double
    /// Words of either document without a vector, left out as gensim leaves them (once each).
    public var leftOut: [String]
    /// Words outside the table whose vectors were composed from its n-grams (once each).
    public var composed: [String]
}

extension EmbeddingTable {
    /// gensim `wmdistance(document1, document2, norm)`: the least cost of moving one document's
    /// normalised bag of words onto the other's, a word's mass costing the Euclidean distance
    /// between the two words' vectors (unit vectors when `normalize`), solved exactly.
    ///
    /// Words without a vector are left out first; a subword table composes every word outside it
    /// from its n-grams (gensim's `FastTextKeyedVectors` holds every word, one without n-grams
    /// as the zero vector). As gensim: infinity when a document is then empty, 0 when both use
    /// one same word, infinity when all the distances add up to less than 1e-8. A vector with NaN
    /// or infinite values is an error, and so is a zero row when `normalize` (gensim divides by
    /// its norm: NaN). `interruption` is polled while the transport is solved.
    public func wordMoversDistance(_ first: [String], _ second: [String], normalize: Bool = true,
                                   interruption: Interruption = .never) throws -> WordMoversDistance {
        guard labels != nil else { throw EmbeddingError.noLabels }
        var result = WordMoversDistance(distance: .infinity, leftOut: [], composed: [])
        var outside = Set<String>()
        for word in first + second where !contains(word) && outside.insert(word).inserted {
            if subwords == nil { result.leftOut.append(word) } else { result.composed.append(word) }
        }
        let documents = subwords == nil ? [first, second].map { $0.filter { !outside.contains($0) } } : [first, second]
        guard !documents[0].isEmpty, !documents[1].isEmpty else { return result }
        let bags = documents.map(Self.bagOfWords)
        if Set(bags[0].map(\.word)).union(bags[1].map(\.word)).count == 1 {
            result.distance = 0
            return result
        }
        let vectors = try bags.map { bag in
            try bag.map { word, _ in
                let vector = try keyedVector(word, normalize: normalize)
                guard vector.allSatisfy(\.isFinite) else { throw EmbeddingError.nonFiniteVector(word: word) }
                return vector
            }
        }
        // The costs and the solver's flows, a double each per pair of words.
        let pairs = try MemoryBudget.reserve([vectors[0].count, vectors[1].count], elementSize: 16,
                                             for: "the distances between the documents' words", lower: "shorten the documents")
        var cost: [Double] = []
        cost.reserveCapacity(pairs)
        for u in vectors[0] {
            for v in vectors[1] {
                // Euclidean, in double precision as scipy's cdist.
                cost.append(zip(u, v).reduce(0.0) { sum, pair in
                    let d = Double(pair.0) - Double(pair.1)
                    return sum + d * d
                }.squareRoot())
            }
        }
        guard abs(cost.reduce(0, +)) >= 1e-8 else { return result }
        result.distance = try Transport.minimumCost(supply: bags[0].map(\.weight), demand: bags[1].map(\.weight), cost: cost,
                                                    interruption: interruption)
        return result
    }

    /// The distinct words of `document` in order of first use, each with its count over the
    /// document's length (gensim's nBOW).
    private static func bagOfWords(_ document: [String]) -> [(word: String, weight: Double)] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for word in document {
            if counts[word] == nil { order.append(word) }
            counts[word, default: 0] += 1
        }
        return order.map { ($0, Double(counts[$0]!) / Double(document.count)) }
    }
}
