import EmbeddingKit

/// `mean`, `nsimilarity`, `distance`, `distances`, `closerthan`, `rank`, `closest`, `centrality`,
/// `relsimilarity`: the rest of gensim's `KeyedVectors` queries, under gensim's names as aliases.
enum KeyedVectorCommands {
    static let all = [mean, nsimilarity, distance, distances, closerthan, rank, closest, centrality, relsimilarity]

    private static let subject = Positional.object("TABLE", .table, help: "the table")

    private static let terms = Positional.words("TERM", arity: .many, help: "words and vectors like [0.1,-0.2,0.3], signed with + and -",
                                                completion: .word)
    private static let preNormalize = Option.bool("pre_normalize", default: true, help: "unit-normalise each word's vector first")
    private static let postNormalize = Option.bool("post_normalize", help: "unit-normalise the mean")
    private static let ignoreMissing = Option.bool("ignore_missing", default: true,
                                                   help: "leave out unknown words (with a warning) instead of failing")

    static let mean = CommandSpec(
        "mean", aliases: ["get_mean_vector"], group: .tables,
        summary: "the weighted mean of words and vectors (gensim get_mean_vector), printed as a vector to paste into queries",
        positionals: [subject, terms],
        options: [QueryTokens.weights, preNormalize, postNormalize, ignoreMissing],
        examples: ["mean vectors king queen", "mean vectors king - man + woman post_normalize=true",
                   "mean vectors king queen weights=2,1 pre_normalize=false"],
        jsonFields: ["vector", "dim", "composed"],
        details: ComposedWords.details
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let terms = try QueryTokens.terms(arguments[terms])
        try QueryTokens.checkLengths(terms, dim: table.dim)
        let items = try QueryTokens.weighted(terms, arguments)
        let vector = try SimilarityCommands.wordErrors(terms.map(\.token)) {
            try table.meanVector(items, preNormalize: arguments[preNormalize], postNormalize: arguments[postNormalize],
                                 ignoreMissing: arguments[ignoreMissing])
        }
        let words = terms.compactMap { term -> String? in if case .word(let word) = term.item { return word } else { return nil } }
        return ComposedWords.noted(Report([.text(VectorLiteral.format(vector))] + SimilarityCommands.leftOutWarning(table, words),
                                          json: .object([("vector", .array(vector.map { .float($0) })), ("dim", .int(vector.count))])),
                                   ComposedWords.composed(words, in: table))
    }

    private static let firstGroup = Positional.one("WORDS1", help: "words separated by commas, like sushi,shop", completion: .word)
    private static let secondGroup = Positional.one("WORDS2", help: "words separated by commas", completion: .word)

    static let nsimilarity = CommandSpec(
        "nsimilarity", aliases: ["n_similarity"], group: .tables,
        summary: "cosine similarity of the means of two groups of words (gensim n_similarity; unknown words are left out)",
        positionals: [subject, firstGroup, secondGroup],
        examples: ["nsimilarity vectors sushi,shop japanese,restaurant"],
        jsonFields: ["score", "composed"],
        details: ComposedWords.details
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let groups = [arguments[firstGroup], arguments[secondGroup]].map { token in
            token.text.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
        }
        for (group, token) in zip(groups, [arguments[firstGroup], arguments[secondGroup]]) where group.isEmpty {
            throw ShellError.message("give at least one word in each group", offset: token.offset)
        }
        let score = try table.nSimilarity(groups[0].map(QueryItem.word), groups[1].map(QueryItem.word))
        let label = "cosine(mean(\(groups[0].joined(separator: ", "))), mean(\(groups[1].joined(separator: ", "))))"
        return ComposedWords.noted(Report([.fields([(label, formatNumber(Double(score), precision: 6))])]
                                          + SimilarityCommands.leftOutWarning(table, groups[0] + groups[1]),
                                          json: .object([("score", .float(score))])),
                                   ComposedWords.composed(groups[0] + groups[1], in: table))
    }

    private static let a = Positional.one("A", help: "a word or row index", completion: .word)
    private static let b = Positional.one("B", help: "a word or row index", completion: .word)

