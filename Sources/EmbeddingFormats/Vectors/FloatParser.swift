import CKernels

/// Decimal text → Float, correctly rounded: the Float `strtof` gives in the C locale, whatever
/// the process's locale.
///
/// Accepted: `[+-]digits[.digits][(e|E)[+-]digits]` (digits on either side of the point), and
/// `inf`, `infinity`, `nan`, `nan(chars)` in any case, signed or not. Hexadecimal floats are not.
///
/// A value `w × 10^q` is computed in Double: `w`, `10^q` and their product are each rounded at
/// most once (no division: it takes several times as long), so the Double is within 3.1 units
/// of its last place of the true value. Float keeps 24 of Double's 53 bits; unless the 29
/// dropped bits are within 8 units of one half (a Float halfway point may then lie between the
/// Double and the true value), rounding the Double to Float gives the Float nearest the true
/// value, which is what `strtof` returns. The rare rest, and results below Float's normal
/// range, go to `LongDecimal`. This is Clinger's fast path widened by an error bound, which for
/// Float's 24 bits leaves almost nothing to the slow path; Eisel–Lemire's 128-bit products are
/// what Double results need. The same fast path in C (`embsh_decimal`, `embsh_decimals`) reads
/// the numbers it can decide; this one the few it leaves (infinite results among them).
enum FloatParser {
    /// 10^-64 … 10^64, each the Double nearest it (exact from 10^0 to 10^22). Literals, so that
    /// the table is static data rather than set up on first use (a check on every call).
    static let powers: [Double] = [
        1e-64, 1e-63, 1e-62, 1e-61, 1e-60, 1e-59, 1e-58, 1e-57, 1e-56, 1e-55, 1e-54, 1e-53,
        1e-52, 1e-51, 1e-50, 1e-49, 1e-48, 1e-47, 1e-46, 1e-45, 1e-44, 1e-43, 1e-42, 1e-41,
        1e-40, 1e-39, 1e-38, 1e-37, 1e-36, 1e-35, 1e-34, 1e-33, 1e-32, 1e-31, 1e-30, 1e-29,
        1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23, 1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17,
        1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5,
        1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
        1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43,
        1e44, 1e45, 1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55,
        1e56, 1e57, 1e58, 1e59, 1e60, 1e61, 1e62, 1e63, 1e64,
    ]

    /// Parses `p[start..<end]` entirely; nil if it is not a number.
    static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Float? {
        if let (value, stop) = number(p, start, end), stop == end { return value }
        return word(p, start, end)
    }

