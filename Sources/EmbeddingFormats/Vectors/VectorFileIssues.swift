import EmbeddingKit

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
    /// Words of a binary file that contain spaces (found by where their vectors end).
    case spacedWords(count: Int, examples: [String])
    /// Bytes after the last vector of a binary file that were ignored.
    case trailingDataIgnored(bytes: Int)
    /// Rows with NaN or infinite values (kept because `allowNonFinite` was set).
    case nonFiniteRows(Int)
    /// A row of a text file that could not be read, skipped because `skipBad` was set.
    case rowSkipped(VectorReadError)
    /// Rows skipped beyond the ones reported one by one (`maxReportedSkips`).
    case moreRowsSkipped(Int)
    /// The last line has no line break at its end, as in a file whose download was cut short.
    case lastLineUnterminated(line: Int)

    /// How many skipped rows are reported one by one.
    public static let maxReportedSkips = 10

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
        case let .spacedWords(count, examples):
            return "\(count) word\(count == 1 ? " contains" : "s contain") spaces (kept whole): \(examples.joined(separator: ", "))"
        case let .trailingDataIgnored(bytes):
            return "\(bytes) byte\(bytes == 1 ? "" : "s") after the last vector ignored"
        case let .nonFiniteRows(n):
            return "\(n) row\(n == 1 ? " has" : "s have") NaN or infinite values"
        case let .rowSkipped(reason):
            return "\(reason); row skipped"
        case let .moreRowsSkipped(n):
            return "\(n) more bad row\(n == 1 ? "" : "s") skipped"
        case let .lastLineUnterminated(line):
            return "line \(line), the last, has no line break at its end: the file may be cut short"
        }
    }
}

