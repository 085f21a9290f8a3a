/// Splits UTF-8 text into tokens exactly like Keras `text_to_word_sequence` (or, at char
/// level, into lowercased Unicode scalars), handing over each token's bytes, `WordHash`
/// and `wordHead`; no `String` is made.
///
/// With a one-byte split, ASCII lines are lowercased, split and hashed on bytes; other lines
/// are first lowercased the Python way, then split the same way. Non-ASCII filters, a
/// multi-byte split and char level on non-ASCII text take the literal path, `exactTokens`.
/// All paths give the same tokens.
struct TokenScanner: Sendable {
    private let charLevel: Bool
    private let lower: Bool
    /// Byte → byte with ASCII lowercased (if `lower`).
    private let charTable: [UInt8]
    /// Byte of lowercased text → 1 if it is an ASCII filter or the one-byte split, else 0.
    private let separatorFlags: [UInt8]
    /// Byte of the original text → whether its lowercase is a separator (Keras lowercases
    /// before filtering and splitting, so an uppercase filter or split never matches).
    private let loweredSeparatorFlags: [UInt8]
    private static let identity: [UInt8] = (0 ..< 256).map { UInt8($0) }
    /// `WordHash` of each `charTable` byte.
    private let charHashes: [UInt64]
    private let fastSplit: Bool
    /// Filters outside ASCII (ASCII ones are in `separatorFlags`).
    private let wideFilters: Set<UInt32>
    private let splitBytes: [UInt8]

    init(_ config: TokenizerConfig) {
        charLevel = config.charLevel
        lower = config.lower
        splitBytes = Array(config.split.utf8)
        let filterScalars = Set(config.filters.unicodeScalars.map(\.value))
        wideFilters = filterScalars.filter { $0 >= 0x80 }
        fastSplit = splitBytes.count == 1 && splitBytes[0] < 0x80
        charTable = (0 ..< 256).map { b in config.lower && b >= 65 && b <= 90 ? UInt8(b) | 0x20 : UInt8(b) }
        charHashes = charTable.map { c in withUnsafeBytes(of: c) { WordHash.hash($0.bindMemory(to: UInt8.self)) } }
        separatorFlags = (0 ..< 256).map { [splitBytes] (b: Int) -> UInt8 in
            b < 0x80 && (filterScalars.contains(UInt32(b)) || splitBytes == [UInt8(b)]) ? 1 : 0
        }
        loweredSeparatorFlags = charTable.map { [separatorFlags] in separatorFlags[Int($0)] }
    }

    /// A token: its bytes, `WordHash` and `wordHead`.
    struct Token {
        let base: UnsafePointer<UInt8>
        let count: Int
        let hash: UInt64
        let head: UInt64

        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    }

    /// Tokens handed over at once on the fast paths (the batch lives on the stack).
    static let batchSize = 16

    /// Calls `body` with the tokens of `text` (valid UTF-8) in order, a batch at a time;
    /// the bytes are valid only during the call.
    func forEachBatch(in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<Token>) -> Void) {
        let ascii = isASCII(text)
        if ascii && charLevel { return asciiChars(text, body) }
        if fastSplit && !charLevel {
            if ascii { return splitWords(text, table: charTable, flags: loweredSeparatorFlags, body) }
            if wideFilters.isEmpty {
                // Lowercasing the Unicode way leaves the ASCII separators where they were.
                let lowered = lower ? PythonLowercase.lowered(text) : Array(text)
                return lowered.withUnsafeBufferPointer { splitWords($0, table: TokenScanner.identity, flags: separatorFlags, body) }
            }
        }
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int, hash: UInt64)] = []
        exactTokens(text) { token, hash in
            spans.append((bytes.count, token.count, hash))
            bytes.append(contentsOf: token)
        }
        bytes.withUnsafeBufferPointer { bytes in
            let tokens = spans.map { span in
                let token = UnsafeBufferPointer(rebasing: bytes[span.start ..< span.start + span.count])
                return Token(base: token.baseAddress!, count: span.count, hash: span.hash, head: wordHead(token))
            }
            tokens.withUnsafeBufferPointer(body)
        }
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

    private func asciiChars(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<Token>) -> Void) {
        charTable.withUnsafeBufferPointer { table in
            withUnsafeTemporaryAllocation(of: Token.self, capacity: TokenScanner.batchSize) { batch in
                var count = 0
                for b in text {
                    let c = table.baseAddress! + Int(b)
                    batch.initializeElement(at: count, to: Token(base: c, count: 1, hash: charHashes[Int(b)],
                                                                 head: UInt64(c.pointee)))
                    count += 1
                    if count == TokenScanner.batchSize {
                        body(UnsafeBufferPointer(batch))
                        count = 0
                    }
                }
                if count > 0 { body(UnsafeBufferPointer(rebasing: batch[0 ..< count])) }
            }
        }
    }

    /// Maps the text through `table` into a copy while marking separators (bytes with
    /// `flags` 1) in a 64-bit mask per block of 64 bytes; tokens are then the runs of
    /// unmarked bytes, found with bit counts rather than a branch per byte.
    private func splitWords(_ text: UnsafeBufferPointer<UInt8>, table: [UInt8], flags: [UInt8],
                            _ body: (UnsafeBufferPointer<Token>) -> Void) {
        let n = text.count
        table.withUnsafeBufferPointer { lowered in
            flags.withUnsafeBufferPointer { flags in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n + 8) { scratch in
                    withUnsafeTemporaryAllocation(of: Token.self, capacity: TokenScanner.batchSize) { batch in
                        let out = scratch.baseAddress!
                        var count = 0
                        func emit(_ start: Int, _ end: Int) {
                            let (hash, head) = WordHash.hashPadded(out + start, count: end - start)
                            batch.initializeElement(at: count, to: Token(base: out + start, count: end - start,
                                                                         hash: hash, head: head))
                            count += 1
                            if count == TokenScanner.batchSize {
                                body(UnsafeBufferPointer(batch))
                                count = 0
                            }
                        }
                        var pending = -1
                        var block = 0
                        while block < n {
                            let length = min(64, n - block)
                            var separators: UInt64 = length < 64 ? ~0 << UInt64(length) : 0
                            for k in 0 ..< length {
                                let b = Int(text[block + k])
                                out[block + k] = lowered[b]
                                separators |= UInt64(flags[b]) &<< UInt64(k)
                            }
                            var bit = 0
                            if pending >= 0 {
                                if separators == 0 {
                                    block += 64
                                    continue
                                }
                                bit = separators.trailingZeroBitCount
                                emit(pending, block + bit)
                                pending = -1
                            }
                            while bit < 64 {
                                let words = ~separators &>> UInt64(bit)
                                if words == 0 { break }
                                let start = bit + words.trailingZeroBitCount
                                let rest = separators &>> UInt64(start)
                                if rest == 0 {
                                    pending = block + start
                                    break
                                }
                                bit = start + rest.trailingZeroBitCount
                                emit(block + start, block + bit)
                            }
                            block += 64
                        }
                        if pending >= 0 { emit(pending, n) }
                        if count > 0 { body(UnsafeBufferPointer(rebasing: batch[0 ..< count])) }
                    }
                }
            }
        }
    }

    /// The exact path for any text: lowercase, replace filters by the separator, split on it.
    func exactTokens(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
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
                isSeparator = separatorFlags[Int(b)] == 1
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
            let isFilter = scalar.isASCII ? separatorFlags[Int(scalar.value)] == 1
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
