#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers for text vector files. Positions are offsets from `p`.
///
/// Nothing here allocates per token: a line of any length is scanned in place.
enum TextScan {
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 }

    /// The UTF-8 byte-order mark some editors put at the start of a text file.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` without a leading byte-order mark.
    static func droppingByteOrderMark(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        bytes.starts(with: byteOrderMark) ? UnsafeRawBufferPointer(rebasing: bytes.dropFirst(byteOrderMark.count)) : bytes
    }

    /// How much of a file's start, and of each of its first lines, is looked at to recognise its
    /// format and a headerless file's dimension.
    static let sampleBytes = 1 << 20

    /// The longest line a text vector file of `dim` values may hold: 64 bytes per value (the
    /// longest decimal forms of a float take about 25) plus 64 KiB for the word. A longer line is
    /// an error naming it (or, in detection, the sign of a binary file).
    static func maxLineBytes(dim: Int) -> Int {
        let (values, overflow) = dim.multipliedReportingOverflow(by: 64)
        return overflow || values > Int.max - (1 << 16) ? Int.max : values + (1 << 16)
    }

    /// Offset of the next `\n` at or after `from`, or `end`.
    @inline(__always)
    static func lineEnd(_ p: UnsafePointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        if from >= end { return end }
        guard let hit = memchr(p + from, 10, end - from) else { return end }
        return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - p
    }

    /// Lines in `range` that hold more than spaces, tabs and `\r` (a last line without `\n`
    /// counts too), counting at most `limit`: an upper bound on the vectors they hold.
    static func contentLineCount(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, limit: Int?) -> Int {
        var n = 0
        var s = range.lowerBound
        let most = limit ?? Int.max
        while s < range.upperBound, n < most {
            let c = p[s]
            if c == 10 { s += 1; continue }
            if isSpace(c) || c == 13 { s += 1; continue }
            s = lineEnd(p, s, range.upperBound) + 1
            n += 1
        }
        return n
    }

    /// End of the line content without trailing `\r`, spaces and tabs.
    @inline(__always)
    static func trimEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start, p[e - 1] == 13 || p[e - 1] == 32 || p[e - 1] == 9 { e -= 1 }
        return e
    }

    /// The whitespace-separated tokens of a line, one at a time.
    struct Tokens: Sequence, IteratorProtocol {
        let p: UnsafePointer<UInt8>
        var position: Int
        let end: Int

        init(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
            self.p = p
            position = start
            self.end = TextScan.trimEnd(p, start, end)
        }

        mutating func next() -> Range<Int>? {
            while position < end, TextScan.isSpace(p[position]) { position += 1 }
            guard position < end else { return nil }
            let start = position
            while position < end, !TextScan.isSpace(p[position]) { position += 1 }
            return start..<position
        }
    }

    /// How many tokens a line holds, and how many of them, counted from the end, are numbers.
    struct LineShape: Equatable {
        var tokens = 0
        var trailingNumbers = 0

        /// The number of values of a GloVe line: its trailing numbers, leaving at least one token
        /// for the word (which may hold spaces, or be a number itself).
        var gloveDimension: Int { Swift.min(trailingNumbers, tokens - 1) }
    }

    static func shape(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> LineShape {
        var shape = LineShape()
        for t in Tokens(p, start, end) {
            shape.tokens += 1
            shape.trailingNumbers = FloatParser.parse(p, t.lowerBound, t.upperBound) == nil ? 0 : shape.trailingNumbers + 1
        }
        return shape
    }

    /// `N D` with two integers, a count ≥ 0 and a dimension > 0, else nil.
    static func parseHeader(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (count: Int, dim: Int)? {
        var t = Tokens(p, start, end)
        guard let first = t.next(), let second = t.next(), t.next() == nil,
              let n = parseInt(p, first), let d = parseInt(p, second), d > 0 else { return nil }
        return (n, d)
    }

    /// Whether a first line was meant as a `N D` header, valid or not: two integers, signs allowed
    /// (a GloVe line has a word and its numbers).
    static func looksLikeHeader(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var t = Tokens(p, start, end)
        guard let first = t.next(), let second = t.next(), t.next() == nil else { return false }
        return [first, second].allSatisfy { r in
            let digits = p[r.lowerBound] == 45 || p[r.lowerBound] == 43 ? r.dropFirst() : r[...]
            return !digits.isEmpty && digits.allSatisfy { p[$0] >= 48 && p[$0] <= 57 }
        }
    }

    /// A non-negative decimal integer of at most 18 digits (so that it fits an `Int`), else nil.
    static func parseInt(_ p: UnsafePointer<UInt8>, _ r: Range<Int>) -> Int? {
        guard r.count > 0, r.count <= 18 else { return nil }
        var v = 0
        for i in r {
            let c = p[i]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// Whether a line after a `count dim` header is a text vector: a word followed by numbers (any
    /// count, so the reader can report a wrong one), or a word with spaces (whose last piece is not
    /// a number) followed by `dim` numbers.
    static func looksLikeTextVector(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, dim: Int) -> Bool {
        let line = shape(p, start, end)
        guard line.tokens >= 2, line.trailingNumbers >= line.tokens - 1 || line.trailingNumbers == dim else { return false }
        // Text lines hold no control bytes.
        for i in start..<end where p[i] < 32 && p[i] != 9 && p[i] != 13 { return false }
        return true
    }

    /// Whether a line holds one or more numbers and nothing else.
    static func isNumberLine(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let line = shape(p, start, end)
        return line.tokens > 0 && line.trailingNumbers == line.tokens
    }

    static func string(_ p: UnsafePointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: p + r.lowerBound, count: r.count), as: UTF8.self)
    }

    /// Decodes UTF-8, reporting whether the bytes were valid (invalid sequences become U+FFFD).
    static func decodeWord(_ p: UnsafePointer<UInt8>, _ r: Range<Int>) -> (String, valid: Bool) {
        var ascii = true
        for i in r where p[i] >= 0x80 { ascii = false; break }
        let s = string(p, r)
        if ascii { return (s, true) }
        var valid = true
        var it = UnsafeBufferPointer(start: p + r.lowerBound, count: r.count).makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue: continue
            case .emptyInput: break loop
            case .error: valid = false; break loop
            }
        }
        return (s, valid)
    }
}

/// Finds NaN and infinity in float32 runs without a branch per value.
enum FiniteCheck {
    /// Index of the first NaN or infinite value of `values[0..<count]`, or nil.
    @inline(__always)
    static func firstNonFinite(_ values: UnsafePointer<Float>, _ count: Int) -> Int? {
        // A value is not finite when its exponent bits are all ones: the largest masked
        // exponent tells, in a loop the compiler vectorizes.
        let bits = UnsafeRawPointer(values).assumingMemoryBound(to: UInt32.self)
        var largest: UInt32 = 0
        for j in 0..<count { largest = Swift.max(largest, bits[j] & 0x7F80_0000) }
        guard largest == 0x7F80_0000 else { return nil }
        return (0..<count).first { !values[$0].isFinite }
    }
}