    static let distance = CommandSpec(
        "distance", group: .tables, summary: "cosine distance of two words, 1 - similarity (gensim distance)",
        positionals: [subject, a, b],
        examples: ["distance vectors king queen"],
        jsonFields: ["distance", "composed"],
        details: ComposedWords.details
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let a = arguments[a], b = arguments[b]
        let composed = ComposedWords.composed([a.text, b.text], in: table)
        if !composed.isEmpty {
            let value = 1 - (try SimilarityCommands.wordErrors([a, b]) { try table.similarity(a.text, b.text) })
            return ComposedWords.noted(Report([.fields([("distance(\(a.text), \(b.text))", formatNumber(Double(value), precision: 6))])],
                                              json: .object([("distance", .float(value))])), composed)
        }
        let rows = [try TableCommands.rowIndex(of: a, in: table), try TableCommands.rowIndex(of: b, in: table)]
        let value = try SimilarityCommands.wordErrors([a, b]) { try table.distance(rows: rows[0], rows[1], words: (a.text, b.text)) }
        return Report([.fields([("distance(\(a.text), \(b.text))", formatNumber(Double(value), precision: 6))])],
                      json: .object([("distance", .float(value))]))
    }

    private static let origin = Positional.words("FROM", arity: .many, help: "a word or a vector like [0.1,-0.2,0.3], then the words "
                                                 + "to measure (every row when none)", completion: .word)

    static let distances = CommandSpec(
        "distances", group: .tables,
        summary: "cosine distances from a word or vector to other words, or to every row (gensim distances)",
        positionals: [subject, origin],
        examples: ["distances vectors king queen man", "distances vectors [0.1,-0.2,0.3] car truck", "distances vectors king"],
        jsonFields: ["results[].word", "results[].distance", "composed"],
        details: "A subword table (fasttext, or a .bin) composes the first word from n-grams when it is outside the table, "
            + "as gensim's FastText vectors do; the words to measure must be rows (gensim looks them up)."
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let terms = try QueryTokens.terms(arguments[origin])
        try QueryTokens.checkLengths(terms, dim: table.dim)
        if let signed = terms.first(where: { $0.sign != 1 }) {
            throw ShellError.message("distances takes a word or vector, then words, without + or -", offset: signed.token.offset)
        }
        var targets: [String] = []
        for term in terms.dropFirst() {
            guard case .word(let word) = term.item else {
                throw ShellError.message("only the first argument may be a vector", offset: term.token.offset)
            }
            targets.append(word)
        }
        if targets.isEmpty { try Report.reserveCells(table.rows, 2, of: "every row's distance", lower: "name the words to measure") }
        var values = try SimilarityCommands.wordErrors(terms.map(\.token)) { try table.distances(from: terms[0].item, to: targets) }
        var words = targets.isEmpty ? (0..<table.rows).map { table.label($0) ?? String($0) } : targets
        if targets.isEmpty, SimilarityCommands.firstWord(of: table) > 0 {
            // Every row but the padding row, which is no word (gensim's vectors have none).
            values.removeFirst()
            words.removeFirst()
        }
        let origin: [String] = if case .word(let word) = terms[0].item { [word] } else { [] }
        return ComposedWords.noted(Report([.table(TextTable(headers: ["word", "distance"],
                                                            rows: zip(words, values).map { [.text($0), .number(Double($1))] }))],
                                          json: .object([("results", .array(zip(words, values).map {
                                              .object([("word", .string($0)), ("distance", .float($1))])
                                          }))])),
                                   ComposedWords.composed(origin, in: table))
    }

    private static let word1 = Positional.one("A", help: "a word", completion: .word)
    private static let word2 = Positional.one("B", help: "a word", completion: .word)

    static let closerthan = CommandSpec(
        "closerthan", aliases: ["closer_than", "words_closer_than"], group: .tables,
        summary: "the words closer to A than B is, in row order (gensim closer_than)",
        positionals: [subject, word1, word2],
        examples: ["closerthan vectors king queen"],
        jsonFields: ["words"],
        details: ComposedWords.refused
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let closer = try SimilarityCommands.wordErrors([arguments[word1], arguments[word2]]) {
            try table.closerThan(arguments[word1].text, arguments[word2].text, firstWord: SimilarityCommands.firstWord(of: table))
        }
        try Report.reserveCells(closer.count, 2, of: "the closer words", lower: "pick a B closer to A")
        return Report([.table(TextTable(headers: ["word", "distance"], rows: closer.map { [.text($0.word), .number(Double($0.distance))] }))],
                      json: .object([("words", .array(closer.map { .string($0.word) }))]))
    }

