/// Python 3 `str.lower()` on valid UTF-8: full Unicode lowercase mappings (so 'İ' becomes
/// "i̇") plus the Final_Sigma rule (capital sigma ending a cased word becomes 'ς').
enum PythonLowercase {
    /// The lowercase of `text` as UTF-8.
    static func lowered(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 16)
        var i = 0
        while i < text.count {
            let b = text[i]
            if b < 0x80 {
                out.append(b >= 65 && b <= 90 ? b | 0x20 : b)
                i += 1
                continue
            }
            let (scalar, length) = decode(text, at: i)
            if scalar.value == 0x3A3 {
                out.append(contentsOf: isFinalSigma(text, at: i) ? [0xCF, 0x82] : [0xCF, 0x83])
            } else if scalar.properties.changesWhenLowercased {
                out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[i ..< i + length]))
            }
            i += length
        }
        return out
    }

    /// The scalar starting at byte `i` of UTF-8 text, and its length in bytes; a sequence cut
    /// short by the end of the text is U+FFFD, one byte long (nothing is read past the end).
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b = UInt32(text[i])
        let needed = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
        guard i + needed <= text.count else { return ("\u{FFFD}", 1) }
        let value: UInt32, length: Int
        if b < 0x80 {
            (value, length) = (b, 1)
        } else if b < 0xE0 {
            (value, length) = ((b & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F), 2)
        } else if b < 0xF0 {
            (value, length) = ((b & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F), 3)
        } else {
            (value, length) = ((b & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12
                | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F), 4)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Python's rule for the capital sigma at byte `i`: preceded by a cased letter (skipping
    /// case-ignorables) and not followed by one (skipping case-ignorables).
    private static func isFinalSigma(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        var j = i
        var before: Unicode.Scalar?
        while j > 0 {
            j -= 1
            while j > 0 && text[j] & 0xC0 == 0x80 { j -= 1 }
            let scalar = decode(text, at: j).0
            if !scalar.properties.isCaseIgnorable { before = scalar; break }
        }
        guard let before, before.properties.isCased else { return false }
        j = i + 2
        while j < text.count {
            let (scalar, length) = decode(text, at: j)
            if !scalar.properties.isCaseIgnorable { return !scalar.properties.isCased }
            j += length
        }
        return true
    }
}
