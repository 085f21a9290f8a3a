/// Python 3 `str.lower()` on UTF-8 bytes: full Unicode lowercase mappings (so 'İ' becomes
/// "i̇") plus the Final_Sigma rule (capital sigma at the end of a cased word becomes 'ς').
enum PythonLowercase {
    /// Decodes valid UTF-8 into scalars.
    static func scalars(_ bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { result.append(scalar) }
        return result
    }

    /// Appends the lowercase of `scalars[i]` to `out`, as UTF-8.
    static func appendLowered(_ scalars: [Unicode.Scalar], at i: Int, to out: inout [UInt8]) {
        let scalar = scalars[i]
        if scalar.isASCII {
            let b = UInt8(scalar.value)
            out.append(b >= 65 && b <= 90 ? b | 0x20 : b)
        } else if scalar.value == 0x3A3 {
            appendUTF8(isFinalSigma(scalars, at: i) ? "\u{3C2}" : "\u{3C3}", to: &out)
        } else if scalar.properties.changesWhenLowercased {
            out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
        } else {
            appendUTF8(scalar, to: &out)
        }
    }

    /// Appends one scalar's UTF-8 bytes.
    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }

    /// Python's rule: cased, case-ignorable*, Σ, not followed by case-ignorable* then cased.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && scalars[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && scalars[j].properties.isCased else { return false }
        j = i + 1
        while j < scalars.count && scalars[j].properties.isCaseIgnorable { j += 1 }
        return j == scalars.count || !scalars[j].properties.isCased
    }
}
