import EmbeddingKit
import Foundation

/// Reads word vector files into an `EmbeddingTable` (labels = the words, rows in file order).
///
/// The file is opened with `InputFile`, memory-mapped and parsed as bytes; text files are split at
/// line boundaries and parsed on all cores. Quirks handled: a UTF-8 byte-order mark, trailing
/// spaces and CRLF, a header announcing fewer vectors than the file holds (the data wins, with a
/// warning; more is an error, as in gensim), duplicate words (the first vector is kept, the rest
/// dropped, as gensim does, with a warning), non-UTF-8 words (decoded with U+FFFD, warning), a last
/// line without a line break (warning: the file may be cut short), `limit` (the first N vectors of
/// the file, as gensim's `limit`), `skipBad` (text rows with a wrong count of values or a value
/// that is not a number are skipped with a warning instead of refusing the file). TSV and `.npy`
/// vectors take their words from a companion file (`WordsFile`).
///
/// Every count and size from a file is checked before it is used: a header cannot announce more
/// vectors than the file's bytes could hold, lines are at most `TextScan.maxLineBytes` long, and
/// memory is reserved through `MemoryBudget` before it is allocated.
public enum VectorFileReader {
    public typealias Result = (table: EmbeddingTable, warnings: [VectorReadWarning])

    /// Reads `path`; `format` nil means detect from the content. `words` names the words file of
    /// TSV and `.npy` vectors (default: `WordsFile.companion(of: path)`).
    public static func read(path: String, format: VectorFormat? = nil, words wordsPath: String? = nil, limit: Int? = nil,
                            allowNonFinite: Bool = false, skipBad: Bool = false, memoryLimit: UInt64? = nil,
                            interruption: Interruption = .never) throws -> Result {
        let file = try MappedFile(path: path)
        defer { file.close() }
        let fmt = try format ?? recognize(file.bytes, name: path)
        var words: WordList? = nil
        if fmt.hasWordsFile {
            let companion = wordsPath ?? WordsFile.companion(of: path)
            if wordsPath == nil, !FileManager.default.fileExists(atPath: companion) {
                throw VectorReadError.missingWordsFile(vectors: path, expected: companion)
            }
            words = try WordsFile.read(path: companion, memoryLimit: memoryLimit)
        }
        return try read(bytes: file.bytes, name: path, format: fmt, words: words, limit: limit, allowNonFinite: allowNonFinite,
                        skipBad: skipBad, memoryLimit: memoryLimit, interruption: interruption)
    }

    /// Reads vectors from bytes in memory (`name` is used in messages); TSV and `.npy` need `words`.
    public static func read(bytes file: UnsafeRawBufferPointer, name: String = "<data>", format: VectorFormat? = nil,
                            words: WordList? = nil, limit: Int? = nil, allowNonFinite: Bool = false, skipBad: Bool = false,
                            memoryLimit: UInt64? = nil, interruption: Interruption = .never) throws -> Result {
        let bytes = TextScan.droppingByteOrderMark(file)
        guard bytes.count > 0, let base = bytes.baseAddress else { throw VectorReadError.emptyFile(path: name) }
        let detected = VectorFormat.detect(bytes)
        let fmt = try format ?? detected ?? recognize(bytes, name: name)
        // Text read as binary would give garbage without an error.
        if fmt == .word2vecBinary, let detected, detected == .word2vec || detected == .fasttext {
            throw VectorReadError.formatMismatch(path: name, requested: fmt, found: detected)
        }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let options = Options(limit: limit.map { Swift.max(0, $0) }, allowNonFinite: allowNonFinite, skipBad: skipBad,
                              memoryLimit: memoryLimit, interruption: interruption, name: name)
        var raw: RawVectors
        switch fmt {
        case .word2vecBinary: raw = try readBinary(p, bytes.count, options)
        case .word2vec, .fasttext: raw = try readText(p, bytes.count, layout: .header, options)
        case .glove: raw = try readText(p, bytes.count, layout: .glove, options)
        case .tsv:
            raw = try readText(p, bytes.count, layout: .tsv, options)
            try raw.attach(try required(words, name), limited: options.limit != nil)
        case .npy: raw = try readNpy(bytes, words: try required(words, name), options)
        case .fasttextBin:
            return (try FastTextModelFile.read(bytes, name: name, limit: options.limit, allowNonFinite: allowNonFinite,
                                               memoryLimit: memoryLimit,
                                               interruption: interruption), [])
        }
        return try assemble(&raw, options)
    }

    private static func required(_ words: WordList?, _ name: String) throws -> WordList {
        guard let words else { throw VectorReadError.missingWordsFile(vectors: name, expected: "a words file") }
        return words
    }

    /// Reads vectors from any bytes, no file involved: the entry point for tests and fuzz targets.
    /// Covers every format (`format` nil: detected); TSV and `.npy` take `words`, e.g. from
    /// `WordsFile.read(data:)`. Throws for bad input, never traps.
    public static func read(data: [UInt8], name: String = "<data>", format: VectorFormat? = nil, words: WordList? = nil,
                            limit: Int? = nil, allowNonFinite: Bool = false, skipBad: Bool = false, memoryLimit: UInt64? = nil,
                            interruption: Interruption = .never) throws -> Result {
        try data.withUnsafeBytes {
            try read(bytes: $0, name: name, format: format, words: words, limit: limit, allowNonFinite: allowNonFinite,
                     skipBad: skipBad, memoryLimit: memoryLimit, interruption: interruption)
        }
    }

