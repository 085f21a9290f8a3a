/// A table's row-major float32 values: an array of its own or, for a table opened from a
/// session file, memory borrowed from the mapped file and used in place, then copied into
/// an array of its own the first time it is changed.
struct FloatValues: @unchecked Sendable {
    private var owned: [Float]
    private var borrowed: UnsafeBufferPointer<Float>?
    /// Keeps the borrowed memory alive (e.g. the file mapping).
    private var owner: AnyObject?

    init(_ values: [Float]) {
        owned = values
    }

    init(borrowing values: UnsafeBufferPointer<Float>, owner: AnyObject) {
        owned = []
        borrowed = values
        self.owner = owner
    }

    var count: Int { borrowed?.count ?? owned.count }

    /// Whether the values live in borrowed memory (not yet copied).
    var isBorrowed: Bool { borrowed != nil }

    /// The values as an array (a copy when borrowed).
    var array: [Float] { borrowed.map(Self.copy) ?? owned }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        if let borrowed { return try body(borrowed) }
        return try owned.withUnsafeBufferPointer(body)
    }

    mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if let borrowed {
            owned = Self.copy(borrowed)
            self.borrowed = nil
            owner = nil
        }
        return try owned.withUnsafeMutableBufferPointer(body)
    }

    private static func copy(_ values: UnsafeBufferPointer<Float>) -> [Float] {
        HugePageFloats.make(count: values.count) { _ = $0.initialize(from: values) }
    }

    /// Values `range` as a new array.
    subscript(range: Range<Int>) -> [Float] {
        withUnsafeBufferPointer { Array($0[range]) }
    }
}
