/// A JSON value read with its objects' keys in file order (Keras's `word_counts` order decides
/// ties in the word index, and Foundation's parser does not keep it).
indirect enum OrderedJSON {
    case object([(key: String, value: OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    /// A number as written (the caller reads it as the type it expects).
    case number(String)
    case bool(Bool)
    case null

    /// Deepest nesting accepted: hostile input must not exhaust the stack.
    static let maximumDepth = 64

    /// Parses one JSON value filling `bytes` (blanks around it allowed). Throws
    /// `OrderedJSON.Failure` with the byte offset of the problem.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> OrderedJSON {
        var parser = Parser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipBlanks()
        guard parser.offset == bytes.count else { throw parser.failure("unexpected text after the value") }
        return value
    }

    static func parse(_ text: String) throws(Failure) -> OrderedJSON {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(Failure) -> OrderedJSON in try parse(buffer) } }
        return try result.get()
    }

    /// Why a text is not JSON, and where.
    struct Failure: Error, Equatable {
        let offset: Int
        let reason: String
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        func failure(_ reason: String) -> Failure { Failure(offset: offset, reason: reason) }

        mutating func skipBlanks() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func expect(_ literal: String) throws(Failure) {
            for byte in literal.utf8 {
                guard offset < bytes.count, bytes[offset] == byte else { throw failure("expected '\(literal)'") }
                offset += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) -> OrderedJSON {
            guard depth < OrderedJSON.maximumDepth else { throw failure("nested more than \(OrderedJSON.maximumDepth) deep") }
            skipBlanks()
            guard offset < bytes.count else { throw failure("unexpected end") }
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                var members: [(key: String, value: OrderedJSON)] = []
                skipBlanks()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(members) }
                while true {
                    skipBlanks()
                    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw failure("expected a key") }
                    let key = try string()
                    skipBlanks()
                    try expect(":")
                    members.append((key, try value(depth: depth + 1)))
                    skipBlanks()
                    if offset < bytes.count, bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                    try expect("}")
                    return .object(members)
                }
            case UInt8(ascii: "["):
                offset += 1
                var items: [OrderedJSON] = []
                skipBlanks()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipBlanks()
                    if offset < bytes.count, bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                    try expect("]")
                    return .array(items)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default:
                let start = offset
                while offset < bytes.count, "+-.0123456789eE".utf8.contains(bytes[offset]) { offset += 1 }
                guard offset > start else { throw failure("expected a value") }
                return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start ..< offset]), as: UTF8.self))
            }
        }

        /// A string starting at the opening quote; escapes resolved (`\uXXXX` pairs joined).
        mutating func string() throws(Failure) -> String {
            offset += 1
            var scalars = String.UnicodeScalarView()
            var start = offset
            func flush(_ end: Int) {
                scalars.append(contentsOf: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self).unicodeScalars)
            }
            while offset < bytes.count {
                switch bytes[offset] {
                case UInt8(ascii: "\""):
                    flush(offset)
                    offset += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush(offset)
                    offset += 1
                    guard offset < bytes.count else { throw failure("unfinished escape") }
                    let escape = bytes[offset]
                    offset += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escape))
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800 ..< 0xDC00).contains(code), offset + 1 < bytes.count,
                           bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                            offset += 2
                            let low = try hex4()
                            if (0xDC00 ..< 0xE000).contains(low) { code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00) }
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: throw failure("unknown escape")
                    }
                    start = offset
                default:
                    offset += 1
                }
            }
            throw failure("unclosed string")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard offset + 4 <= bytes.count,
                  let code = UInt32(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + 4]), as: UTF8.self), radix: 16)
            else { throw failure("bad \\u escape") }
            offset += 4
            return code
        }
    }
}

extension OrderedJSON {
    /// The member `key` of an object, or nil.
    subscript(key: String) -> OrderedJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}
