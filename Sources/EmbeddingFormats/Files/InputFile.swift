#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens files the user names for reading, the one way every reader does it: a path that is
/// not a regular file (a directory, a character device such as /dev/zero, a socket) is refused
/// with a clear error before anything is read, and opening never blocks (a FIFO with no writer
/// would otherwise wait forever). Pipes are accepted only where asked (`allowPipes`, for readers
/// that read once from start to end with bounded lines, such as scripts).
public enum InputFile {
    /// Opens `path` read-only and returns its descriptor (blocking reads, close-on-exec), after
    /// checking what kind of file it is. The caller closes the descriptor.
    public static func open(_ path: String, allowPipes: Bool = false) throws(InputFileError) -> Int32 {
        let descriptor = systemOpen(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .fromErrno(errno, path: path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            _ = systemClose(descriptor)
            throw .fromErrno(code, path: path)
        }
        let type = info.st_mode & S_IFMT
        if type != S_IFREG && !(allowPipes && type == S_IFIFO) {
            _ = systemClose(descriptor)
            throw type == S_IFDIR ? .isDirectory(path: path) : .notRegular(path: path, kind: kindName(type))
        }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        return descriptor
    }

    /// The size in bytes of the regular file open at `descriptor`, or nil for a pipe.
    public static func size(of descriptor: Int32) -> Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// What a file of `type` (`st_mode & S_IFMT`) is, for messages: "a character device".
    static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "a pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }
}

/// Why a file could not be opened for reading.
public enum InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case isDirectory(path: String)
    /// A device, socket or (where not accepted) pipe: `kind` says which.
    case notRegular(path: String, kind: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file"
        case .isDirectory(let path): return "\(path): is a directory, not a file"
        case .notRegular(let path, let kind): return "\(path): is \(kind), not a regular file"
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        }
    }

    /// The path the message names.
    public var path: String {
        switch self {
        case .notFound(let path), .isDirectory(let path), .notRegular(let path, _), .unreadable(let path, _): return path
        }
    }

    static func fromErrno(_ code: Int32, path: String) -> InputFileError {
        switch code {
        case ENOENT, ENOTDIR: return .notFound(path: path)
        case EISDIR: return .isDirectory(path: path)
        default: return .unreadable(path: path, reason: String(cString: strerror(code)))
        }
    }
}

private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
