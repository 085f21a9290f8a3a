#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Float arrays for table-sized storage, advised for transparent huge pages before they are
/// first touched (as NumPy does for large arrays): a scan of a large table then walks 2 MB pages
/// instead of 4 KB ones and spends far less on address translation.
public enum HugePageFloats {
    /// Arrays at least this large are advised (smaller ones gain nothing).
    static let threshold = 4 << 20

    /// A `count`-float array, advised for huge pages when large; `fill` must initialise every element.
    public static func make(count: Int, fill: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows -> [Float] {
        try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            advise(buffer)
            try fill(buffer)
            initialized = count
        }
    }

    /// A `count`-float array of zeros.
    public static func zeros(count: Int) -> [Float] {
        make(count: count) { $0.update(repeating: 0) }
    }

    /// Advises the whole pages inside `buffer`, not yet touched, for huge pages (where the system
    /// has them); for arrays filled in other ways, e.g. `[Float](unsafeUninitializedCapacity:)`.
    public static func advise(_ buffer: UnsafeMutableBufferPointer<Float>) {
        advise(UnsafeMutableRawBufferPointer(buffer))
    }

    /// The same for raw table-sized storage (an index's codes).
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= threshold, let base = buffer.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + buffer.count) / page * page
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        #endif
    }
}
