#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Carries a pointer or buffer into `concurrentPerform`; each worker touches disjoint parts.
struct Box<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A read-only memory map of a whole file (or an empty buffer for an empty file).
final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    private var mapped: UnsafeMutableRawPointer?
    private let length: Int

    init(path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw VectorReadError.fileNotFound(path: path)
        }
        if isDir.boolValue { throw VectorReadError.isDirectory(path: path) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw VectorReadError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { _ = Glibc_close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw VectorReadError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        length = Int(st.st_size)
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
