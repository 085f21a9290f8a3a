import Dispatch
import EmbeddingKit
import Foundation

/// Text vector files: word2vec and fastText (header), GloVe (no header), Projector TSV (no word column).
extension VectorFileReader {
    enum TextLayout {
        /// A `N D` header line, then `word v1 … vD` lines.
        case header
        /// `word v1 … vD` lines; words may contain spaces (the last D tokens are the values).
        case glove
        /// `v1\tv2…` lines; the words come from a companion file.
        case tsv
    }

    struct TextPart {
        var words: [String] = []
        var values: [Float] = []
        var rows = 0
        var lines = 0
        var blank = 0
        var invalidUTF8: [String] = []
        var invalidUTF8Count = 0
        var nonFiniteRows = 0
        /// The first bad line; its line number counts from the part's start and is relocated later.
        var error: VectorReadError? = nil
    }

    static func readText(_ p: UnsafePointer<UInt8>, _ count: Int, layout: TextLayout, _ o: Options) throws -> RawVectors {
        var bodyStart = 0
        var dim: Int
        var declared: Int? = nil
        var headerLines = 0
        if layout == .header {
            let e = TextScan.lineEnd(p, 0, count)
            guard let h = TextScan.parseHeader(p, 0, e) else {
                throw VectorReadError.badHeader(line: TextScan.string(p, 0..<TextScan.trimEnd(p, 0, Swift.min(e, 200))))
            }
            dim = h.dim
            declared = h.count
            bodyStart = Swift.min(count, e + 1)
            headerLines = 1
            let expected = o.limit.map { Swift.min($0, h.count) } ?? h.count
            if expected > 0 { try o.checkShape(rows: expected, dim: dim) }
        } else {
            // The dimension is the number of values on the first non-empty line.
            var s = 0
            dim = 0
            while s < count {
                let e = TextScan.lineEnd(p, s, count)
                let t = TextScan.tokens(p, s, e)
                if !t.isEmpty { dim = layout == .tsv ? t.count : TextScan.gloveDimension(p, t); break }
                s = e + 1
            }
            if dim <= 0 { throw VectorReadError.unrecognizedFormat(path: o.name) }
        }

        // Split the body at line boundaries; parse parts concurrently unless a limit asks for the first N.
        let bodyBytes = count - bodyStart
        let partCount = o.limit != nil ? 1 : Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount * 2, bodyBytes / (4 << 20)))
        var bounds: [Int] = [bodyStart]
        for k in 1..<partCount {
            let guess = bodyStart + bodyBytes / partCount * k
            let cut = Swift.min(count, TextScan.lineEnd(p, Swift.max(guess, bounds.last!), count) + 1)
            bounds.append(cut)
        }
        bounds.append(count)
        let ranges = (0..<partCount).map { bounds[$0] ..< Swift.max(bounds[$0], bounds[$0 + 1]) }
        var parts = [TextPart](repeating: TextPart(), count: partCount)
        if partCount == 1 {
            parts[0] = parseTextPart(p, ranges[0], dim: dim, layout: layout, limit: o.limit, o)
        } else {
            let d = dim
            let pb = Box(p)
            parts.withUnsafeMutableBufferPointer { out in
                let box = Box(out)
                DispatchQueue.concurrentPerform(iterations: partCount) { k in
                    box.value[k] = parseTextPart(pb.value, ranges[k], dim: d, layout: layout, limit: nil, o)
                }
            }
        }
        try o.interruption.checkpoint()
        var line = headerLines
        for part in parts {
            if let e = part.error { throw relocate(e, by: line) }
            line += part.lines
        }
        var raw = RawVectors(dim: dim)
        let total = parts.reduce(0) { $0 + $1.rows }
        raw.words.reserveCapacity(total)
        raw.values.reserveCapacity(total * dim)
        var blank = 0
        for part in parts {
            raw.words.append(contentsOf: part.words)
            raw.values.append(contentsOf: part.values)
            raw.rows += part.rows
            blank += part.blank
            raw.invalidUTF8Count += part.invalidUTF8Count
            raw.invalidUTF8.append(contentsOf: part.invalidUTF8.prefix(Swift.max(0, 5 - raw.invalidUTF8.count)))
            raw.nonFiniteRows += part.nonFiniteRows
        }
        if let declared, o.limit == nil || raw.rows < o.limit!, declared != raw.rows {
            raw.warnings.append(.headerCountMismatch(declared: declared, found: raw.rows))
        }
        if blank > 0 { raw.warnings.append(.blankLinesSkipped(blank)) }
        return raw
    }

    /// Adds `offset` to the (part-relative) line number of an error.
    static func relocate(_ e: VectorReadError, by offset: Int) -> VectorReadError {
        switch e {
        case let .wrongDimension(line, word, expected, found):
            return .wrongDimension(line: line + offset, word: word, expected: expected, found: found)
        case let .badNumber(line, word, column, text):
            return .badNumber(line: line + offset, word: word, column: column, text: text)
        case let .nonFinite(line, word, column, text):
            return .nonFinite(line: line + offset, word: word, column: column, text: text)
        default:
            return e
        }
    }

    /// Parses the lines of `range`. Errors carry 1-based line numbers relative to the part.
    static func parseTextPart(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, dim: Int, layout: TextLayout,
                              limit: Int?, _ o: Options) -> TextPart {
        var part = TextPart()
        let estimate = range.count / Swift.max(16, dim * 9) + 16
        if layout != .tsv { part.words.reserveCapacity(Swift.min(estimate, 1 << 22)) }
        part.values.reserveCapacity(Swift.min(estimate * dim, 1 << 28))
        var s = range.lowerBound
        let end = range.upperBound
        var row = [Float](repeating: 0, count: dim)
        while s < end {
            if let limit, part.rows >= limit { break }
            let lineEnd = TextScan.lineEnd(p, s, end)
            part.lines += 1
            if part.lines & 16383 == 0, o.interruption.isRequested { return part }
            let e = TextScan.trimEnd(p, s, lineEnd)
            defer { s = lineEnd + 1 }
            var i = s
            while i < e, TextScan.isSpace(p[i]) { i += 1 }
            if i >= e { part.blank += 1; continue }
            var wordRange = i..<i
            if layout != .tsv {
                while i < e, !TextScan.isSpace(p[i]) { i += 1 }
                wordRange = wordRange.lowerBound..<i
            }
            var n = 0
            var failed: (column: Int, text: Range<Int>)? = nil
            var nonFinite: (column: Int, text: Range<Int>)? = nil
            row.withUnsafeMutableBufferPointer { rb in
                while i < e {
                    while i < e, TextScan.isSpace(p[i]) { i += 1 }
                    if i >= e { break }
                    let t0 = i
                    while i < e, !TextScan.isSpace(p[i]) { i += 1 }
                    if n >= dim { n += 1; continue }
                    guard let v = FloatParser.parse(p, t0, i) else {
                        if failed == nil { failed = (n + 1, t0..<i) }
                        n += 1
                        continue
                    }
                    if !v.isFinite, nonFinite == nil { nonFinite = (n + 1, t0..<i) }
                    rb[n] = v
                    n += 1
                }
            }
            if layout == .glove && (n != dim || failed != nil) {
                // GloVe words may contain spaces ("840B" files): the last `dim` tokens are the values.
                let t = TextScan.tokens(p, s, lineEnd)
                if t.count > dim + 1 {
                    let valueTokens = t.suffix(dim)
                    var ok = true
                    failed = nil; nonFinite = nil
                    for (k, r) in valueTokens.enumerated() {
                        guard let v = FloatParser.parse(p, r.lowerBound, r.upperBound) else { ok = false; failed = (t.count - dim + k, r); break }
                        if !v.isFinite, nonFinite == nil { nonFinite = (k + 1, r) }
                        row[k] = v
                    }
                    if ok { n = dim; wordRange = t[0].lowerBound ..< t[t.count - dim - 1].upperBound }
                }
            }
            let (word, valid) = TextScan.decodeWord(p, wordRange)
            if n != dim {
                part.error = .wrongDimension(line: part.lines, word: word, expected: dim, found: n)
                return part
            }
            if let f = failed {
                part.error = .badNumber(line: part.lines, word: word, column: f.column, text: TextScan.string(p, f.text))
                return part
            }
            if let f = nonFinite {
                if !o.allowNonFinite {
                    part.error = .nonFinite(line: part.lines, word: word, column: f.column, text: TextScan.string(p, f.text))
                    return part
                }
                part.nonFiniteRows += 1
            }
            if !valid {
                part.invalidUTF8Count += 1
                if part.invalidUTF8.count < 5 { part.invalidUTF8.append(word) }
            }
            if layout != .tsv { part.words.append(word) }
            part.values.append(contentsOf: row)
            part.rows += 1
        }
        return part
    }
}
