#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Problems reading a corpus file, each naming the path, line or value involved.
public enum CorpusError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    case emptyFile(path: String)
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
        case .fileNotFound(let path): "\(path): no such file"
        case .isDirectory(let path): "\(path): is a directory, not a file"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .emptyFile(let path): "\(path): file is empty"
        case .binaryFile(let path): "\(path): looks like a binary file (it holds NUL bytes), not text"
        case .invalidColumn(let column): "column must be at least 1 (columns are 1-based), got \(column)"
        case .missingColumn(let path, let line, let column, let columns):
            "\(path):\(line): no column \(column) (the line has \(columns) tab-separated column\(columns == 1 ? "" : "s"))"
        case .missingLabel(let path, let line): "\(path):\(line): no __label__ prefix (fastText format)"
        case .unknownColumn(let path, let name, let header):
            "\(path): no column '\(name)' in the header (it has: \(header.joined(separator: ", ")))"
        }
    }

    /// The error for a failed `open` or `read` of `path` with this `errno`.
    static func fromErrno(_ code: Int32, path: String) -> CorpusError {
        switch code {
        case ENOENT: .fileNotFound(path: path)
        case EISDIR: .isDirectory(path: path)
        default: .unreadable(path: path, reason: String(cString: strerror(code)))
        }
    }
}
