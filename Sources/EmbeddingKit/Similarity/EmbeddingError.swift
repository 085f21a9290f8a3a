/// Errors of word-level operations (similarity, nearest, analogies, evaluation).
public enum EmbeddingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Words not in the table, each with a few close spellings from the labels (best first).
    case unknownWords([UnknownWord])
    /// The table has no word labels, so words cannot be looked up.
    case noLabels
    /// Cosine similarity is undefined for a zero vector (`word` is nil for a raw vector).
    case zeroVector(word: String?)
    /// A vector holding NaN or an infinite value (imported with allow_nonfinite): no cosine either.
    case nonFiniteVector(word: String?)
    /// The query terms cancel out (their weighted mean is the zero vector).
    case zeroQuery
    /// A word with no neighbour to compare with (a table of one word, or k=0).
    case noNeighbours(word: String)
    /// A 3CosMul query whose terms are all negative: it has nothing to multiply.
    case noPositiveTerm
    /// A query with no terms, or an empty word list.
    case emptyQuery
    /// A query expression that cannot be parsed.
    case invalidQuery(String)
    /// Vectors of different lengths.
    case dimensionMismatch(expected: Int, got: Int)
    /// An analogy question file whose first question comes before any `: section` header.
    case missingSectionHeader(line: Int)
    /// A word-pairs file with no `word1 TAB word2 TAB score` line (`malformed` other lines).
    case noWordPairs(malformed: Int)
    /// A word-pairs file none of whose `pairs` has both words among the first `restrict` rows
    /// (gensim raises: no valid similarity judgements).
    case noPairsInVocabulary(pairs: Int, restrict: Int)
    /// An analogy file with no question of four words.
    case noAnalogyQuestions

    public var description: String {
        switch self {
        case let .unknownWords(words):
            let parts = words.map { w -> String in
                if w.suggestions.isEmpty { return "'\(w.word)'" }
                return "'\(w.word)' (did you mean \(w.suggestions.map { "'\($0)'" }.joined(separator: ", "))?)"
            }
            return (words.count == 1 ? "unknown word " : "unknown words ") + parts.joined(separator: "; ")
        case .noLabels:
            return "the table has no word labels"
        case let .zeroVector(word):
            if let word { return "cosine similarity is undefined: '\(word)' has a zero vector" }
            return "cosine similarity is undefined for a zero vector"
        case let .nonFiniteVector(word):
            if let word { return "cosine similarity is undefined: '\(word)' has NaN or infinite values" }
            return "cosine similarity is undefined for a vector with NaN or infinite values"
        case .zeroQuery:
            return "the query terms cancel out (their mean is the zero vector)"
        case let .noNeighbours(word):
            return "'\(word)' has no neighbour to compare with"
        case .noPositiveTerm:
            return "3CosMul needs a positive term (a word or vector without -)"
        case .emptyQuery:
            return "no words given"
        case let .invalidQuery(msg):
            return "invalid query: \(msg)"
        case let .dimensionMismatch(expected, got):
            return "vector has \(got) values, expected \(expected)"
        case let .missingSectionHeader(line):
            return "missing ': section' header before line \(line)"
        case let .noWordPairs(malformed):
            return "no word pairs: none of the \(malformed) line\(malformed == 1 ? "" : "s") other than comments is "
                + "word1<TAB>word2<TAB>score (an analogy file goes with analogies=)"
        case let .noPairsInVocabulary(pairs, restrict):
            return "no pair can be scored: each of the \(pairs) word pair\(pairs == 1 ? " has a word" : "s has a word") "
                + "outside the vocabulary (the first \(restrict) rows)"
        case .noAnalogyQuestions:
            return "no analogy questions: expected ': section' headers, then lines of four words (a word-pairs file goes with pairs=)"
        }
    }
}

/// An unknown word and the closest labels by edit distance.
public struct UnknownWord: Equatable, Sendable {
    public var word: String
    public var suggestions: [String]
    public init(word: String, suggestions: [String]) {
        self.word = word
        self.suggestions = suggestions
    }
}

/// A word with a score (cosine similarity, or the 3CosMul product).
public struct ScoredWord: Equatable, Sendable, CustomStringConvertible {
    public var word: String
    public var score: Float
    /// Row of the word in the table.
    public var row: Int
    public init(word: String, score: Float, row: Int = -1) {
        self.word = word
        self.score = score
        self.row = row
    }
    public var description: String { "\(word)\t\(score)" }
}

extension EmbeddingTable {
    /// Builds the unknown-words error, with up to `maxSuggestions` close labels per word.
    public func unknownWordsError(_ words: [String], maxSuggestions: Int = 3) -> EmbeddingError {
        if !hasLabels { return .noLabels }
        return .unknownWords(words.map { UnknownWord(word: $0, suggestions: suggestions(for: $0, max: maxSuggestions)) })
    }

    /// Labels closest to `word`: a case-insensitive match first, then Levenshtein distance
    /// (at most 2, or 3 for words of 8+ characters), ties in row (frequency) order.
    public func suggestions(for word: String, max: Int = 3) -> [String] {
        guard let labels, max > 0 else { return [] }
        let target = Array(word.lowercased().unicodeScalars)
        let limit = target.count >= 8 ? 3 : 2
        var found: [(d: Int, row: Int)] = []
        var prev = [Int](repeating: 0, count: target.count + 1)
        var cur = prev
        for (row, label) in labels.enumerated() {
            let cand = Array(label.lowercased().unicodeScalars)
            if abs(cand.count - target.count) > limit { continue }
            let d = Self.boundedLevenshtein(target, cand, limit: limit, prev: &prev, cur: &cur)
            if d <= limit { found.append((d == 0 && label != word ? 0 : d, row)) }
        }
        found.sort { $0.d < $1.d || ($0.d == $1.d && $0.row < $1.row) }
        var out: [String] = []
        for f in found where labels[f.row] != word && !out.contains(labels[f.row]) {
            out.append(labels[f.row])
            if out.count == max { break }
        }
        return out
    }

    static func boundedLevenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int,
                                   prev: inout [Int], cur: inout [Int]) -> Int {
        let n = a.count, m = b.count
        if n == 0 { return m }
        if m == 0 { return n }
        if prev.count < n + 1 { prev = [Int](repeating: 0, count: n + 1); cur = prev }
        for i in 0...n { prev[i] = i }
        for j in 1...m {
            cur[0] = j
            var rowMin = j
            let bj = b[j - 1]
            for i in 1...n {
                let cost = a[i - 1] == bj ? 0 : 1
                let v = Swift.min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + cost)
                cur[i] = v
                if v < rowMin { rowMin = v }
            }
            if rowMin > limit { return limit + 1 }
            swap(&prev, &cur)
        }
        return prev[n]
    }
}