    /// The decimal number that starts at `start` and where it stops (at `end` or the first byte
    /// that cannot continue it); nil without a digit, or with an exponent mark without digits.
    @inline(__always)
    static func number(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (value: Float, end: Int)? {
        var fast: Float = 0
        let taken = start < end ? embsh_decimal(p + start, end - start, &fast) : 0
        if taken > 0 { return (fast, start + taken) }
        var i = start
        guard i < end else { return nil }
        let negative = p[i] == 45
        if negative || p[i] == 43 { i += 1 }
        let digitsStart = i
        var mantissa: UInt64 = 0
        // The integer part is mostly one digit (embeddings are small): no need for eight at a time.
        while i < end, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            i += 1
        }
        var digits = i - digitsStart
        var exp10 = 0
        if i < end, p[i] == 46 {
            i += 1
            let fractionStart = i
            readDigits(p, &i, end, into: &mantissa)
            exp10 = fractionStart - i
            digits += i - fractionStart
        }
        guard digits > 0 else { return nil }
        if i < end, p[i] | 0x20 == 101 {
            i += 1
            var exponentNegative = false
            if i < end, p[i] == 45 || p[i] == 43 { exponentNegative = p[i] == 45; i += 1 }
            let exponentStart = i
            var e = 0
            while i < end, p[i] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
                i += 1
            }
            guard i > exponentStart else { return nil }
            exp10 += exponentNegative ? -e : e
        }
        // At most 18 digits, leading zeros included, fit an Int64 (whose conversion is one instruction).
        if digits <= 18, let magnitude = float(mantissa, exp10) { return (negative ? -magnitude : magnitude, i) }
        guard let value = LongDecimal.parse(p, start, i) else { return nil }
        return (value, i)
    }

    /// Appends the decimal digits at `i` to `mantissa` (wrapping past 19 digits: callers count
    /// them and take at most 18) and moves `i` past them. Eight bytes at a time while eight
    /// remain before `end`: a loop per digit would mispredict its exit once per number.
    @inline(__always)
    static func readDigits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, into mantissa: inout UInt64) {
        while end - i >= 8 {
            // Byte k (the k-th character) minus "0": a digit leaves 0…9. A byte flags a non-digit
            // by its high bit: set when it was below "0" (the subtraction wrapped) or, after
            // adding 0x76, above "9". Carries and borrows only reach the bytes after a non-digit.
            let chunk = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self).littleEndian &- 0x3030_3030_3030_3030
            let flags = (chunk &+ 0x7676_7676_7676_7676 | chunk) & 0x8080_8080_8080_8080
            let n = flags.trailingZeroBitCount >> 3
            guard n > 0 else { return }
            mantissa = mantissa &* smallPowers.withUnsafeBufferPointer { $0[n] } &+ eightDigits(chunk &<< UInt64(64 - 8 * n))
            i += n
            if n < 8 { return }
        }
        while i < end, p[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            i += 1
        }
    }

    /// 10^0 … 10^8.
    static let smallPowers: [UInt64] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// The number written by eight digit values 0…9, the first in the lowest byte: adjacent
    /// digits, then pairs, then fours are combined in place, each lane wide enough for its sum.
    @inline(__always)
    static func eightDigits(_ chunk: UInt64) -> UInt64 {
        let pairs = (chunk &* 10 &+ chunk >> 8) & 0x00FF_00FF_00FF_00FF
        let fours = (pairs &* 100 &+ pairs >> 16) & 0x0000_FFFF_0000_FFFF
        return (fours &* 10000 &+ fours >> 32) & 0xFFFF_FFFF
    }

    /// `mantissa × 10^exp10` rounded to Float, or nil when the Double computed for it cannot tell
    /// (see the type's comment). `mantissa`, below 10^18, may be cut short by up to one unit:
    /// its 18 digits then make that error below 2^-56, inside the margin.
    @inline(__always)
    static func float(_ mantissa: UInt64, _ exp10: Int) -> Float? {
        if mantissa == 0 { return 0 }
        guard exp10 >= -64, exp10 <= 64 else { return nil }
        let d = Double(Int64(bitPattern: mantissa)) * powers.withUnsafeBufferPointer { $0[exp10 + 64] }
        let fromHalf = Int(d.bitPattern & 0x1FFF_FFFF) - 0x1000_0000
        guard fromHalf > 8 || fromHalf < -8, d >= 0x1p-126 else { return nil }
        return Float(d)
    }

    /// `inf`, `infinity`, `nan` or `nan(` letters, digits and `_` `)`, in any case, signed or not.
    static func word(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Float? {
        guard start < end else { return nil }
        let negative = p[start] == 45
        let i = negative || p[start] == 43 ? start + 1 : start
        func matches(_ word: StaticString) -> Bool {
            end - i >= word.utf8CodeUnitCount && (0..<word.utf8CodeUnitCount).allSatisfy { p[i + $0] | 0x20 == word.utf8Start[$0] }
        }
        if end - i == 3 && matches("inf") || end - i == 8 && matches("infinity") { return negative ? -.infinity : .infinity }
        guard matches("nan") else { return nil }
        let nan: Float = negative ? -.nan : .nan
        if end - i == 3 { return nan }
        guard end - i >= 5, p[i + 3] == 40, p[end - 1] == 41 else { return nil }
        for k in i + 4 ..< end - 1 {
            let c = p[k]
            guard c &- 48 < 10 || (c | 0x20) &- 97 < 26 || c == 95 else { return nil }
        }
        return nan
    }
}

/// What `FloatParser.number` leaves: more than 18 digits, results below Float's normal range,
/// exponents beyond ±64 and Doubles too close to a Float halfway point.
enum LongDecimal {
    /// `p[start..<end]`, a number `FloatParser.number` scanned. Its first 18 significant digits
    /// (the rest only moves the value by less than the margin `FloatParser.float` allows) go to
    /// `FloatParser.float`; what it cannot tell, the standard library's parser reads, correctly
    /// rounded and without regard to the locale.
    static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Float? {
        var i = start
        let negative = p[i] == 45
        if negative || p[i] == 43 { i += 1 }
        var mantissa: UInt64 = 0
        var kept = 0, exp10 = 0
        var fraction = false
        while i < end, p[i] | 0x20 != 101 {
            let c = p[i]
            i += 1
            if c == 46 { fraction = true; continue }
            if kept < 18 {
                if mantissa == 0, c == 48 { exp10 -= fraction ? 1 : 0; continue }
                mantissa = mantissa * 10 + UInt64(c - 48)
                kept += 1
                exp10 -= fraction ? 1 : 0
            } else if !fraction {
                exp10 += 1
            }
        }
        if i < end {
            i += 1
            let exponentNegative = p[i] == 45
            if exponentNegative || p[i] == 43 { i += 1 }
            var e = 0
            while i < end {
                if e < 1 << 40 { e = e * 10 + Int(p[i] - 48) }
                i += 1
            }
            exp10 += exponentNegative ? -e : e
        }
        let sign: Float = negative ? -1 : 1
        if mantissa == 0 || exp10 < -84 { return sign * 0 }
        if exp10 > 64 { return sign * .infinity }
        if let magnitude = FloatParser.float(mantissa, exp10) { return sign * magnitude }
        return Float(String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self))
    }
}
