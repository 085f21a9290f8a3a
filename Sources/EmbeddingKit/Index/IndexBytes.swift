/// One array of an index's data as raw bytes: memory the index owns (after a build) or memory
/// it borrows from a mapped session file (kept alive by `owner`).
final class IndexBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let owned: UnsafeMutableRawBufferPointer?
    private let owner: AnyObject?

    /// Zeroed, owned memory of `count` bytes, 64-byte aligned, on huge pages when large (a scan
    /// of a million rows' codes then spends far less on address translation).
    init(zeroed count: Int) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(count, 1), alignment: 64)
        HugePageFloats.advise(memory)
        memory.initializeMemory(as: UInt8.self, repeating: 0)
        owned = memory
        bytes = UnsafeRawBufferPointer(rebasing: memory[0 ..< count])
        owner = nil
    }

    /// A copy of `values`.
    convenience init<T>(copying values: [T]) {
        self.init(zeroed: values.count * MemoryLayout<T>.stride)
        values.withUnsafeBytes { owned!.copyMemory(from: $0) }
    }

    /// `bytes` used in place while `owner` lives.
    init(borrowing bytes: UnsafeRawBufferPointer, owner: AnyObject) {
        self.bytes = bytes
        self.owner = owner
        owned = nil
    }

    deinit { owned?.deallocate() }

    /// The owned memory, writable (only while building, before the index is shared).
    var mutable: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(mutating: bytes) }

    func typed<T>(_ type: T.Type) -> UnsafeBufferPointer<T> {
        guard let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: T.self), count: bytes.count / MemoryLayout<T>.stride)
    }
}
