#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that it is never seen half-written: the bytes go to a temporary file
/// in the same directory, which is flushed to disk and then renamed over the target, and
/// the directory is flushed too. If anything fails, or the process dies first, the old
/// file (if any) stays as it was.
public enum AtomicFile {
    /// Writes the file through `body`, which gets a descriptor open for writing; throws
    /// `AtomicFileError` with the reason when the file cannot be written.
    public static func write(to path: String, _ body: (Int32) throws -> Void) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw AtomicFileError(path: path, reason: "is a directory") }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw AtomicFileError(path: path, reason: "is a directory")
        }
        removeAbandonedTemporaries(in: directory, of: name)
        let temporary = directory + "/." + name + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicFileError(path: path, errno: errno) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            try body(descriptor)
            guard fsync(descriptor) == 0 else { throw AtomicFileError(path: path, errno: errno) }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw AtomicFileError(path: path, errno: errno) }
        guard rename(temporary, path) == 0 else { throw AtomicFileError(path: path, errno: errno) }
        renamed = true
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Removes temporary files of `name` left by writers that were killed (their process is gone).
    private static func removeAbandonedTemporaries(in directory: String, of name: String) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        let prefix = "." + name + ".tmp-"
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard entryName.hasPrefix(prefix), let pid = Int32(entryName.dropFirst(prefix.count)), pid != getpid(),
                  kill(pid, 0) == -1, errno == ESRCH else { continue }
            unlink(directory + "/" + entryName)
        }
    }

    /// Writes all of `bytes` to `descriptor`.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, min(bytes.count - offset, 1 << 30))
            if written < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(path: path, errno: errno)
            }
            offset += written
        }
    }
}

/// A file that could not be written, with the system's reason.
public struct AtomicFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, errno code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// `write(2)` (the name is taken inside `AtomicFile`).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