/// Why a vector file could not be read.
public enum VectorReadError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case emptyFile(path: String)
    case unreadable(path: String, reason: String)
    /// A device, socket or pipe (`kind` says which), refused before anything is read.
    case notRegular(path: String, kind: String)
    /// The content fits none of the formats.
    case unrecognizedFormat(path: String)
    /// A fastText model file (`.bin` from `fasttext` or `save_model`) that cannot be read: damaged,
    /// or a kind embsh does not read (quantized, supervised).
    case fastTextModel(path: String, reason: String)
    /// A `N D` header that is not two positive integers.
    case badHeader(line: String)
    /// A header announcing more vectors than a file of `bytes` bytes could hold (`atMost`).
    case headerExceedsFile(announced: Int, dim: Int, bytes: Int, atMost: Int)
    /// A text line longer than a line of the file's dimension may be (`TextScan.maxLineBytes`).
    case lineTooLong(line: Int, bytes: Int, limit: Int)
    /// A line with the wrong number of values (`word` is empty in files without a word column).
    case wrongDimension(line: Int, word: String, expected: Int, found: Int)
    /// A value that is not a number.
    case badNumber(line: Int, word: String, column: Int, text: String)
    /// NaN or ±infinity on a text line (allowed with `allowNonFinite`).
    case nonFinite(line: Int, word: String, column: Int, text: String)
    /// NaN or ±infinity in the `vector`-th vector (1-based) of a binary file.
    case nonFiniteVector(vector: Int, word: String, column: Int, text: String)
    /// A file that ends inside a vector or before its header's count.
    case truncated(expectedVectors: Int, completeVectors: Int, atByte: Int)
    /// No vectors at all.
    case noVectors(path: String)
    /// A `.npy` file this reader cannot use (bad header, dtype, shape).
    case unsupportedNpy(path: String, reason: String)
    /// A TSV or `.npy` file whose companion words file does not exist.
    case missingWordsFile(vectors: String, expected: String)
    /// A words file whose number of words differs from the number of vectors.
    case wordCountMismatch(wordsFile: String, words: Int, vectors: Int)
    /// Content that plainly is another format than the one asked for.
    case formatMismatch(path: String, requested: VectorFormat, found: VectorFormat)
    /// The table could not be made (e.g. too large for memory).
    case table(TableError)

    public var description: String {
        switch self {
        case let .fileNotFound(path): return "\(path): no such file"
        case let .isDirectory(path): return "\(path) is a directory, not a vector file"
        case let .emptyFile(path): return "\(path) is empty"
        case let .unreadable(path, reason): return "\(path): cannot read (\(reason))"
        case let .notRegular(path, kind): return "\(path) is \(kind), not a regular file"
        case let .unrecognizedFormat(path):
            return "\(path): not a word2vec, fastText, GloVe, word2vec binary, TSV or .npy file"
        case let .fastTextModel(path, reason):
            return "\(path): not a fastText model embsh can read: \(reason)"
        case let .badHeader(line): return "invalid header '\(line)' (expected two positive integers: count and dimension)"
        case let .headerExceedsFile(announced, dim, bytes, atMost):
            return "the header announces \(announced) vectors of \(dim) values, but a file of \(bytes) bytes holds at most \(atMost) "
                + "(is the header wrong or the file cut short?)"
        case let .lineTooLong(line, bytes, limit):
            return "line \(line) is \(bytes) bytes long, more than the \(limit) bytes a line of this file's dimension may take"
        case let .wrongDimension(line, word, expected, found):
            return "line \(line)\(Self.quoted(word)): \(found) value\(found == 1 ? "" : "s"), expected \(expected)"
        case let .badNumber(line, word, column, text):
            return "line \(line)\(Self.quoted(word)), value \(column): '\(text)' is not a number"
        case let .nonFinite(line, word, column, text):
            return "line \(line)\(Self.quoted(word)), value \(column): \(text) is not finite (allow with allow_nonfinite=true)"
        case let .nonFiniteVector(vector, word, column, text):
            return "vector \(vector)\(Self.quoted(word)), value \(column): \(text) is not finite (allow with allow_nonfinite=true)"
        case let .truncated(expected, complete, at):
            return "the file ends at byte \(at) after \(complete) complete vectors of the \(expected) its header announces "
                + "(is the count wrong or the file cut short?)"
        case let .noVectors(path): return "\(path) holds no vectors"
        case let .unsupportedNpy(path, reason): return "\(path): unsupported .npy file (\(reason))"
        case let .missingWordsFile(vectors, expected):
            return "\(vectors): the words file \(expected) does not exist (name another with words=FILE)"
        case let .wordCountMismatch(wordsFile, words, vectors):
            return "\(wordsFile) has \(words) word\(words == 1 ? "" : "s") but the vectors file has \(vectors) vector\(vectors == 1 ? "" : "s")"
        case let .formatMismatch(path, requested, found):
            return "\(path) holds \(found.title), not \(requested.title) (use format=auto)"
        case let .table(e): return e.description
        }
    }

    /// The file the message already names, if any (callers name it otherwise).
    public var path: String? {
        switch self {
        case let .fileNotFound(path), let .isDirectory(path), let .emptyFile(path), let .unreadable(path, _), let .notRegular(path, _),
             let .unrecognizedFormat(path), let .fastTextModel(path, _), let .noVectors(path), let .unsupportedNpy(path, _), let .formatMismatch(path, _, _):
            return path
        case let .missingWordsFile(vectors, _): return vectors
        case let .wordCountMismatch(wordsFile, _, _): return wordsFile
        default: return nil
        }
    }

    private static func quoted(_ word: String) -> String { word.isEmpty ? "" : " ('\(word)')" }
}

/// Why vectors could not be written (files that cannot be written raise `AtomicFileError`).
public enum VectorWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A row's word that the format cannot hold (e.g. a space in word2vec text).
    case unwritableWord(row: Int, word: String, format: VectorFormat, reason: String)
    /// A words file named so that it would replace the vectors file.
    case wordsFileIsVectorsFile(path: String)

    public var description: String {
        switch self {
        case let .unwritableWord(row, word, format, reason):
            return "row \(row)'s word '\(word)' \(reason), which \(format.title) cannot hold"
        case let .wordsFileIsVectorsFile(path):
            return "the words file \(path) is the vectors file (name another with words=FILE)"
        }
    }
}
