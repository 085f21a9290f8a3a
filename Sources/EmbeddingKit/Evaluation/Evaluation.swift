import Foundation

/// Result of `evaluatePairs` (gensim `evaluate_word_pairs`).
public struct WordPairsResult: Equatable, Sendable {
    /// Pearson correlation of gold vs model similarities (NaN with fewer than 2 pairs or constant data).
    public var pearson: Double
    /// Spearman rank correlation (average ranks for ties).
    public var spearman: Double
    /// Pairs with an unknown word, in PERCENT of all valid pairs (gensim's `oov_ratio`).
    public var oovRatio: Double
    /// Pairs that were scored.
    public var pairsUsed: Int
    /// Pairs skipped because a word is not in the (restricted) vocabulary.
    public var oovPairs: Int
    /// Lines that were neither comments nor `word TAB word TAB number`.
    public var malformedLines: Int
    /// `#` comment lines (and empty lines).
    public var commentLines: Int
    /// Pairs skipped because a word has a zero vector (no cosine; gensim 4.4 scores them 0.0).
    public var zeroVectorPairs: Int = 0
}

/// One section of `evaluateAnalogies` (gensim `evaluate_word_analogies`).
public struct AnalogySection: Equatable, Sendable {
    public var name: String
    public var correct: Int
    public var incorrect: Int
    /// Questions evaluated (correct + incorrect); questions with unknown words are not counted.
    public var total: Int { correct + incorrect }
    /// correct / total, 0 when total is 0.
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
}

/// Result of `evaluateAnalogies`.
public struct AnalogyEvaluation: Equatable, Sendable {
    /// Sections in file order (without the total).
    public var sections: [AnalogySection]
    /// All sections together, named "Total accuracy" as in gensim.
    public var total: AnalogySection
    /// total.correct / total.total (gensim's returned score).
    public var accuracy: Double { total.accuracy }
    /// Questions skipped because a word is not in the (restricted) vocabulary.
    public var oovQuestions: Int
    /// Well-formed questions (evaluated + OOV).
    public var questions: Int
    /// Lines that are not `: section` headers and do not have exactly four words.
    public var invalidLines: Int
    /// OOV questions in percent of all questions (gensim logs this).
    public var oovRatio: Double { questions == 0 ? 0 : Double(oovQuestions) / Double(questions) * 100 }
}

extension EmbeddingTable {
    /// The evaluation vocabulary: first `restrict` labels, keyed by uppercased form when
    /// `caseInsensitive` (the earliest, i.e. most frequent, variant wins).
    func evaluationVocabulary(restrict: Int, caseInsensitive: Bool) throws -> [String: Int] {
        guard let labels else { throw EmbeddingError.noLabels }
        let n = Swift.min(Swift.max(restrict, 0), rows)
        var vocab = [String: Int](minimumCapacity: n)
        for i in 0..<n {
            let key = caseInsensitive ? labels[i].uppercased() : labels[i]
            if vocab[key] == nil { vocab[key] = i }
        }
        return vocab
    }

    /// gensim `evaluate_word_pairs` on the lines of a word-pairs file (e.g. WordSim-353):
    /// lines starting with `#` are skipped; other lines must split on `delimiter` into exactly
    /// `word1, word2, score` (else they are counted as malformed); pairs with a word outside the
    /// first `restrictVocab` rows are skipped and counted; similarity is the cosine of the unit rows.
    public func evaluatePairs<S: Sequence>(lines: S, delimiter: Character = "\t", restrictVocab: Int = 300_000,
                                           caseInsensitive: Bool = true,
                                           interruption: Interruption = .never) throws -> WordPairsResult
        where S.Element: StringProtocol {
        let vocab = try evaluationVocabulary(restrict: restrictVocab, caseInsensitive: caseInsensitive)
        var gold: [Double] = [], model: [Double] = []
        var oov = 0, malformed = 0, comments = 0, zero = 0
        let norms = normCache.norms
        for (n, raw) in lines.enumerated() {
            if n % 4096 == 4095 { try interruption.checkpoint() }
            var line = Substring(raw)
            if line.hasSuffix("\n") { line = line.dropLast() }  // "\r\n" is one Character
            if line.isEmpty || line.hasPrefix("#") { comments += 1; continue }
            let parts = line.split(separator: delimiter, omittingEmptySubsequences: false)
            guard parts.count == 3, let sim = Self.parsePythonFloat(parts[2]) else { malformed += 1; continue }
            let a = caseInsensitive ? parts[0].uppercased() : String(parts[0])
            let b = caseInsensitive ? parts[1].uppercased() : String(parts[1])
            guard let ia = vocab[a], let ib = vocab[b] else { oov += 1; continue }
            guard norms[ia] > 0, norms[ib] > 0, let s = try? similarity(rows: ia, ib, words: nil) else { zero += 1; continue }
            gold.append(sim)
            model.append(Double(s))
        }
        let total = gold.count + oov
        guard total + zero > 0 else { throw EmbeddingError.noWordPairs(malformed: malformed) }
        guard !gold.isEmpty || zero > 0 else { throw EmbeddingError.noPairsInVocabulary(pairs: oov, restrict: Swift.min(restrictVocab, rows)) }
        return WordPairsResult(pearson: Statistics.pearson(gold, model), spearman: Statistics.spearman(gold, model),
                               oovRatio: total == 0 ? .nan : Double(oov) / Double(total) * 100,
                               pairsUsed: gold.count, oovPairs: oov, malformedLines: malformed, commentLines: comments,
                               zeroVectorPairs: zero)
    }

