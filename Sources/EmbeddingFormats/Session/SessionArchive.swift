import EmbeddingKit

/// What a session file holds: named objects in creation order and the log of commands
/// that made them.
public struct SessionArchive: Sendable {
    /// One stored object.
    public enum Object: Sendable {
        case tokenizer(Tokenizer)
        case vectorizer(TextVectorizer)
        case table(EmbeddingTable)
        case model(TextClassifier)
        case phrases(PhraseModel)
    }

    public var objects: [(name: String, object: Object)]
    public var log: [String]
    /// Notes about objects, by name (e.g. that a table is not trained, or partly trained).
    public var remarks: [String: String]

    public init(objects: [(name: String, object: Object)] = [], log: [String] = [], remarks: [String: String] = [:]) {
        self.objects = objects
        self.log = log
        self.remarks = remarks
    }
}

/// Why a session file could not be written or opened; the session in memory is untouched.
public enum SessionFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case notASession(path: String)
    case newerVersion(path: String, version: Int, supported: Int)
    case truncated(path: String, size: Int, needed: Int)
    case checksumMismatch(path: String, part: String)
    /// Inconsistent content (with what is wrong); the file name is added by the reader.
    case corrupt(String)
    case damaged(path: String, reason: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .notASession(let path): return "\(path) is not an embsh session file"
        case let .newerVersion(path, version, supported):
            return "\(path) was written by a newer embsh (session format \(version); this one reads up to \(supported))"
        case let .truncated(path, size, needed):
            return "\(path) is cut short (\(size) bytes, at least \(needed) needed)"
        case let .checksumMismatch(path, part): return "\(path) is damaged: the checksum of \(part) does not match"
        case .corrupt(let reason): return "the file is damaged: \(reason)"
        case let .damaged(path, reason): return "\(path) is damaged: \(reason)"
        case let .io(path, reason): return "\(path): \(reason)"
        }
    }
}

/// The layout of session files (version 1; version 2 adds tables' indexes; version 3, HNSW
/// indexes' codes, a sixth array), all little-endian:
///
///     0   magic "EMBSHSES"          8   version (UInt32)    12  reserved (UInt32)
///     16  metadata offset (UInt64)  24  metadata length     32  metadata checksum
///     40  header checksum (of bytes 0..<40)                 48  zero padding to 64
///     64  table values: float32, row-major, each starting at a multiple of 64
///     …   n-gram (and output) vectors of tables with subwords, float32, each at a multiple of 64
///     …   version 2: index arrays, each starting at a multiple of 64 (see StoredIndex)
///     …   metadata: the log and every object's description (see SessionFileWriter), then, in
///         version 2, the indexes' descriptions, then extensions (a count, then per extension a
///         tag, its length and its bytes; readers skip tags they do not know; files without
///         extensions end before the count)
///
/// Table values and index arrays come first so they sit at aligned offsets and can be used in
/// place. A file is written as the lowest version that holds its contents, so older embsh opens
/// what it can read and calls the rest newer (not damaged).
enum SessionFileLayout {
    static let magic = Array("EMBSHSES".utf8)
    static let version = 3

    /// The version a file with these indexes is written as: 1 without any, 3 when an HNSW
    /// index has codes (older readers know five HNSW arrays), else 2.
    static func version(for indexes: [StoredIndex]) -> Int {
        if indexes.isEmpty { return 1 }
        return indexes.contains { $0.parameters.method == .hnsw && $0.sections.count > 5 } ? 3 : 2
    }
    static let headerSize = 64
    static let alignment = 64

    enum Kind: UInt8 {
        case tokenizer = 1
        case table = 2
        case model = 3
        /// Added after version 1's first release: files without one read as before.
        case vectorizer = 4
        case phrases = 5
    }

    /// Metadata after version 1's last field.
    enum Extension: UInt8 {
        /// Tables' n-gram vectors (`StoredSubwords`).
        case subwords = 1
        /// The corpus token counts of n-gram vectors that have one (`FastTextTrainingArguments.tokens`).
        case subwordTokens = 2
    }
}
