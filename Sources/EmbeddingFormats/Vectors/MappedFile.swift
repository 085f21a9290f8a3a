#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Carries a pointer or buffer into `concurrentPerform`; each worker touches disjoint parts.
struct Box<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A read-only memory map of a whole file, opened with `InputFile` (so a directory, device, socket
/// or pipe is refused before anything is read; an empty file is refused too).
final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    private var mapped: UnsafeMutableRawPointer?
    private let length: Int

    init(path: String) throws {
        let fd: Int32
        do {
            fd = try InputFile.open(path)
        } catch {
            switch error {
            case .notFound: throw VectorReadError.fileNotFound(path: path)
            case .isDirectory: throw VectorReadError.isDirectory(path: path)
            case let .notRegular(_, kind): throw VectorReadError.notRegular(path: path, kind: kind)
            case let .unreadable(_, reason): throw VectorReadError.unreadable(path: path, reason: reason)
            }
        }
        defer { _ = Glibc_close(fd) }
        guard let size = InputFile.size(of: fd) else { throw VectorReadError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        length = size
        if length == 0 { throw VectorReadError.emptyFile(path: path) }
        guard let m = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else {
            throw VectorReadError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        _ = madvise(m, length, MADV_SEQUENTIAL)
        mapped = m
        bytes = UnsafeRawBufferPointer(start: m, count: length)
    }

    func close() {
        if let m = mapped { munmap(m, length); mapped = nil }
    }

    deinit { close() }
}

@inline(__always)
private func Glibc_close(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}