    /// `evaluatePairs(lines:)` on a whole file's text.
    public func evaluatePairs(text: String, delimiter: Character = "\t", restrictVocab: Int = 300_000,
                              caseInsensitive: Bool = true, interruption: Interruption = .never) throws -> WordPairsResult {
        try evaluatePairs(lines: Self.splitLines(text), delimiter: delimiter, restrictVocab: restrictVocab,
                          caseInsensitive: caseInsensitive, interruption: interruption)
    }

    /// Python `float(str)` for the usual spellings (surrounding whitespace allowed).
    static func parsePythonFloat(_ s: Substring) -> Double? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
        if t.isEmpty { return nil }
        return Double(t)
    }

    static func splitLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// gensim `evaluate_word_analogies` (3CosAdd) on the lines of a questions file
    /// (`: section` headers, then `a b c expected` per line).
    ///
    /// The vocabulary is the first `restrictVocab` rows, uppercased when `caseInsensitive` (first
    /// variant wins). Questions with an unknown word are skipped and counted. For each question the
    /// top 5 of most_similar(positive: [b, c], negative: [a]) over that vocabulary are taken (the rows
    /// of a, b, c excluded) and the first one whose (uppercased) word is not a, b or c is the
    /// prediction. All questions are scored in one pass over the rows (`analogyHits`) on all cores.
    public func evaluateAnalogies<S: Sequence>(lines: S, restrictVocab: Int = 300_000, caseInsensitive: Bool = true,
                                               interruption: Interruption = .never) throws -> AnalogyEvaluation
        where S.Element: StringProtocol {
        let vocab = try evaluationVocabulary(restrict: restrictVocab, caseInsensitive: caseInsensitive)
        var sectionNames: [String] = []
        var questions: [AnalogyQuestion] = []
        var oov = [Int](), invalid = 0, wellFormed = 0
        for (n, raw) in lines.enumerated() {
            let line = String(raw)
            if line.hasPrefix(": ") {
                // Python: line.lstrip(': ').strip()
                let name = line.drop(while: { $0 == ":" || $0 == " " }).trimmingCharacters(in: .whitespacesAndNewlines)
                sectionNames.append(name)
                oov.append(0)
                continue
            }
            let words = line.split(whereSeparator: { $0.isWhitespace }).map { caseInsensitive ? $0.uppercased() : String($0) }
            guard !sectionNames.isEmpty else {
                if words.isEmpty { invalid += 1; continue }  // Python would also raise here; blank lines are harmless
                throw EmbeddingError.missingSectionHeader(line: n + 1)
            }
            guard words.count == 4 else { invalid += 1; continue }
            wellFormed += 1
            let r = words.compactMap { vocab[$0] }
            if r.count != 4 { oov[sectionNames.count - 1] += 1; continue }
            questions.append(AnalogyQuestion(section: sectionNames.count - 1, words: words, rows: r))
        }
        try interruption.checkpoint()
        guard wellFormed > 0 else { throw EmbeddingError.noAnalogyQuestions }

        let limit = Swift.min(Swift.max(restrictVocab, 0), rows)
        let top = try analogyHits(questions.map { ($0.rows[0], $0.rows[1], $0.rows[2]) }, k: 5, method: .add,
                                  restrict: limit, interruption: interruption)

        var correct = [Int](repeating: 0, count: sectionNames.count)
        var incorrect = correct
        for (qi, q) in questions.enumerated() {
            var predicted: String? = nil
            let ignore = Set(q.words[0..<3])
            for hit in top[qi] {
                let w = label(hit.index)!
                predicted = caseInsensitive ? w.uppercased() : w
                if vocab[predicted!] != nil && !ignore.contains(predicted!) { break }
            }
            if predicted == q.words[3] { correct[q.section] += 1 } else { incorrect[q.section] += 1 }
        }
        let sections = sectionNames.indices.map {
            AnalogySection(name: sectionNames[$0], correct: correct[$0], incorrect: incorrect[$0])
        }
        let total = AnalogySection(name: "Total accuracy", correct: correct.reduce(0, +), incorrect: incorrect.reduce(0, +))
        return AnalogyEvaluation(sections: sections, total: total, oovQuestions: oov.reduce(0, +),
                                 questions: wellFormed, invalidLines: invalid)
    }

    /// `evaluateAnalogies(lines:)` on a whole file's text.
    public func evaluateAnalogies(text: String, restrictVocab: Int = 300_000, caseInsensitive: Bool = true,
                                  interruption: Interruption = .never) throws -> AnalogyEvaluation {
        try evaluateAnalogies(lines: Self.splitLines(text), restrictVocab: restrictVocab,
                              caseInsensitive: caseInsensitive, interruption: interruption)
    }
}

struct AnalogyQuestion { var section: Int; var words: [String]; var rows: [Int] }

/// Correlation coefficients in Double.
public enum Statistics {
    /// Pearson's r; NaN when fewer than 2 values or either side is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = x.count
        guard n == y.count, n >= 2 else { return .nan }
        let mx = x.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        let r = sxy / (sxx.squareRoot() * syy.squareRoot())
        return Swift.max(-1, Swift.min(1, r))
    }

    /// Ranks 1...n, tied values get the average of their ranks.
    public static func averageRanks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let avg = Double(i + j) / 2 + 1
            for t in i...j { ranks[order[t]] = avg }
            i = j + 1
        }
        return ranks
    }

    /// Spearman's rho: Pearson on average ranks.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count >= 2 else { return .nan }
        return pearson(averageRanks(x), averageRanks(y))
    }
}
