import Dispatch
import EmbeddingKit
import Foundation

/// Writes a table as a vector file other tools read. Every file is replaced atomically
/// (`AtomicFile`): a failed write (`AtomicFileError`) leaves the old file as it was. The vectors
/// and words files of TSV and `.npy` are both written before either is put in place.
///
/// Text formats print each value in the shortest form that reads back as the same float32;
/// binary formats hold the exact bits. A table without word labels is written with its row
/// numbers as words.
public enum VectorFileWriter {
    /// What a write produced.
    public struct Written: Equatable, Sendable {
        /// The vectors file, then the words file of TSV and `.npy`.
        public var files: [String]
        /// The files replaced, in the same order: where a symbolic link named in `files` leads.
        public var replaced: [String]
        public var bytes: Int
    }

    /// Writes `table` to `path` in `format`; TSV and `.npy` also write the words to `words`
    /// (default: `WordsFile.companion(of: path)`). When a file cannot be written, none is replaced
    /// (`AtomicFileError`), unless the vectors file was put in place and then the words file could
    /// not be (`PartialReplaceError`).
    @discardableResult
    public static func write(_ table: EmbeddingTable, to path: String, format: VectorFormat, words wordsPath: String? = nil,
                             interruption: Interruption = .never) throws -> Written {
        let words = table.labels ?? (0..<table.rows).map(String.init)
        for (row, word) in words.enumerated() {
            if let reason = problem(with: word, in: format) {
                throw VectorWriteError.unwritableWord(row: row, word: word, format: format, reason: reason)
            }
        }
        let companion = format.hasWordsFile ? wordsPath ?? WordsFile.companion(of: path) : nil
        if let companion, AtomicFile.sameTarget(path, companion) {
            throw VectorWriteError.wordsFileIsVectorsFile(path: companion)
        }
        var bytes = 0
        let vectors = try stage(path, bytes: &bytes) { out in
            try table.withUnsafeValues { values in
                switch format {
                case .word2vec, .fasttext, .glove, .tsv:
                    if format == .word2vec || format == .fasttext { try out.write("\(table.rows) \(table.dim)\n") }
                    try writeText(values, words: format == .tsv ? nil : words, dim: table.dim,
                                  style: TextStyle(format), to: out, interruption: interruption)
                case .word2vecBinary:
                    try out.write("\(table.rows) \(table.dim)\n")
                    let bytes = UnsafeRawBufferPointer(values), rowBytes = table.dim * 4
                    for (row, word) in words.enumerated() {
                        try out.write(Array(word.utf8) + [32])
                        try out.write(UnsafeRawBufferPointer(rebasing: bytes[row * rowBytes ..< (row + 1) * rowBytes]))
                        try out.write([10])
                    }
                case .npy:
                    try out.write(NpyHeader.encode(rows: table.rows, dim: table.dim))
                    try out.write(UnsafeRawBufferPointer(values))
                case .fasttextBin:
                    try FastTextModelFile.write(table, words: words, values: values, to: out, interruption: interruption)
                }
            }
        }
        var files = [vectors]
        if let companion {
            files.append(try stage(companion, bytes: &bytes) { out in
                for word in words { try out.write(Array(word.utf8) + [10]) }
            })
        }
        try AtomicFile.commit(files)
        return Written(files: files.map(\.path), replaced: files.map(\.target), bytes: bytes)
    }

    /// Stages the new content of `path` that `body` writes; adds the bytes written to `bytes`.
    private static func stage(_ path: String, bytes: inout Int, _ body: (FileOutput) throws -> Void) throws -> AtomicFile.Staged {
        var written = 0
        let staged = try AtomicFile.stage(path) { descriptor in
            let out = FileOutput(descriptor: descriptor, path: path)
            try body(out)
            try out.flush()
            written = out.written
        }
        bytes += written
        return staged
    }

    /// Why `word` cannot be written in `format`, or nil when it can.
    static func problem(with word: String, in format: VectorFormat) -> String? {
        let bytes = word.utf8
        if bytes.isEmpty { return "is empty" }
        if bytes.contains(where: { $0 == 10 || $0 == 13 }) { return "contains a line break" }
        if bytes.contains(9) { return "contains a tab" }
        switch format {
        case .word2vec, .fasttext, .word2vecBinary, .fasttextBin:
            if bytes.contains(32) { return "contains a space" }
            if bytes.contains(0) { return "contains a NUL byte" }
        case .glove:
            if bytes.first == 32 || bytes.last == 32 { return "starts or ends with a space" }
        case .tsv, .npy:
            break
        }
        return nil
    }

    /// How a text line is laid out.
    struct TextStyle {
        /// Between values (and after the word).
        var separator: UInt8
        /// fastText ends every value, the last one included, with a space.
        var trailingSeparator: Bool

        init(_ format: VectorFormat) {
            separator = format == .tsv ? 9 : 32
            trailingSeparator = format == .fasttext
        }
    }

    /// Writes one line per row; rows are formatted on all cores in batches of about 1 MB each.
    static func writeText(_ values: UnsafeBufferPointer<Float>, words: [String]?, dim: Int, style: TextStyle,
                          to out: FileOutput, interruption: Interruption) throws {
        let rows = values.count / dim
        let chunkRows = Swift.max(1, (1 << 20) / (dim * 10))
        let chunks = stride(from: 0, to: rows, by: chunkRows).map { $0 ..< Swift.min(rows, $0 + chunkRows) }
        let batch = ProcessInfo.processInfo.activeProcessorCount * 2
        let source = Box(values)
        for first in stride(from: 0, to: chunks.count, by: batch) {
            try interruption.checkpoint()
            let group = Array(chunks[first ..< Swift.min(chunks.count, first + batch)])
            var texts = [[UInt8]](repeating: [], count: group.count)
            texts.withUnsafeMutableBufferPointer { buffers in
                let target = Box(buffers)
                DispatchQueue.concurrentPerform(iterations: group.count) { k in
                    target.value[k] = formatRows(source.value, words: words, rows: group[k], dim: dim, style: style)
                }
            }
            for text in texts { try out.write(text) }
        }
    }

    static func formatRows(_ values: UnsafeBufferPointer<Float>, words: [String]?, rows: Range<Int>, dim: Int,
                           style: TextStyle) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(rows.count * (dim * 11 + 16))
        for row in rows {
            if let words {
                text.append(contentsOf: words[row].utf8)
                text.append(style.separator)
            }
            for j in 0 ..< dim {
                if j > 0 { text.append(style.separator) }
                text.append(contentsOf: values[row * dim + j].description.utf8)
            }
            if style.trailingSeparator { text.append(style.separator) }
            text.append(10)
        }
        return text
    }
}