    /// The format of a file, detected from its first bytes.
    public static func detectFormat(path: String) throws -> VectorFormat {
        let file = try MappedFile(path: path)
        defer { file.close() }
        let head = UnsafeRawBufferPointer(rebasing: file.bytes.prefix(TextScan.sampleBytes))
        return try recognize(head, name: path)
    }

    /// The detected format, or an error saying what the content is not (or is instead).
    static func recognize(_ bytes: UnsafeRawBufferPointer, name: String) throws -> VectorFormat {
        if let format = VectorFormat.detect(bytes) { return format }
        throw VectorReadError.unrecognizedFormat(path: name)
    }

    struct Options {
        var limit: Int?
        var allowNonFinite: Bool
        var skipBad: Bool
        var memoryLimit: UInt64?
        var interruption: Interruption
        var name: String

        /// Refuses a table of `rows` × `dim`, and `bookkeeping` bytes per row needed while it is
        /// read (words, positions), before anything is allocated for them.
        func checkShape(rows: Int, dim: Int, bookkeeping: Int = 0) throws {
            do { try EmbeddingTable.checkShape(rows: rows, dim: dim, memoryLimit: memoryLimit) } catch let e as TableError {
                throw VectorReadError.table(e)
            }
            guard bookkeeping > 0 else { return }
            // The table fits, so its byte count is an Int.
            try MemoryBudget.reserve([rows], elementSize: bookkeeping, for: "reading \(rows) vectors of \(dim) values",
                                     lower: "read fewer with limit=N", alsoBytes: rows * dim * MemoryLayout<Float>.size,
                                     limit: memoryLimit)
        }
    }

    /// Parsed vectors before duplicates are removed.
    struct RawVectors {
        var dim: Int
        /// Vectors read (`values.count / dim`).
        var rows = 0
        /// Ordinals among the vector lines of a TSV file of the rows skipped (`skipBad`), whose
        /// words are dropped too.
        var skippedLines: [Int] = []
        var words: [String] = []
        /// `EmbeddingTable.buildIndex(words)` when a reader built it alongside other work.
        var wordIndex: [String: Int]? = nil
        var values: [Float] = []
        var warnings: [VectorReadWarning] = []
        var invalidUTF8 = InvalidWords()
        var nonFiniteRows = 0

        /// Labels the vectors with `list` (one word per vector line, skipped ones included); with
        /// a limit, extra words are expected and ignored.
        mutating func attach(_ list: WordList, limited: Bool) throws {
            let lines = rows + skippedLines.count
            if list.words.count < lines || (!limited && list.words.count != lines) {
                throw VectorReadError.wordCountMismatch(wordsFile: list.name, words: list.words.count, vectors: lines)
            }
            let skipped = Set(skippedLines)
            words = skipped.isEmpty ? Array(list.words.prefix(lines)) : (0..<lines).filter { !skipped.contains($0) }.map { list.words[$0] }
            for i in list.invalidUTF8 where i < lines && !skipped.contains(i) { invalidUTF8.note(list.words[i]) }
        }
    }

    /// Words that were not valid UTF-8: how many, and the first few.
    struct InvalidWords {
        var count = 0
        var examples: [String] = []

        mutating func note(_ word: String) {
            count += 1
            if examples.count < 5 { examples.append(word) }
        }

        mutating func merge(_ other: InvalidWords) {
            count += other.count
            examples += other.examples.prefix(Swift.max(0, 5 - examples.count))
        }
    }

    // MARK: - Assembly

    /// Makes the table; a word seen before keeps its first vector (one hash of every word: the
    /// table's own index finds the duplicates).
    static func assemble(_ raw: inout RawVectors, _ o: Options) throws -> Result {
        let dim = raw.dim
        guard !raw.words.isEmpty else { throw VectorReadError.noVectors(path: o.name) }
        try o.checkShape(rows: raw.words.count, dim: dim)
        let (words, values) = (raw.words, raw.values)
        raw.words = []
        raw.values = []
        var table = try makeTable(words, values, dim: dim, wordIndex: raw.wordIndex)
        var warnings = raw.warnings
        if table.duplicateLabelCount > 0 {
            var kept: [String] = [], keptValues: [Float] = [], examples: [String] = []
            let index = table.wordIndex
            kept.reserveCapacity(index.count)
            keptValues.reserveCapacity(index.count * dim)
            table.withUnsafeValues { v in
                for (i, word) in words.enumerated() {
                    if index[word] == i {
                        kept.append(word)
                        keptValues.append(contentsOf: v[i * dim ..< (i + 1) * dim])
                    } else if examples.count < 5, !examples.contains(word) {
                        examples.append(word)
                    }
                }
            }
            warnings.append(.duplicateWords(count: table.duplicateLabelCount, examples: examples))
            table = try makeTable(kept, keptValues, dim: dim)
        }
        if raw.invalidUTF8.count > 0 { warnings.append(.invalidUTF8Words(count: raw.invalidUTF8.count, examples: raw.invalidUTF8.examples)) }
        if raw.nonFiniteRows > 0 { warnings.append(.nonFiniteRows(raw.nonFiniteRows)) }
        return (table, warnings)
    }

    private static func makeTable(_ words: [String], _ values: [Float], dim: Int,
                                  wordIndex: [String: Int]? = nil) throws -> EmbeddingTable {
        do {
            if let wordIndex {
                return try EmbeddingTable(rows: words.count, dim: dim, values: values, labels: words, wordIndex: wordIndex)
            }
            return try EmbeddingTable(rows: words.count, dim: dim, values: values, labels: words)
        } catch let e as TableError {
            throw VectorReadError.table(e)
        }
    }
}
