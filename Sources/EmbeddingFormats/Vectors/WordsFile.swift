#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Reads the words of `path` (lines end in LF or CRLF; invalid UTF-8 is decoded leniently).
    public static func read(path: String) throws -> WordList {
        let file = try MappedFile(path: path)
        defer { file.close() }
        let p = file.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let count = file.bytes.count
        var list = WordList([], name: path)
        var s = 0
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
