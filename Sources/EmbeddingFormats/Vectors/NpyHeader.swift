import EmbeddingKit

/// The header of a NumPy `.npy` file holding a 2-D little-endian float array
/// (format versions 1–3: magic, version, header length, then a Python dict literal).
struct NpyHeader: Equatable {
    /// Bytes per value: 4 (`<f4`) or 8 (`<f8`).
    var valueBytes: Int
    var fortranOrder: Bool
    var rows: Int
    var dim: Int
    /// Offset of the first value.
    var dataOffset: Int

    /// Bytes per row (`dim` values); checked not to overflow, nor the whole array's bytes.
    var rowBytes: Int { dim * valueBytes }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= magic.count && zip(bytes, magic).allSatisfy { $0 == $1 }
    }

    /// Parses the header at the start of `bytes`; `path` is used in messages.
    init(parsing bytes: UnsafeRawBufferPointer, path: String) throws {
        func refuse(_ reason: String) -> VectorReadError { .unsupportedNpy(path: path, reason: reason) }
        guard Self.hasMagic(bytes), bytes.count >= 10 else { throw refuse("no NumPy magic number") }
        let major = bytes[6]
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default: throw refuse("format version \(major).\(bytes[7])")
        }
        let start = 8 + lengthBytes
        guard bytes.count >= start else { throw refuse("the header is cut short") }
        let length = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        guard bytes.count >= start + length else { throw refuse("the header is cut short") }
        let dict = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start ..< start + length]), as: UTF8.self)
        let descr = Self.value(of: "descr", in: dict)?.trimmingQuotes ?? ""
        switch descr {
        case "<f4": valueBytes = 4
        case "<f8": valueBytes = 8
        default: throw refuse("dtype '\(descr)'; expected little-endian float32 '<f4' or float64 '<f8'")
        }
        switch Self.value(of: "fortran_order", in: dict) {
        case "False": fortranOrder = false
        case "True": fortranOrder = true
        default: throw refuse("no fortran_order in the header")
        }
        let shapeText = Self.value(of: "shape", in: dict) ?? ""
        let shape = shapeText.trimming("()").split(separator: ",").map { Int($0.trimming(" ")) }
        guard shape.count == 2, let rows = shape[0], let dim = shape[1], rows >= 0, dim > 0 else {
            throw refuse("shape \(shapeText); expected (rows, dim)")
        }
        guard let rowBytes = MemoryBudget.product([dim, valueBytes]), MemoryBudget.product([rows, rowBytes]) != nil else {
            throw refuse("shape \(shapeText) is larger than any file")
        }
        self.rows = rows
        self.dim = dim
        dataOffset = start + length
    }

    /// A version 1.0 header for `rows` × `dim` float32 values in C order, padded with spaces so
    /// the data starts at a multiple of 64 bytes (as NumPy writes it).
    static func encode(rows: Int, dim: Int) -> [UInt8] {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(dim)), }"
        let unpadded = magic.count + 4 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = dict.utf8.count
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(dict.utf8)
    }

    /// The text after `'key':` up to the next comma outside parentheses, trimmed.
    private static func value(of key: String, in dict: String) -> String? {
        guard let keyRange = dict.range(of: "'\(key)'") ?? dict.range(of: "\"\(key)\""),
              let colon = dict[keyRange.upperBound...].firstIndex(of: ":") else { return nil }
        var depth = 0
        var end = dict.endIndex
        for i in dict[dict.index(after: colon)...].indices {
            let c = dict[i]
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if depth == 0, c == "," || c == "}" { end = i; break }
        }
        return dict[dict.index(after: colon) ..< end].trimming(" ")
    }
}

private extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }

    var trimmingQuotes: String { trimming("'\"") }
}
