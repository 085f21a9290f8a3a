#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A directory of this process's own under `$TMPDIR` for the targets whose readers take a
/// path; removed when the process exits normally.
enum Scratch {
    static let directory: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array((base + "/embsh-fuzz-XXXXXX").utf8CString)
        guard let path = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!).map { String(cString: $0) } }) else {
            fatalError("embsh-fuzz: cannot create a directory in \(base)")
        }
        atexit { try? FileManager.default.removeItem(atPath: Scratch.directory) }
        return path
    }()

    /// Writes `bytes` to the file `name` in the scratch directory, replacing it; returns its path.
    static func write(_ bytes: UnsafeRawBufferPointer, to name: String) -> String {
        let path = directory + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { fatalError("embsh-fuzz: cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { fatalError("embsh-fuzz: cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += written
        }
        return path
    }

    /// Copies `bytes` into an allocation of exactly their size, so AddressSanitizer reports a
    /// read past their end (a slice of a larger buffer would hide it). The caller deallocates.
    static func exactCopy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        copy.copyMemory(from: bytes)
        return UnsafeRawBufferPointer(copy)
    }
}
