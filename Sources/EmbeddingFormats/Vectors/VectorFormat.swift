import EmbeddingKit

/// Files of word vectors written by other tools.
public enum VectorFormat: String, CaseIterable, Sendable {
    /// word2vec text: a header `N D`, then `word v1 … vD` per line (the C tool, gensim `binary=False`).
    case word2vec
    /// fastText `.vec`: word2vec text whose lines end with a space.
    case fasttext
    /// GloVe text: no header, `word v1 … vD` per line.
    case glove
    /// word2vec binary: a header line `N D`, then per vector `word`, a space and D little-endian
    /// float32 values, optionally followed by a newline.
    case word2vecBinary = "word2vec-binary"

    /// Whether lines are text (all but `word2vecBinary`).
    public var isText: Bool { self != .word2vecBinary }

    /// Detects the format from the first bytes of a file (content only; the file name plays no part).
    /// Returns nil for content that fits no format (e.g. empty).
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> VectorFormat? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        let firstEnd = TextScan.lineEnd(p, 0, Swift.min(end, 1 << 20))
        if let header = TextScan.parseHeader(p, 0, firstEnd) {
            let bodyStart = Swift.min(end, firstEnd + 1)
            if bodyStart >= end { return .word2vec }  // a header and nothing else: treat as text
            // Text if the next line is a word followed by numbers (any count: a wrong count is
            // reported with its line number by the reader); otherwise binary.
            let lineEnd = TextScan.lineEnd(p, bodyStart, end)
            // A text line holds a word and D numbers; anything far longer is binary.
            if lineEnd - bodyStart > header.dim * 64 + 4096 { return .word2vecBinary }
            if TextScan.looksLikeTextVector(p, bodyStart, lineEnd, dim: nil) {
                var e = lineEnd
                if e > bodyStart, p[e - 1] == 13 { e -= 1 }
                return e > bodyStart && (p[e - 1] == 32 || p[e - 1] == 9) ? .fasttext : .word2vec
            }
            return .word2vecBinary
        }
        // No header: GloVe when the first line is a word followed by numbers.
        let tokens = TextScan.tokens(p, 0, firstEnd)
        if tokens.count >= 2, tokens.dropFirst().allSatisfy({ FloatParser.parse(p, $0.lowerBound, $0.upperBound) != nil }) {
            return .glove
        }
        return nil
    }
}

/// Something unusual that did not stop the read.
public enum VectorReadWarning: Equatable, Sendable, CustomStringConvertible {
    /// The header announced `declared` vectors, the file holds `found`.
    case headerCountMismatch(declared: Int, found: Int)
    /// Words that appeared more than once; only the first vector of each was kept.
    case duplicateWords(count: Int, examples: [String])
    /// Words that were not valid UTF-8; decoded with U+FFFD replacement characters.
    case invalidUTF8Words(count: Int, examples: [String])
    /// Empty lines that were skipped.
    case blankLinesSkipped(Int)
    /// Bytes after the last vector of a binary file that were ignored.
    case trailingDataIgnored(bytes: Int)
    /// Rows with NaN or infinite values (kept because `allowNonFinite` was set).
    case nonFiniteRows(Int)

    public var description: String {
        switch self {
        case let .headerCountMismatch(declared, found):
            return "the header announces \(declared) vectors but the file has \(found)"
        case let .duplicateWords(count, examples):
            return "\(count) duplicate word\(count == 1 ? "" : "s") (first vector kept): \(examples.joined(separator: ", "))"
        case let .invalidUTF8Words(count, examples):
            return "\(count) word\(count == 1 ? " is" : "s are") not valid UTF-8 (decoded leniently): \(examples.joined(separator: ", "))"
        case let .blankLinesSkipped(n):
            return "\(n) empty line\(n == 1 ? "" : "s") skipped"
        case let .trailingDataIgnored(bytes):
            return "\(bytes) byte\(bytes == 1 ? "" : "s") after the last vector ignored"
        case let .nonFiniteRows(n):
            return "\(n) row\(n == 1 ? " has" : "s have") NaN or infinite values"
        }
    }
}

/// Why a vector file could not be read.
public enum VectorReadError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case emptyFile(path: String)
    case unreadable(path: String, reason: String)
    /// The content fits none of the formats.
    case unrecognizedFormat(path: String)
    /// A `N D` header that is not two positive integers.
    case badHeader(line: String)
    /// A line with the wrong number of values.
    case wrongDimension(line: Int, word: String, expected: Int, found: Int)
    /// A value that is not a number.
    case badNumber(line: Int, word: String, column: Int, text: String)
    /// NaN or ±infinity (allowed with `allowNonFinite`).
    case nonFinite(line: Int, word: String, column: Int, text: String)
    /// A binary file that ends inside a vector or before the announced count.
    case truncated(expectedVectors: Int, completeVectors: Int, atByte: Int)
    /// No vectors at all.
    case noVectors(path: String)
    /// The table could not be made (e.g. too large for memory).
    case table(TableError)

    public var description: String {
        switch self {
        case let .fileNotFound(path): return "\(path): no such file"
        case let .isDirectory(path): return "\(path) is a directory, not a vector file"
        case let .emptyFile(path): return "\(path) is empty"
        case let .unreadable(path, reason): return "\(path): cannot read (\(reason))"
        case let .unrecognizedFormat(path):
            return "\(path): not a word2vec, fastText, GloVe or word2vec binary file"
        case let .badHeader(line): return "invalid header '\(line)' (expected two positive integers: count and dimension)"
        case let .wrongDimension(line, word, expected, found):
            return "line \(line) ('\(word)'): \(found) values, expected \(expected)"
        case let .badNumber(line, word, column, text):
            return "line \(line) ('\(word)'), value \(column): '\(text)' is not a number"
        case let .nonFinite(line, word, column, text):
            return "line \(line) ('\(word)'), value \(column): \(text) is not finite (allow with allowNonFinite)"
        case let .truncated(expected, complete, at):
            return "the file is cut short at byte \(at): \(complete) complete vectors of \(expected) announced"
        case let .noVectors(path): return "\(path) holds no vectors"
        case let .table(e): return e.description
        }
    }
}
