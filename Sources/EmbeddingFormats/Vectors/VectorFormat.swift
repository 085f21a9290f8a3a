#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files of word vectors written by other tools.
public enum VectorFormat: String, CaseIterable, Sendable {
    /// word2vec text: a header `N D`, then `word v1 … vD` per line (the C tool, gensim `binary=False`).
    case word2vec
    /// word2vec binary: a header line `N D`, then per vector `word`, a space and D little-endian
    /// float32 values, optionally followed by a newline.
    case word2vecBinary = "word2vec-bin"
    /// GloVe text: no header, `word v1 … vD` per line.
    case glove
    /// fastText `.vec`: word2vec text whose lines end with a space.
    case fasttext
    /// TensorFlow Embedding Projector: `v1\t…\tvD` per line; the words are in a companion file.
    case tsv
    /// NumPy `.npy` holding a 2-D float array (float32 or float64); the words are in a companion file.
    case npy
    /// A fastText model (`.bin` of `fasttext`, `save_model`, gensim `save_facebook_model`):
    /// word vectors with the n-gram vectors that compose vectors for unseen words.
    case fasttextBin = "fasttext-bin"

    /// Other names accepted for a format.
    public static let aliases: [String: VectorFormat] = ["word2vec-binary": .word2vecBinary]

    /// The format called `name` (a raw value or an alias).
    public init?(name: String) {
        guard let format = VectorFormat(rawValue: name) ?? Self.aliases[name] else { return nil }
        self = format
    }

    /// Whether the words live in a companion file rather than in the vectors file.
    public var hasWordsFile: Bool { self == .tsv || self == .npy }

    /// How the format is named in reports: "word2vec text", "NumPy .npy".
    public var title: String {
        switch self {
        case .word2vec: return "word2vec text"
        case .fasttext: return "fastText .vec"
        case .glove: return "GloVe text"
        case .word2vecBinary: return "word2vec binary"
        case .tsv: return "Embedding Projector TSV"
        case .npy: return "NumPy .npy"
        case .fasttextBin: return "fastText model .bin"
        }
    }

    /// The format a file name suggests (`.bin`, `.vec`, `.tsv`, `.npy`), else nil.
    public static func suggested(byName path: String) -> VectorFormat? {
        let name = path.lowercased()
        let byExtension: [(String, VectorFormat)] = [(".bin", .word2vecBinary), (".vec", .fasttext), (".tsv", .tsv), (".npy", .npy)]
        return byExtension.first { name.hasSuffix($0.0) }?.1
    }

    /// Detects the format from the first bytes of a file (content only; the file name plays no part).
    /// A leading UTF-8 byte-order mark is skipped. Returns nil for content that fits no format (e.g. empty).
    public static func detect(_ file: UnsafeRawBufferPointer) -> VectorFormat? {
        let bytes = TextScan.droppingByteOrderMark(file)
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        if NpyHeader.hasMagic(bytes) { return .npy }
        if FastTextModelFile.hasMagic(bytes) { return .fasttextBin }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        let firstEnd = TextScan.lineEnd(p, 0, Swift.min(end, TextScan.sampleBytes))
        // Projector TSV: tab-separated numbers and no word column (checked first: no header uses tabs).
        if memchr(p, 9, firstEnd) != nil, TextScan.isNumberLine(p, 0, firstEnd) { return .tsv }
        if let header = TextScan.parseHeader(p, 0, firstEnd) {
            let bodyStart = Swift.min(end, firstEnd + 1)
            if bodyStart >= end { return .word2vec }  // a header and nothing else: treat as text
            // Text if the next line is a word followed by numbers (any count: a wrong count is
            // reported with its line number by the reader), or a word with spaces followed by the
            // header's count of numbers; otherwise binary.
            let lineEnd = TextScan.lineEnd(p, bodyStart, end)
            if lineEnd - bodyStart > TextScan.maxLineBytes(dim: header.dim) { return .word2vecBinary }
            if TextScan.looksLikeTextVector(p, bodyStart, lineEnd, dim: header.dim) {
                var e = lineEnd
                if e > bodyStart, p[e - 1] == 13 { e -= 1 }
                return e > bodyStart && (p[e - 1] == 32 || p[e - 1] == 9) ? .fasttext : .word2vec
            }
            return .word2vecBinary
        }
        // Two integers that are not a valid header (`-20 10`, `0 0`): a damaged header, which the
        // word2vec reader reports, rather than a GloVe line.
        if TextScan.looksLikeHeader(p, 0, firstEnd) { return .word2vec }
        // No header: GloVe when the first line is a word (perhaps with spaces) followed by at
        // least as many numbers as the word has pieces.
        let line = TextScan.shape(p, 0, firstEnd)
        let dim = line.gloveDimension
        return dim >= 1 && dim >= line.tokens - dim ? .glove : nil
    }
}
