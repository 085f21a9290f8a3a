import CKernels
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
        /// Rows skipped (`skipBad`): how many, the first few reasons, and in TSV their ordinals
        /// among the part's vector lines (their words are dropped too).
        var skipped = 0
        var skipReasons: [VectorReadError] = []
        var skippedOrdinals: [Int] = []
        /// The line (counted from the part's start) of a vector at the very end without a line break.
        var unterminatedLine: Int? = nil
        /// The first bad line; its line number counts from the part's start and is relocated later.
        var error: VectorReadError? = nil

        /// Records a bad row: skipped when `skip` (returns false: go on), else the part's error
        /// (returns true: stop). `tsv`: the row's word is to be dropped too.
        mutating func refuse(_ reason: VectorReadError, skip: Bool, tsv: Bool) -> Bool {
            guard skip else { error = reason; return true }
            if tsv { skippedOrdinals.append(rows + skipped) }
            if skipReasons.count < VectorReadWarning.maxReportedSkips { skipReasons.append(reason) }
            skipped += 1
            return false
        }
    }

    static func readText(_ p: UnsafePointer<UInt8>, _ count: Int, layout: TextLayout, _ o: Options) throws -> RawVectors {
        let (dim, declared, bodyStart) = try dimension(p, count, layout: layout, o)
        // Parts and their counts of lines holding vectors; with a limit, one part of at most `limit` of them.
        let ranges = partRanges(p, bodyStart ..< count, parts: o.limit != nil ? 1 : ProcessInfo.processInfo.activeProcessorCount * 2)
        let source = Box(p)
        var lineCounts = [Int](repeating: 0, count: ranges.count)
        lineCounts.withUnsafeMutableBufferPointer { out in
            let target = Box(out)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                target.value[k] = TextScan.contentLineCount(source.value, ranges[k], limit: o.limit)
            }
        }
        let capacities = lineCounts
        let firstRow = capacities.reduce(into: [0]) { $0.append($0.last! + $1) }
        let capacity = firstRow.last!
        try o.checkShape(rows: Swift.max(1, capacity), dim: dim, bookkeeping: layout == .tsv ? 0 : MemoryLayout<String>.stride)

        var parts = [TextPart](repeating: TextPart(), count: ranges.count)
        var rows = 0
        let values = capacity == 0 ? [] : [Float](unsafeUninitializedCapacity: capacity * dim) { buffer, initialized in
            HugePageFloats.advise(buffer)
            let base = Box(buffer.baseAddress!)
            parts.withUnsafeMutableBufferPointer { out in
                let target = Box(out)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                    target.value[k] = parseTextPart(source.value, ranges[k], dim: dim, layout: layout, limit: capacities[k],
                                                    into: base.value + firstRow[k] * dim, o)
                }
            }
            // Close up the gaps left by blank and skipped lines.
            for (k, part) in parts.enumerated() {
                if firstRow[k] != rows, part.rows > 0 {
                    (buffer.baseAddress! + rows * dim).update(from: buffer.baseAddress! + firstRow[k] * dim, count: part.rows * dim)
                }
                rows += part.rows
            }
            initialized = rows * dim
        }
        try o.interruption.checkpoint()
        var raw = RawVectors(dim: dim)
        raw.values = values
        raw.rows = rows
        var line = layout == .header ? 1 : 0
        var vectorLines = 0, skipped = 0, blank = 0
        var skipWarnings: [VectorReadWarning] = []
        var unterminatedLine: Int? = nil
        if layout != .tsv { raw.words.reserveCapacity(rows) }
        for part in parts {
            if let e = part.error { throw relocate(e, by: line) }
            skipWarnings += part.skipReasons.map { .rowSkipped(relocate($0, by: line)) }
            raw.skippedLines += part.skippedOrdinals.map { $0 + vectorLines }
            if let last = part.unterminatedLine { unterminatedLine = last + line }
            if layout != .tsv { raw.words += part.words }
            raw.invalidUTF8.merge(part.invalidUTF8)
            raw.nonFiniteRows += part.nonFiniteRows
            skipped += part.skipped
            blank += part.blank
            vectorLines += part.rows + part.skipped
            line += part.lines
        }
        if let declared {
            // As gensim: a file holding fewer vectors than its header announces is refused.
            if vectorLines < (o.limit.map { Swift.min($0, declared) } ?? declared) {
                throw VectorReadError.truncated(expectedVectors: declared, completeVectors: vectorLines, atByte: count)
            }
            if vectorLines > declared { raw.warnings.append(.headerCountMismatch(declared: declared, found: vectorLines)) }
        }
        raw.warnings += skipWarnings.prefix(VectorReadWarning.maxReportedSkips)
        if skipped > VectorReadWarning.maxReportedSkips {
            raw.warnings.append(.moreRowsSkipped(skipped - VectorReadWarning.maxReportedSkips))
        }
        if let unterminatedLine { raw.warnings.append(.lastLineUnterminated(line: unterminatedLine)) }
        if blank > 0 { raw.warnings.append(.blankLinesSkipped(blank)) }
        return raw
    }

    /// The dimension, the announced count (header only) and where the vectors start. Without a
    /// header, the dimension is the count of values most of the first lines agree on, so that
    /// one bad first line is reported as such rather than every line after it.
    static func dimension(_ p: UnsafePointer<UInt8>, _ count: Int, layout: TextLayout, _ o: Options) throws
        -> (dim: Int, declared: Int?, bodyStart: Int) {
        if layout == .header {
            let h = try Header(p, count, .text, o)
            return (h.dim, h.count, h.bodyStart)
        }
        var votes: [(dim: Int, lines: Int)] = []
        var s = 0, sampled = 0
        while s < count, sampled < 16 {
            let e = TextScan.lineEnd(p, s, count)
            let line = TextScan.shape(p, s, Swift.min(e, s + TextScan.sampleBytes))
            if line.tokens > 0 {
                let dim = layout == .tsv ? line.tokens : line.gloveDimension
                if let k = votes.firstIndex(where: { $0.dim == dim }) { votes[k].lines += 1 } else { votes.append((dim, 1)) }
                sampled += 1
            }
            s = e + 1
        }
        // `max` keeps the first of equals, so ties go to the earliest line.
        guard let best = votes.max(by: { $0.lines < $1.lines }), best.dim > 0 else {
            throw VectorReadError.unrecognizedFormat(path: o.name)
        }
        return (best.dim, nil, 0)
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
        case let .lineTooLong(line, bytes, limit):
            return .lineTooLong(line: line + offset, bytes: bytes, limit: limit)
        default:
            return e
        }
    }

    /// Parses the lines of `range`, at most `limit` vector lines, writing row after row to `out`.
    /// Errors carry 1-based line numbers relative to the part.
    static func parseTextPart(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, dim: Int, layout: TextLayout,
                              limit: Int, into out: UnsafeMutablePointer<Float>, _ o: Options) -> TextPart {
        var part = TextPart()
        let tsv = layout == .tsv
        if !tsv { part.words.reserveCapacity(limit) }
        let maxLine = TextScan.maxLineBytes(dim: dim)
        var s = range.lowerBound
        let end = range.upperBound
        while s < end, part.rows + part.skipped < limit {
            let lineEnd = TextScan.lineEnd(p, s, end)
            part.lines += 1
            if part.lines & 16383 == 0, o.interruption.isRequested { return part }
            let e = TextScan.trimEnd(p, s, lineEnd)
            defer { s = lineEnd + 1 }
            var i = s
            while i < e, TextScan.isSpace(p[i]) { i += 1 }
            if i >= e { part.blank += 1; continue }
            if lineEnd == end { part.unterminatedLine = part.lines }
            if lineEnd - s > maxLine {
                let reason = VectorReadError.lineTooLong(line: part.lines, bytes: lineEnd - s, limit: maxLine)
                if part.refuse(reason, skip: o.skipBad, tsv: tsv) { return part }
                continue
            }
            var wordRange = i..<i
            if !tsv {
                while i < e, !TextScan.isSpace(p[i]) { i += 1 }
                wordRange = wordRange.lowerBound..<i
            }
            let row = out + part.rows * dim
            var n = 0
            var failed: (column: Int, text: Range<Int>)? = nil
            var nonFinite: (column: Int, text: Range<Int>)? = nil
            while i < e {
                if n < dim {
                    // A run of plain numbers, read in C; what it leaves goes through this loop a token at a time.
                    var position = i
                    n += embsh_decimals(p, &position, e, row + n, dim - n)
                    i = position
                }
                while i < e, TextScan.isSpace(p[i]) { i += 1 }
                if i >= e { break }
                let t0 = i
                var value: Float? = nil
                // Numbers are read where they stand; only a token that is not one is scanned twice.
                if let (v, stop) = FloatParser.number(p, t0, e), stop == e || TextScan.isSpace(p[stop]) {
                    value = v
                    i = stop
                } else {
                    while i < e, !TextScan.isSpace(p[i]) { i += 1 }
                    value = FloatParser.word(p, t0, i)
                }
                if n >= dim { n += 1; continue }
                guard let v = value else {
                    if failed == nil { failed = (n + 1, t0..<i) }
                    n += 1
                    continue
                }
                if !v.isFinite, nonFinite == nil { nonFinite = (n + 1, t0..<i) }
                row[n] = v
                n += 1
            }
            if !tsv && (n != dim || failed != nil) {
                // Words may contain spaces (GloVe "840B" files, some word2vec text): the last `dim`
                // tokens are the values, when the word's last piece is not a number (so that a line
                // with one value too many is reported as such).
                let line = TextScan.shape(p, s, lineEnd)
                if line.tokens > dim + 1, line.trailingNumbers == dim {
                    failed = nil
                    nonFinite = nil
                    let wordTokens = line.tokens - dim
                    for (k, r) in TextScan.Tokens(p, s, lineEnd).enumerated() {
                        if k == wordTokens - 1 { wordRange = wordRange.lowerBound ..< r.upperBound }
                        guard k >= wordTokens, let v = FloatParser.parse(p, r.lowerBound, r.upperBound) else { continue }
                        if !v.isFinite, nonFinite == nil { nonFinite = (k - wordTokens + 1, r) }
                        row[k - wordTokens] = v
                    }
                    n = dim
                }
            }
            let (word, valid) = TextScan.decodeWord(p, wordRange)
            if n != dim {
                let reason = VectorReadError.wrongDimension(line: part.lines, word: word, expected: dim, found: n)
                if part.refuse(reason, skip: o.skipBad, tsv: tsv) { return part }
                continue
            }
            if let f = failed {
                let reason = VectorReadError.badNumber(line: part.lines, word: word, column: f.column, text: TextScan.string(p, f.text))
                if part.refuse(reason, skip: o.skipBad, tsv: tsv) { return part }
                continue
            }
            if let f = nonFinite {
                if !o.allowNonFinite {
                    part.error = .nonFinite(line: part.lines, word: word, column: f.column, text: TextScan.string(p, f.text))
                    return part
                }
                part.nonFiniteRows += 1
            }
            if !valid { part.invalidUTF8.note(word) }
            if !tsv { part.words.append(word) }
            part.rows += 1
        }
        return part
    }
}
