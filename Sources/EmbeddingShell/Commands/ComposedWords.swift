import EmbeddingKit

/// Words outside a subword table (fastText's, or one imported from a `.bin` model) that queries
/// take as vectors composed from their n-grams, as fastText's `get_word_vector` and gensim's
/// `FastTextKeyedVectors` do, with a note naming them.
enum ComposedWords {
    /// Help for the queries that compose words outside a subword table, as gensim's FastText vectors do.
    static let details = "A subword table (fasttext, or a .bin) composes words outside it from n-grams, as gensim's "
        + "FastText vectors do (their `in` holds every word)."

    /// Help for the queries that refuse them all the same, as gensim does.
    static let refused = "A word outside the table is an error even in a subword table, as in gensim (whose closer_than "
        + "looks the words' rows up)."

    /// The words of `words` that are not rows of `table` but composable from its n-grams, once each.
    static func composed(_ words: [String], in table: EmbeddingTable) -> [String] {
        guard table.subwords != nil else { return [] }
        var found: [String] = []
        for word in words where !found.contains(word) && table.composedVector(word) != nil { found.append(word) }
        return found
    }

    /// `report` with a note naming the composed `words` and, for JSON, the same words as its
    /// `composed` list; unchanged when there are none.
    static func noted(_ report: Report, _ words: [String]) -> Report {
        guard !words.isEmpty, case .object(var fields) = report.json else { return report }
        fields.append(("composed", .array(words.map { .string($0) })))
        let note = "composed from n-grams (not in the table): " + words.map { "'\($0)'" }.joined(separator: ", ")
        return Report(report.blocks + [.note(note)], json: .object(fields))
    }

    /// The query with each composable word outside the table replaced by its composed vector,
    /// unit-normalised as a word's row would be (gensim's `get_vector(key, norm=True)`).
    static func resolve(_ items: [WeightedItem], in table: EmbeddingTable) -> [WeightedItem] {
        items.map { item, weight in
            guard case .word(let word) = item, let vector = table.composedVector(word) else { return (item, weight) }
            let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            return (.vector(norm > 0 ? vector.map { $0 / norm } : vector), weight)
        }
    }

    /// The vector of `word`: its row, or composed from its n-grams; nil when it is neither.
    static func vector(_ word: String, in table: EmbeddingTable) -> [Float]? {
        if let row = table.index(of: word) { return try? table.row(row) }
        return table.composedVector(word)
    }

    /// `explain`'s last step for a subword table: each word's n-grams and bucket rows, and whether
    /// its vector is its row averaged with them or, outside the table, composed from them alone.
    static func explain(_ words: [String], table: EmbeddingTable, subwords: SubwordVectors, into report: inout Report) {
        var seen: [String] = []
        for word in words where !seen.contains(word) { seen.append(word) }
        let settings = subwords.settings
        var text = "\n" + wrap("Subwords: a word's vector is the mean of its own row and the rows of its character "
            + "\(settings.minn)–\(settings.maxn)-grams (between < and >, hashed into \(settings.bucket) buckets); a word "
            + "outside the table is the mean of its n-gram rows alone (composed).", width: 80, first: "", rest: "   ")
        var json: [JSON] = []
        for word in seen {
            let ngrams = settings.ngrams(of: word)
            let composed = !table.contains(word)
            let shown = ngrams.prefix(8).map { "\($0.ngram)→\($0.bucket)" }.joined(separator: " ") + (ngrams.count > 8 ? " …" : "")
            text += "\n   \(word): \(composed ? "composed from" : "own row +") \(ngrams.count) n-gram\(ngrams.count == 1 ? "" : "s")"
                + (ngrams.isEmpty ? "" : ": \(shown)")
            json.append(.object([("word", .string(word)), ("ngrams", .array(ngrams.map { .string($0.ngram) })),
                                 ("buckets", .array(ngrams.map { .int($0.bucket) })), ("composed", .bool(composed))]))
        }
        report.blocks.append(.text(text))
        if case .object(var fields) = report.json {
            fields.append(("subwords", .array(json)))
            report.json = .object(fields)
        }
        report = noted(report, composed(seen, in: table))
    }
}
