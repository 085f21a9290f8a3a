#if canImport(Glibc)
import Glibc
#endif

/// The names in a directory, as `readdir` gives them (with `.` and `..`), or nil when it cannot
/// be opened. Names are read in place, up to their NUL: a record `readdir` returns may be
/// shorter than `dirent`, so copying the record (`entry.pointee`) can read past its buffer.
public func directoryEntries(_ path: String) -> [String]? {
    guard let handle = opendir(path) else { return nil }
    defer { closedir(handle) }
    let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    var names: [String] = []
    while let entry = readdir(handle) {
        names.append(String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self)))
    }
    return names
}
