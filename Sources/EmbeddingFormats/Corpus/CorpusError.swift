import EmbeddingKit

/// Problems reading a corpus file, each naming the path, line or value involved.
public enum CorpusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The longest line a corpus, data or evaluation file may have: 256 MB, room for text8
    /// (a 100 MB corpus on one line) while a file without line ends cannot fill the memory.
    public static let maxLineBytes = 256 << 20

    /// The file could not be opened or read (missing, a directory or device, an I/O error).
    case file(InputFileError)
    case emptyFile(path: String)
    /// A line longer than `limit` bytes: not text worth reading line by line (no newline in
    /// sight, e.g. a file of zeros).
    case lineTooLong(path: String, line: Int, limit: Int)
    /// The file holds NUL bytes: not text.
    case binaryFile(path: String)
    /// TSV columns are 1-based.
    case invalidColumn(Int)
    case missingColumn(path: String, line: Int, column: Int, columns: Int)
    case missingLabel(path: String, line: Int)
    /// A CSV column asked for by name that the header does not have.
    case unknownColumn(path: String, name: String, header: [String])

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .emptyFile(let path): "\(path): file is empty"
        case .lineTooLong(let path, let line, let limit):
            "\(path):\(line): line longer than \(ByteCount.format(Double(limit))) (is this a text file?)"
        case .binaryFile(let path): "\(path): looks like a binary file (it holds NUL bytes), not text"
        case .invalidColumn(let column): "column must be at least 1 (columns are 1-based), got \(column)"
        case .missingColumn(let path, let line, let column, let columns):
            "\(path):\(line): no column \(column) (the line has \(columns) tab-separated column\(columns == 1 ? "" : "s"))"
        case .missingLabel(let path, let line): "\(path):\(line): no __label__ prefix (fastText format)"
        case .unknownColumn(let path, let name, let header):
            "\(path): no column '\(name)' in the header (it has: \(header.joined(separator: ", ")))"
        }
    }
}
