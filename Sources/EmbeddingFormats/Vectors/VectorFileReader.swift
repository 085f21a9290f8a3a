import Dispatch
import EmbeddingKit
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads word vector files into an `EmbeddingTable` (labels = the words, rows in file order).
///
/// The file is memory-mapped and parsed as bytes; text files are split at line boundaries and
/// parsed on all cores. Quirks handled: trailing spaces and CRLF, a header whose count disagrees
/// with the data (the data wins, with a warning), duplicate words (the first vector is kept, the
/// rest dropped, as gensim does, with a warning), non-UTF-8 words (decoded with U+FFFD, warning),
/// `limit` (the first N vectors of the file, as gensim's `limit`).
public enum VectorFileReader {
    public typealias Result = (table: EmbeddingTable, warnings: [VectorReadWarning])

    /// Reads `path`; `format` nil means detect from the content.
    public static func read(path: String, format: VectorFormat? = nil, limit: Int? = nil,
                            allowNonFinite: Bool = false, memoryLimit: UInt64? = nil,
                            interruption: Interruption = .never) throws -> Result {
        let file = try MappedFile(path: path)
        defer { file.close() }
        return try read(bytes: file.bytes, name: path, format: format, limit: limit,
                        allowNonFinite: allowNonFinite, memoryLimit: memoryLimit, interruption: interruption)
    }

    /// Reads vectors from bytes in memory (`name` is used in messages).
    public static func read(bytes: UnsafeRawBufferPointer, name: String = "<data>", format: VectorFormat? = nil,
                            limit: Int? = nil, allowNonFinite: Bool = false, memoryLimit: UInt64? = nil,
                            interruption: Interruption = .never) throws -> Result {
        guard bytes.count > 0, let base = bytes.baseAddress else { throw VectorReadError.emptyFile(path: name) }
        guard let fmt = format ?? VectorFormat.detect(bytes) else { throw VectorReadError.unrecognizedFormat(path: name) }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let options = Options(limit: limit.map { Swift.max(0, $0) }, allowNonFinite: allowNonFinite,
                              memoryLimit: memoryLimit, interruption: interruption, name: name)
        var raw: RawVectors
        if fmt == .word2vecBinary {
            raw = try readBinary(p, bytes.count, options)
        } else {
            raw = try readText(p, bytes.count, hasHeader: fmt != .glove, options)
        }
        return try assemble(&raw, options)
    }

    /// Convenience for tests: reads from a byte array.
    public static func read(data: [UInt8], name: String = "<data>", format: VectorFormat? = nil, limit: Int? = nil,
                            allowNonFinite: Bool = false, interruption: Interruption = .never) throws -> Result {
        try data.withUnsafeBytes {
            try read(bytes: $0, name: name, format: format, limit: limit, allowNonFinite: allowNonFinite,
                     interruption: interruption)
        }
    }

    /// The format of a file, detected from its first bytes.
    public static func detectFormat(path: String) throws -> VectorFormat {
        let file = try MappedFile(path: path)
        defer { file.close() }
        let head = UnsafeRawBufferPointer(rebasing: file.bytes.prefix(1 << 20))
        guard let f = VectorFormat.detect(head) else { throw VectorReadError.unrecognizedFormat(path: path) }
        return f
    }

    struct Options {
        var limit: Int?
        var allowNonFinite: Bool
        var memoryLimit: UInt64?
        var interruption: Interruption
        var name: String
    }

    /// Parsed vectors before duplicates are removed.
    struct RawVectors {
        var dim: Int
        var words: [String] = []
        var values: [Float] = []
        var declared: Int? = nil
        var warnings: [VectorReadWarning] = []
        var invalidUTF8: [String] = []
        var invalidUTF8Count = 0
        var nonFiniteRows = 0
    }

    // MARK: - Text

    struct TextPart {
        var words: [String] = []
        var values: [Float] = []
        var lines = 0
        var blank = 0
        var invalidUTF8: [String] = []
        var invalidUTF8Count = 0
        var nonFiniteRows = 0
        var error: VectorReadError? = nil
        /// Line number (0-based within the part) of `error`, converted to a file line later.
        var errorLine = 0
    }

