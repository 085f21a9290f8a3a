#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that they are never seen half-written: the bytes go to a temporary file
/// beside the target, which is flushed to disk and then renamed over it, and the directory is
/// flushed too. If anything fails, or the process dies first, the old file (if any) stays as it
/// was. Files that belong together are all written before any is renamed (`stage`, `commit`).
///
/// The new file keeps the old one's permissions (and owner, where the system allows). Only a
/// regular file is replaced: a directory, device, FIFO or socket is refused. A symbolic link is
/// followed deliberately: the file it leads to is replaced and the link stays (`Staged.target`).
public enum AtomicFile {
    /// A file's new content, written and flushed to a temporary file beside it, waiting for
    /// `commit`; the temporary file is removed if it is never committed.
    public final class Staged {
        /// The path as named.
        public let path: String
        /// The file that will be replaced: `path`, or the file its symbolic links lead to.
        public let target: String
        let temporary: String
        fileprivate(set) var committed = false

        fileprivate init(path: String, target: String, temporary: String) {
            self.path = path
            self.target = target
            self.temporary = temporary
        }

        deinit { if !committed { unlink(temporary) } }
    }

    /// Writes the file through `body` (which gets a descriptor open for writing) and puts it in
    /// place; returns the file replaced (`Staged.target`). Throws `AtomicFileError` with the
    /// reason when the file cannot be written; the old file is then unchanged.
    @discardableResult
    public static func write(to path: String, _ body: (Int32) throws -> Void) throws -> String {
        let file = try stage(path, body)
        try commit([file])
        return file.target
    }

    /// Writes the new content of `path` through `body` to a temporary file beside its target,
    /// flushed to disk; nothing is replaced until `commit`.
    public static func stage(_ path: String, _ body: (Int32) throws -> Void) throws -> Staged {
        let (target, existing) = try resolve(path)
        let (directory, name) = split(target)
        try checkReplaceable(path, name: name, existing: existing)
        removeAbandonedTemporaries(in: directory, of: name)
        let temporary = directory + "/." + name + ".tmp-\(getpid())"
        let descriptor = try createTemporary(temporary, path: path)
        let staged = Staged(path: path, target: target, temporary: temporary)
        do {
            if let existing {
                // Keep the owner where allowed (root, or a group of ours), then the permissions.
                if existing.st_uid != geteuid() || existing.st_gid != getegid() {
                    _ = fchown(descriptor, existing.st_uid, existing.st_gid)
                }
                guard fchmod(descriptor, existing.st_mode & 0o7777) == 0 else { throw AtomicFileError(path: path, errno: errno) }
            }
            try body(descriptor)
            guard fsync(descriptor) == 0 else { throw AtomicFileError(path: path, errno: errno) }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw AtomicFileError(path: path, errno: errno) }
        return staged
    }

    /// Puts staged files in place, in order. When the first cannot be, nothing has changed
    /// (`AtomicFileError`); when a later one cannot be, the earlier ones already have
    /// (`PartialReplaceError` says which).
    public static func commit(_ files: [Staged]) throws {
        var replaced: [String] = []
        for file in files {
            guard rename(file.temporary, file.target) == 0 else {
                let failure = AtomicFileError(path: file.path, errno: errno)
                if replaced.isEmpty { throw failure }
                throw PartialReplaceError(replaced: replaced, failure: failure)
            }
            file.committed = true
            replaced.append(file.target)
        }
        for directory in Set(files.map { split($0.target).directory }) {
            let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
        }
    }

    /// Throws the `AtomicFileError` that writing `path` would meet at the start (its folder is
    /// missing or not writable, or it names a directory or a special file), so that long work
    /// whose result goes there can be refused before it begins. Nothing is created.
    public static func checkCanWrite(_ path: String) throws {
        let (target, existing) = try resolve(path)
        let (directory, name) = split(target)
        try checkReplaceable(path, name: name, existing: existing)
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw AtomicFileError(path: path, reason: errno == ENOENT ? "folder \(directory) does not exist" : String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw AtomicFileError(path: path, reason: "\(directory) is not a folder") }
        guard access(directory, W_OK) == 0 else { throw AtomicFileError(path: path, errno: errno) }
    }

    /// Whether writing `a` and `b` would replace the same file.
    public static func sameTarget(_ a: String, _ b: String) -> Bool {
        func canonical(_ path: String) -> String? {
            guard let target = try? resolve(path).target else { return nil }
            let (directory, name) = split(target)
            guard let real = realpath(directory, nil) else { return nil }
            defer { free(real) }
            return String(cString: real) + "/" + name
        }
        guard let first = canonical(a) else { return false }
        return first == canonical(b)
    }

    /// The file writing `path` replaces (`path`, or where its symbolic links lead) and its
    /// status, nil when it does not exist yet.
    static func resolve(_ path: String) throws -> (target: String, existing: stat?) {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT { return (current, nil) }
                throw AtomicFileError(path: path, errno: errno)
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { return (current, info) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw AtomicFileError(path: path, errno: errno) }
            let link = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // A relative link is relative to the link's directory.
            if !link.hasPrefix("/"), let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        throw AtomicFileError(path: path, errno: ELOOP)
    }

    /// Refuses a path that names a directory or a file other than a regular one.
    private static func checkReplaceable(_ path: String, name: String, existing: stat?) throws {
        guard !name.isEmpty else { throw AtomicFileError(path: path, reason: "is a directory") }
        guard let existing else { return }
        let type = existing.st_mode & S_IFMT
        if type == S_IFDIR { throw AtomicFileError(path: path, reason: "is a directory") }
        if type != S_IFREG {
            throw AtomicFileError(path: path, reason: "is \(InputFile.kindName(type)), not a regular file: refusing to replace it")
        }
    }

    /// The directory and the name of `path` (`.` for a bare name).
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Creates `temporary` afresh, never through a link someone left under its name.
    private static func createTemporary(_ temporary: String, path: String) throws -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var descriptor = open(temporary, flags, 0o644)
        if descriptor < 0, errno == EEXIST {
            unlink(temporary)
            descriptor = open(temporary, flags, 0o644)
        }
        guard descriptor >= 0 else { throw AtomicFileError(path: path, errno: errno) }
        return descriptor
    }

    /// Removes temporary files of `name` left by writers that were killed (their process is gone).
    private static func removeAbandonedTemporaries(in directory: String, of name: String) {
        let prefix = "." + name + ".tmp-"
        for entryName in directoryEntries(directory) ?? [] {
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

/// Files that belong together, of which the first were replaced but a later one could not be:
/// it keeps its old content, which no longer matches the new ones.
public struct PartialReplaceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The files already replaced.
    public let replaced: [String]
    public let failure: AtomicFileError

    public var description: String {
        "\(replaced.joined(separator: " and ")) replaced, but \(failure.path) could not be (\(failure.reason)) and keeps "
            + "its old content, which does not go with the new: write them again"
    }
}

/// `write(2)` (the name is taken inside `AtomicFile`).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