    static let rank = CommandSpec(
        "rank", group: .tables, summary: "where B ranks among the words by distance from A: 1 + the words closer (gensim rank)",
        positionals: [subject, word1, word2],
        examples: ["rank vectors king queen"],
        jsonFields: ["rank"],
        details: ComposedWords.refused
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let a = arguments[word1].text, b = arguments[word2].text
        let rank = try SimilarityCommands.wordErrors([arguments[word1], arguments[word2]]) { try table.rank(a, b, firstWord: SimilarityCommands.firstWord(of: table)) }
        return Report([.fields([("rank of \(b) from \(a)", String(rank))])], json: .object([("rank", .int(rank))]))
    }

    private static let candidates = Positional.words("CANDIDATE", arity: .many, help: "the words to choose from", completion: .word)

    static let closest = CommandSpec(
        "closest", aliases: ["most_similar_to_given"], group: .tables,
        summary: "the candidate most similar to a word (gensim most_similar_to_given)",
        positionals: [subject, word1, candidates],
        examples: ["closest vectors king apple queen car"],
        jsonFields: ["word", "score", "composed"],
        details: ComposedWords.details
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let word = arguments[word1], among = arguments[candidates]
        let best = try SimilarityCommands.wordErrors([word] + among) { try table.mostSimilarToGiven(word.text, among: among.map(\.text)) }
        return ComposedWords.noted(Report([.fields([("most similar to \(word.text)", best.word),
                                                    ("cosine", formatNumber(Double(best.score), precision: 6))])],
                                          json: .object([("word", .string(best.word)), ("score", .float(best.score))])),
                                   ComposedWords.composed(([word] + among).map(\.text), in: table))
    }

    private static let group = Positional.words("WORD", arity: .many, help: "the words to rank", completion: .word)
    private static let useNorm = Option.bool("use_norm", default: true, help: "use unit vectors (false: the rows as they are)")

    static let centrality = CommandSpec(
        "centrality", aliases: ["rank_by_centrality"], group: .tables,
        summary: "words ranked by similarity to their mean, most central first (gensim rank_by_centrality; unknown words are left out)",
        positionals: [subject, group],
        options: [useNorm],
        examples: ["centrality vectors breakfast cereal dinner lunch"],
        jsonFields: ["results[].word", "results[].score", "composed"],
        details: ComposedWords.details
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let words = arguments[group]
        let known = words.contains { table.holdsVector(for: $0.text) }
        let ranked = try SimilarityCommands.wordErrors(words) {
            try table.rankByCentrality(words.map(\.text), useNorm: arguments[useNorm], ignoreUnknown: known)
        }
        return ComposedWords.noted(SimilarityCommands.scoredReport(ranked, title: nil,
                                                                   blocks: SimilarityCommands.leftOutWarning(table, words.map(\.text))),
                                   ComposedWords.composed(words.map(\.text), in: table))
    }

    private static let neighbours = Option.int("k", 1...Int.max, default: 10, help: "how many of A's nearest words to sum",
                                               aliases: [.spelling("topn")])

    static let relsimilarity = CommandSpec(
        "relsimilarity", aliases: ["relative_cosine_similarity"], group: .tables,
        summary: "cosine of A and B over the sum of A's k nearest cosines (gensim relative_cosine_similarity)",
        positionals: [subject, word1, word2],
        options: [neighbours],
        examples: ["relsimilarity vectors king queen k=10"],
        jsonFields: ["score", "composed"],
        details: ComposedWords.details
    ) { session, arguments, _ in
        let table = try session.table(arguments[subject].text)
        let a = arguments[word1], b = arguments[word2]
        let score = try SimilarityCommands.wordErrors([a, b]) { try table.relativeCosineSimilarity(a.text, b.text, k: arguments[neighbours]) }
        return ComposedWords.noted(Report([.fields([("relative cosine(\(a.text), \(b.text))", formatNumber(Double(score), precision: 6))])],
                                          json: .object([("score", .float(score))])),
                                   ComposedWords.composed([a.text, b.text], in: table))
    }
}