    static func readText(_ p: UnsafePointer<UInt8>, _ count: Int, hasHeader: Bool, _ o: Options) throws -> RawVectors {
        var bodyStart = 0
        var dim: Int
        var declared: Int? = nil
        var headerLines = 0
        if hasHeader {
            let e = TextScan.lineEnd(p, 0, count)
            guard let h = TextScan.parseHeader(p, 0, e) else {
                throw VectorReadError.badHeader(line: TextScan.string(p, 0..<TextScan.trimEnd(p, 0, Swift.min(e, 200))))
            }
            dim = h.dim
            declared = h.count
            bodyStart = Swift.min(count, e + 1)
            headerLines = 1
            let expected = o.limit.map { Swift.min($0, h.count) } ?? h.count
            if expected > 0 {
                do { try EmbeddingTable.checkShape(rows: expected, dim: dim, memoryLimit: o.memoryLimit) } catch let e as TableError {
                    throw VectorReadError.table(e)
                }
            }
        } else {
            // GloVe: the dimension is the number of values on the first non-empty line.
            var s = 0
            dim = 0
            while s < count {
                let e = TextScan.lineEnd(p, s, count)
                let t = TextScan.tokens(p, s, e)
                if !t.isEmpty { dim = t.count - 1; break }
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
        let isGlove = !hasHeader
        if partCount == 1 {
            parts[0] = parseTextPart(p, ranges[0], dim: dim, glove: isGlove, limit: o.limit, o)
        } else {
            let d = dim
            let pb = Box(p)
            parts.withUnsafeMutableBufferPointer { out in
                let box = Box(out)
                DispatchQueue.concurrentPerform(iterations: partCount) { k in
                    box.value[k] = parseTextPart(pb.value, ranges[k], dim: d, glove: isGlove, limit: nil, o)
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
        raw.declared = declared
        let total = parts.reduce(0) { $0 + $1.words.count }
        raw.words.reserveCapacity(total)
        raw.values.reserveCapacity(total * dim)
        var blank = 0
        for part in parts {
            raw.words.append(contentsOf: part.words)
            raw.values.append(contentsOf: part.values)
            blank += part.blank
            raw.invalidUTF8Count += part.invalidUTF8Count
            raw.invalidUTF8.append(contentsOf: part.invalidUTF8.prefix(Swift.max(0, 5 - raw.invalidUTF8.count)))
            raw.nonFiniteRows += part.nonFiniteRows
        }
        if let declared, o.limit == nil || raw.words.count < o.limit!, declared != raw.words.count {
            raw.warnings.append(.headerCountMismatch(declared: declared, found: raw.words.count))
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
    static func parseTextPart(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, dim: Int, glove: Bool,
                              limit: Int?, _ o: Options) -> TextPart {
        var part = TextPart()
        let estimate = range.count / Swift.max(16, dim * 9) + 16
        part.words.reserveCapacity(Swift.min(estimate, 1 << 22))
        part.values.reserveCapacity(Swift.min(estimate * dim, 1 << 28))
        var s = range.lowerBound
        let end = range.upperBound
        var row = [Float](repeating: 0, count: dim)
        while s < end {
            if let limit, part.words.count >= limit { break }
            let lineEnd = TextScan.lineEnd(p, s, end)
            part.lines += 1
            if part.lines & 16383 == 0, o.interruption.isRequested { return part }
            let e = TextScan.trimEnd(p, s, lineEnd)
            defer { s = lineEnd + 1 }
            var i = s
            while i < e, TextScan.isSpace(p[i]) { i += 1 }
            if i >= e { part.blank += 1; continue }
            let w0 = i
            while i < e, !TextScan.isSpace(p[i]) { i += 1 }
            var wordRange = w0..<i
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
            if glove && (n != dim || failed != nil) {
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
            part.words.append(word)
            part.values.append(contentsOf: row)
        }
        return part
    }

    // MARK: - Binary

    static func readBinary(_ p: UnsafePointer<UInt8>, _ count: Int, _ o: Options) throws -> RawVectors {
        let e = TextScan.lineEnd(p, 0, count)
        guard let h = TextScan.parseHeader(p, 0, e) else {
            throw VectorReadError.badHeader(line: TextScan.string(p, 0..<TextScan.trimEnd(p, 0, Swift.min(e, 200))))
        }
        let dim = h.dim
        let wanted = o.limit.map { Swift.min($0, h.count) } ?? h.count
        if wanted > 0 {
            do { try EmbeddingTable.checkShape(rows: wanted, dim: dim, memoryLimit: o.memoryLimit) } catch let e as TableError {
                throw VectorReadError.table(e)
            }
        }
        var raw = RawVectors(dim: dim)
        raw.declared = h.count
        raw.words.reserveCapacity(wanted)
        raw.values = [Float](repeating: 0, count: wanted * dim)
        var pos = Swift.min(count, e + 1)
        let recordBytes = dim * 4
        var nonFinite = 0
        try raw.values.withUnsafeMutableBufferPointer { vb in
            let out = UnsafeMutableRawPointer(vb.baseAddress!)
            for r in 0..<wanted {
                if r & 16383 == 0 { try o.interruption.checkpoint() }
                while pos < count, p[pos] == 10 || p[pos] == 13 { pos += 1 }  // gensim: word.lstrip('\n')
                guard pos < count, let sp = memchr(p + pos, 32, count - pos) else {
                    throw VectorReadError.truncated(expectedVectors: h.count, completeVectors: r, atByte: count)
                }
                let spOff = UnsafeRawPointer(sp).assumingMemoryBound(to: UInt8.self) - p
                guard count - (spOff + 1) >= recordBytes else {
                    throw VectorReadError.truncated(expectedVectors: h.count, completeVectors: r, atByte: count)
                }
                let (word, valid) = TextScan.decodeWord(p, pos..<spOff)
                if !valid {
                    raw.invalidUTF8Count += 1
                    if raw.invalidUTF8.count < 5 { raw.invalidUTF8.append(word) }
                }
                let dst = out + r * recordBytes
                dst.copyMemory(from: p + spOff + 1, byteCount: recordBytes)
                #if _endian(big)
                let f = dst.assumingMemoryBound(to: UInt32.self)
                for j in 0..<dim { f[j] = UInt32(littleEndian: f[j]) }
                #endif
                let fv = dst.assumingMemoryBound(to: Float.self)
                for j in 0..<dim where !fv[j].isFinite {
                    if !o.allowNonFinite {
                        throw VectorReadError.nonFinite(line: r + 2, word: word, column: j + 1, text: "\(fv[j])")
                    }
                    nonFinite += 1
                    break
                }
                raw.words.append(word)
                pos = spOff + 1 + recordBytes
            }
        }
        raw.nonFiniteRows = nonFinite
        var rest = pos
        while rest < count, p[rest] == 10 || p[rest] == 13 || p[rest] == 32 { rest += 1 }
        if o.limit == nil || o.limit! >= h.count, rest < count {
            raw.warnings.append(.trailingDataIgnored(bytes: count - rest))
        }
        return raw
    }

    // MARK: - Assembly

    static func assemble(_ raw: inout RawVectors, _ o: Options) throws -> Result {
        let dim = raw.dim
        guard !raw.words.isEmpty else { throw VectorReadError.noVectors(path: o.name) }
        var seen = [String: Int](minimumCapacity: raw.words.count)
        var dupCount = 0
        var dupExamples: [String] = []
        var keep: [Bool]? = nil
        for (i, w) in raw.words.enumerated() {
            if seen[w] == nil {
                seen[w] = i
            } else {
                dupCount += 1
                if dupExamples.count < 5, !dupExamples.contains(w) { dupExamples.append(w) }
                if keep == nil { keep = [Bool](repeating: true, count: raw.words.count) }
                keep![i] = false
            }
        }
        var words = raw.words
        var values = raw.values
        if let keep {
            var w2: [String] = []
            var v2: [Float] = []
            w2.reserveCapacity(words.count - dupCount)
            v2.reserveCapacity((words.count - dupCount) * dim)
            for i in 0..<words.count where keep[i] {
                w2.append(words[i])
                v2.append(contentsOf: values[i * dim ..< (i + 1) * dim])
            }
            words = w2
            values = v2
        }
        raw.words = []
        raw.values = []
        var warnings = raw.warnings
        if dupCount > 0 { warnings.append(.duplicateWords(count: dupCount, examples: dupExamples)) }
        if raw.invalidUTF8Count > 0 { warnings.append(.invalidUTF8Words(count: raw.invalidUTF8Count, examples: raw.invalidUTF8)) }
        if raw.nonFiniteRows > 0 { warnings.append(.nonFiniteRows(raw.nonFiniteRows)) }
        do {
            try EmbeddingTable.checkShape(rows: words.count, dim: dim, memoryLimit: o.memoryLimit)
            let table = try EmbeddingTable(rows: words.count, dim: dim, values: values, labels: words)
            return (table, warnings)
        } catch let e as TableError {
            throw VectorReadError.table(e)
        }
    }
}

struct Box<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A read-only memory map of a whole file (or an empty buffer for an empty file).
final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    private var mapped: UnsafeMutableRawPointer?
    private let length: Int

    init(path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw VectorReadError.fileNotFound(path: path)
        }
        if isDir.boolValue { throw VectorReadError.isDirectory(path: path) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw VectorReadError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { _ = Glibc_close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw VectorReadError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        length = Int(st.st_size)
        if length == 0 { throw VectorReadError.emptyFile(path: path) }
        guard let m = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else {
            throw VectorReadError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        _ = madvise(m, length, MADV_SEQUENTIAL)
        mapped = m
        bytes = UnsafeRawBufferPointer(start: m, count: length)
    }

    func close() {
        if let m = mapped { munmap(m, length); mapped = nil }
    }

    deinit { close() }
}

@inline(__always)
private func Glibc_close(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}
