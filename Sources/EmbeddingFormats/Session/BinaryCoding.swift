import EmbeddingKit

/// Appends little-endian integers, floats and length-prefixed UTF-8 strings to a byte array.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ value: Int) { u64(UInt64(bitPattern: Int64(value))) }

    mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        values.forEach { string($0) }
    }

    mutating func ints(_ values: [Int]) {
        int(values.count)
        values.forEach { int($0) }
    }
}

/// Reads what `ByteWriter` wrote, refusing (with `SessionFileError.corrupt`) to read past the end.
struct ByteReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0
    /// Keeps `bytes` alive, when they may be used in place after reading (`words`).
    private let owner: AnyObject?

    init(_ bytes: UnsafeRawBufferPointer, owner: AnyObject? = nil) {
        self.bytes = bytes
        self.owner = owner
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// Bytes not read yet (a bound for counts, so damaged data cannot ask for huge arrays).
    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else {
            throw SessionFileError.corrupt("metadata ends early (wanted \(count) bytes at offset \(offset) of \(bytes.count))")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + count])
    }

    mutating func u8() throws -> UInt8 { try take(1)[0] }

    /// The next `count` bytes.
    mutating func bytes(_ count: Int) throws -> UnsafeRawBufferPointer { try take(count) }

    mutating func u32() throws -> UInt32 {
        UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self))
    }

    mutating func u64() throws -> UInt64 {
        UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
    }

    mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }

    /// A count or size: a non-negative integer no larger than `limit`.
    mutating func count(limit: Int) throws -> Int {
        let value = try int()
        guard value >= 0, value <= limit else { throw SessionFileError.corrupt("a count of \(value) (at most \(limit) possible)") }
        return value
    }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let other: throw SessionFileError.corrupt("a flag of \(other)")
        }
    }

    mutating func string() throws -> String {
        let length = try count(limit: bytes.count - offset)
        return String(decoding: try take(length), as: UTF8.self)
    }

    mutating func optionalString() throws -> String? {
        try bool() ? try string() : nil
    }

    mutating func strings() throws -> [String] {
        let n = try count(limit: remaining / 8)
        return try (0 ..< n).map { _ in try string() }
    }

    /// What `strings` reads, as table labels: used in place (`PackedWords`) when the reader has
    /// an owner for its bytes, so millions of words cost one pass over their lengths.
    mutating func words() throws -> TableLabels {
        guard let owner else { return TableLabels(try strings()) }
        let n = try count(limit: remaining / 8)
        guard let packed = PackedWords(UnsafeRawBufferPointer(rebasing: bytes[offset...]), count: n, owner: owner) else {
            throw SessionFileError.corrupt("metadata ends early (\(n) words from offset \(offset) of \(bytes.count))")
        }
        offset += packed.byteCount
        return TableLabels(packed: packed)
    }

    mutating func ints() throws -> [Int] {
        let n = try count(limit: (bytes.count - offset) / 8)
        return try (0 ..< n).map { _ in try int() }
    }
}
