import Dispatch
import EmbeddingKit
import Foundation

/// Text vector files: word2vec and fastText (header), GloVe (no header), Projector TSV (no word column).
///
/// The body is cut at line boundaries into parts parsed on all cores. A first pass counts the
/// lines of each part, so every part writes its values straight into its slice of the one
/// final array (then parts are closed up over any blank lines).
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
        var rows = 0
        var lines = 0
        var blank = 0
        var invalidUTF8 = InvalidWords()
        var nonFiniteRows = 0
        /// The first bad line; its line number counts from the part's start and is relocated later.
        var error: VectorReadError? = nil
    }

    static func readText(_ p: UnsafePointer<UInt8>, _ count: Int, layout: TextLayout, _ o: Options) throws -> RawVectors {
        let (dim, declared, bodyStart) = try shape(p, count, layout: layout, o)
        // Parts and their line counts; with a limit, one part of at most `limit` lines.
        let ranges = partRanges(p, bodyStart ..< count, parts: o.limit != nil ? 1 : ProcessInfo.processInfo.activeProcessorCount * 2)
        let source = Box(p)
        var lineCounts = [Int](repeating: 0, count: ranges.count)
        lineCounts.withUnsafeMutableBufferPointer { out in
            let target = Box(out)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                target.value[k] = TextScan.lineCount(source.value, ranges[k], limit: o.limit)
            }
        }
        let capacities = lineCounts
        let firstRow = capacities.reduce(into: [0]) { $0.append($0.last! + $1) }
        try o.checkShape(rows: Swift.max(1, firstRow.last!), dim: dim)

        var parts = [TextPart](repeating: TextPart(), count: ranges.count)
        var rows = 0
        let values = [Float](unsafeUninitializedCapacity: firstRow.last! * dim) { buffer, initialized in
            HugePageFloats.advise(buffer)
            let base = Box(buffer.baseAddress!)
            parts.withUnsafeMutableBufferPointer { out in
                let target = Box(out)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                    target.value[k] = parseTextPart(source.value, ranges[k], dim: dim, layout: layout, limit: capacities[k],
                                                    into: base.value + firstRow[k] * dim, o)
                }
            }
            // Close up the gaps left by blank lines.
            for (k, part) in parts.enumerated() {
                if firstRow[k] != rows, part.rows > 0 {
                    (buffer.baseAddress! + rows * dim).update(from: buffer.baseAddress! + firstRow[k] * dim, count: part.rows * dim)
                }
                rows += part.rows
            }
            initialized = rows * dim
        }
        try o.interruption.checkpoint()
        var line = layout == .header ? 1 : 0
        for part in parts {
            if let e = part.error { throw relocate(e, by: line) }
            line += part.lines
        }
        var raw = RawVectors(dim: dim)
        raw.values = values
        raw.rows = rows
        if layout != .tsv {
            raw.words.reserveCapacity(rows)
            for part in parts { raw.words.append(contentsOf: part.words) }
        }
        var blank = 0
        for part in parts {
            blank += part.blank
            raw.invalidUTF8.merge(part.invalidUTF8)
            raw.nonFiniteRows += part.nonFiniteRows
        }
        if let declared, o.limit == nil || raw.rows < o.limit!, declared != raw.rows {
            raw.warnings.append(.headerCountMismatch(declared: declared, found: raw.rows))
        }
        if blank > 0 { raw.warnings.append(.blankLinesSkipped(blank)) }
        return raw
    }

    /// The dimension, the announced count (header only) and where the vectors start.
    static func shape(_ p: UnsafePointer<UInt8>, _ count: Int, layout: TextLayout, _ o: Options) throws
        -> (dim: Int, declared: Int?, bodyStart: Int) {
        if layout == .header {
            let e = TextScan.lineEnd(p, 0, count)
            guard let h = TextScan.parseHeader(p, 0, e) else {
                throw VectorReadError.badHeader(line: TextScan.string(p, 0..<TextScan.trimEnd(p, 0, Swift.min(e, 200))))
            }
            let expected = o.limit.map { Swift.min($0, h.count) } ?? h.count
            if expected > 0 { try o.checkShape(rows: expected, dim: h.dim) }
            return (h.dim, h.count, Swift.min(count, e + 1))
        }
        // The dimension is the number of values on the first non-empty line.
        var s = 0
        while s < count {
            let e = TextScan.lineEnd(p, s, count)
            let t = TextScan.tokens(p, s, e)
            if !t.isEmpty {
                let dim = layout == .tsv ? t.count : TextScan.gloveDimension(p, t)
                if dim > 0 { return (dim, nil, 0) }
                break
            }
            s = e + 1
        }
        throw VectorReadError.unrecognizedFormat(path: o.name)
    }

    /// `range` cut at line boundaries into at most `parts` pieces of at least 4 MB.
    static func partRanges(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, parts: Int) -> [Range<Int>] {
        let count = Swift.max(1, Swift.min(parts, range.count / (4 << 20)))
        var bounds = [range.lowerBound]
        for k in 1..<count {
            let guess = range.lowerBound + range.count / count * k
            bounds.append(Swift.min(range.upperBound, TextScan.lineEnd(p, Swift.max(guess, bounds.last!), range.upperBound) + 1))
        }
        bounds.append(range.upperBound)
        return (0..<count).map { bounds[$0] ..< Swift.max(bounds[$0], bounds[$0 + 1]) }
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

    /// Parses the lines of `range`, at most `limit` vectors, writing row after row to `out`.
    /// Errors carry 1-based line numbers relative to the part.
    static func parseTextPart(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, dim: Int, layout: TextLayout,
                              limit: Int, into out: UnsafeMutablePointer<Float>, _ o: Options) -> TextPart {
        var part = TextPart()
        if layout != .tsv { part.words.reserveCapacity(limit) }
        var s = range.lowerBound
        let end = range.upperBound
        while s < end, part.rows < limit {
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
            let row = out + part.rows * dim
            var n = 0
            var failed: (column: Int, text: Range<Int>)? = nil
            var nonFinite: (column: Int, text: Range<Int>)? = nil
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
                row[n] = v
                n += 1
            }
            if layout != .tsv && (n != dim || failed != nil) {
                // Words may contain spaces (GloVe "840B" files, some word2vec text): the last `dim`
                // tokens are the values. After a header, only when the word's last piece is not a
                // number, so that a line with one value too many is reported as such.
                let t = TextScan.tokens(p, s, lineEnd)
                if t.count > dim + 1, layout == .glove || TextScan.trailingNumbers(p, t) == dim {
                    var ok = true
                    failed = nil; nonFinite = nil
                    for (k, r) in t.suffix(dim).enumerated() {
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
            if !valid { part.invalidUTF8.note(word) }
            if layout != .tsv { part.words.append(word) }
            part.rows += 1
        }
        return part
    }
}
