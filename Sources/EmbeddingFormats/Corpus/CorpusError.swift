/// Problems reading a corpus file, each naming the path, line or value involved.
public enum CorpusError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    case emptyFile(path: String)
    /// TSV columns are 1-based.
    case invalidColumn(Int)
    case missingColumn(path: String, line: Int, column: Int, columns: Int)
    case missingLabel(path: String, line: Int)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "\(path): no such file"
        case .isDirectory(let path): "\(path): is a directory, not a file"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .emptyFile(let path): "\(path): file is empty"
        case .invalidColumn(let column): "column must be at least 1 (columns are 1-based), got \(column)"
        case .missingColumn(let path, let line, let column, let columns):
            "\(path):\(line): no column \(column) (the line has \(columns) tab-separated column\(columns == 1 ? "" : "s"))"
        case .missingLabel(let path, let line): "\(path):\(line): no __label__ prefix (fastText format)"
        }
    }
}
