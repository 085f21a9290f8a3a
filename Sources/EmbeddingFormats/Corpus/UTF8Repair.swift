/// UTF-8 checking with an ASCII fast path, and repair by U+FFFD replacement.
enum UTF8Repair {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= bytes.count,
                  raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        }
        while i < bytes.count && bytes[i] < 0x80 { i += 1 }
        if i == bytes.count { return true }
        var iterator = UnsafeBufferPointer(rebasing: bytes[i...]).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// `bytes` with each maximal invalid subsequence replaced by U+FFFD.
    static func repaired(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
