/// Splits UTF-8 text into tokens exactly like Keras `text_to_word_sequence` (or, at char
/// level, into lowercased Unicode scalars), handing each token's bytes and `WordHash`.
///
/// ASCII lines with a one-byte ASCII separator take a fast path that lowercases, filters,
/// splits and hashes in one pass over the bytes; anything else takes the exact Unicode path
/// (Python `str.lower()`, per-scalar filters, exact multi-byte separator). Both give the
/// same tokens.
struct TokenScanner: Sendable {

    private let charLevel: Bool
    private let lower: Bool
    /// ASCII byte → byte to keep (lowercased if `lower`), or `separator` when the byte is
    /// a filter or the one-byte split.
    private let wordTable: [UInt8]
    /// ASCII byte → lowercased (if `lower`) byte, for char level.
    private let charTable: [UInt8]
    /// `WordHash` of each `charTable` byte.
    private let charHashes: [UInt64]
    private let fastSplit: Bool
    /// Filters outside ASCII (ASCII ones are in `wordTable`).
    private let wideFilters: Set<UInt32>
    private let splitBytes: [UInt8]
    private static let separator: UInt8 = 0xFF

    init(_ config: TokenizerConfig) {
        charLevel = config.charLevel
        lower = config.lower
        splitBytes = Array(config.split.utf8)
        let filterScalars = Set(config.filters.unicodeScalars.map(\.value))
        wideFilters = filterScalars.filter { $0 >= 0x80 }
        fastSplit = splitBytes.count == 1 && splitBytes[0] < 0x80
        charTable = (0 ..< 128).map { b in config.lower && b >= 65 && b <= 90 ? UInt8(b) | 0x20 : UInt8(b) }
        charHashes = charTable.map { c in withUnsafeBytes(of: c) { WordHash.hash($0.bindMemory(to: UInt8.self)) } }
        wordTable = (0 ..< 128).map { [charTable, splitBytes] b in
            filterScalars.contains(UInt32(b)) || (splitBytes.count == 1 && splitBytes[0] == b)
                ? TokenScanner.separator : charTable[b]
        }
    }

    /// Calls `body` with each token of `text` (valid UTF-8): its bytes (valid during the
    /// call), `WordHash` and `wordHead`.
    func forEachToken(in text: UnsafeBufferPointer<UInt8>,
                      _ body: (UnsafeBufferPointer<UInt8>, UInt64, UInt64) -> Void) {
        if isASCII(text) {
            if charLevel { return asciiChars(text, body) }
            if fastSplit { return asciiWords(text, body) }
        }
        exactTokens(text) { body($0, $1, wordHead($0)) }
    }

    private func isASCII(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var bits: UInt64 = 0
        while i + 8 <= text.count {
            bits |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < text.count {
            bits |= UInt64(text[i])
            i += 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }

    private func asciiChars(_ text: UnsafeBufferPointer<UInt8>,
                            _ body: (UnsafeBufferPointer<UInt8>, UInt64, UInt64) -> Void) {
        charTable.withUnsafeBufferPointer { table in
            for b in text {
                let c = table.baseAddress! + Int(b)
                body(UnsafeBufferPointer(start: c, count: 1), charHashes[Int(b)], UInt64(c.pointee))
            }
        }
    }

    private func asciiWords(_ text: UnsafeBufferPointer<UInt8>,
                            _ body: (UnsafeBufferPointer<UInt8>, UInt64, UInt64) -> Void) {
        let n = text.count
        wordTable.withUnsafeBufferPointer { table in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n + 8) { scratch in
                let sep = TokenScanner.separator
                let out = scratch.baseAddress!
                var i = 0
                while i < n {
                    var c = table[Int(text[i])]
                    while c == sep {
                        i += 1
                        if i == n { return }
                        c = table[Int(text[i])]
                    }
                    var end = 0
                    repeat {
                        out[end] = c
                        end += 1
                        i += 1
                        if i == n { break }
                        c = table[Int(text[i])]
                    } while c != sep
                    let (hash, head) = WordHash.hashPadded(out, count: end)
                    body(UnsafeBufferPointer(start: out, count: end), hash, head)
                }
            }
        }
    }

    /// The exact path for any text: lowercase, replace filters by the separator, split on it.
    func exactTokens(_ text: UnsafeBufferPointer<UInt8>,
                               _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        let lowered = lower ? PythonLowercase.lowered(text) : Array(text)
        lowered.withUnsafeBufferPointer { bytes in
            if charLevel {
                var start = 0
                while start < bytes.count {
                    var end = start + 1
                    while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
                    emit(UnsafeBufferPointer(rebasing: bytes[start ..< end]), body)
                    start = end
                }
            } else if fastSplit {
                splitOnSeparatorsAndFilters(bytes, body)
            } else {
                replaceFiltersThenSplit(bytes, body)
            }
        }
    }

    /// One-byte split: a token ends at the split byte or any filter character.
    private func splitOnSeparatorsAndFilters(_ bytes: UnsafeBufferPointer<UInt8>,
                                             _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            var length = 1
            let isSeparator: Bool
            if b < 0x80 {
                isSeparator = wordTable[Int(b)] == TokenScanner.separator
            } else {
                let scalar: Unicode.Scalar
                (scalar, length) = PythonLowercase.decode(bytes, at: i)
                isSeparator = !wideFilters.isEmpty && wideFilters.contains(scalar.value)
            }
            if isSeparator {
                if i > start { emit(UnsafeBufferPointer(rebasing: bytes[start ..< i]), body) }
                start = i + length
            }
            i += length
        }
        if bytes.count > start { emit(UnsafeBufferPointer(rebasing: bytes[start...]), body) }
    }

    /// Any split: Python's `text.translate(filters → split).split(split)`, literally.
    private func replaceFiltersThenSplit(_ bytes: UnsafeBufferPointer<UInt8>,
                                         _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        var filtered: [UInt8] = []
        filtered.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let (scalar, length) = PythonLowercase.decode(bytes, at: i)
            let isFilter = scalar.isASCII ? wordTable[Int(scalar.value)] == TokenScanner.separator
                : !wideFilters.isEmpty && wideFilters.contains(scalar.value)
            if isFilter {
                filtered.append(contentsOf: splitBytes)
            } else {
                filtered.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i ..< i + length]))
            }
            i += length
        }
        filtered.withUnsafeBufferPointer { bytes in
            splitBytes.withUnsafeBufferPointer { sep in
                var start = 0
                var i = 0
                while i + sep.count <= bytes.count {
                    if bytes[i] == sep[0] && (1 ..< sep.count).allSatisfy({ bytes[i + $0] == sep[$0] }) {
                        if i > start { emit(UnsafeBufferPointer(rebasing: bytes[start ..< i]), body) }
                        i += sep.count
                        start = i
                    } else {
                        i += 1
                    }
                }
                if bytes.count > start { emit(UnsafeBufferPointer(rebasing: bytes[start...]), body) }
            }
        }
    }

    private func emit(_ token: UnsafeBufferPointer<UInt8>,
                      _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        body(token, WordHash.hash(token))
    }
}
