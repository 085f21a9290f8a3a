#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmbeddingKit

/// Words for vectors whose file holds none (TSV, `.npy`), in vector order.
public struct WordList: Sendable {
    public var words: [String]
    /// The file they came from, for messages.
    public var name: String
    /// Indices of the words that were not valid UTF-8 (decoded with U+FFFD).
    var invalidUTF8: [Int] = []

    public init(_ words: [String], name: String = "<words>") {
        self.words = words
        self.name = name
    }
}

/// The companion words file of TSV and `.npy` vectors: the Embedding Projector's metadata
/// format, one word per line (with more than one tab-separated column, the first line is a
/// header and the first column holds the words).
public enum WordsFile {
    /// The words file that goes with `path`, in the same directory: `vectors.tsv` (or `.npy`) →
    /// `metadata.tsv`, as in the TensorFlow tutorials; any other `NAME.EXT` → `NAME-metadata.tsv`.
    public static func companion(of path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let directory = path[..<slash], base = path[slash...]
        let stem = base.lastIndex(of: ".").map { base[..<$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? base
        return directory + (stem == "vectors" ? "metadata.tsv" : stem + "-metadata.tsv")
    }

    /// Reads the words of `path` (opened with `InputFile`), as `read(bytes:)` does.
    public static func read(path: String, memoryLimit: UInt64? = nil) throws -> WordList {
        let file = try MappedFile(path: path)
        defer { file.close() }
        return try read(bytes: file.bytes, name: path, memoryLimit: memoryLimit)
    }

    /// Reads words from any bytes, no file involved: the entry point for tests and fuzz targets
    /// (with `VectorFileReader.read(data:words:)`). Throws for bad input, never traps.
    public static func read(data: [UInt8], name: String = "<words>", memoryLimit: UInt64? = nil) throws -> WordList {
        try data.withUnsafeBytes { try read(bytes: $0, name: name, memoryLimit: memoryLimit) }
    }

    /// One word per line (LF or CRLF; a leading byte-order mark is skipped; invalid UTF-8 is
    /// decoded leniently); `name` is used in messages.
    static func read(bytes file: UnsafeRawBufferPointer, name: String, memoryLimit: UInt64?) throws -> WordList {
        let bytes = TextScan.droppingByteOrderMark(file)
        var list = WordList([], name: name)
        guard let base = bytes.baseAddress, bytes.count > 0 else { return list }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let count = bytes.count
        var lines = 0
        var s = 0
        while s < count { s = TextScan.lineEnd(p, s, count) + 1; lines += 1 }
        try MemoryBudget.reserve([lines], elementSize: MemoryLayout<String>.stride, for: "the \(lines) words of \(name)",
                                 lower: "use a shorter words file", alsoBytes: count, limit: memoryLimit)
        list.words.reserveCapacity(lines)
        s = 0
        var columns = false
        while s < count {
            let lineEnd = TextScan.lineEnd(p, s, count)
            var e = lineEnd
            if e > s, p[e - 1] == 13 { e -= 1 }
            if s == 0, memchr(p, 9, e) != nil { columns = true; s = lineEnd + 1; continue }
            if columns, let tab = memchr(p + s, 9, e - s) { e = UnsafeRawPointer(tab).assumingMemoryBound(to: UInt8.self) - p }
            let (word, valid) = TextScan.decodeWord(p, s..<e)
            if !valid { list.invalidUTF8.append(list.words.count) }
            list.words.append(word)
            s = lineEnd + 1
        }
        return list
    }
}
