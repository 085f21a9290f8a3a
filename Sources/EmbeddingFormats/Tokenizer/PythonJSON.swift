/// A string as a JSON text: `"` and `\` escaped, control characters as `\n`, `\t`, … or
/// `\u00XX`, and with `asciiOnly` every character outside ' '…'~' escaped as Python's
/// `json.dumps` does by default (`ensure_ascii`), astral ones as surrogate pairs.
public func jsonQuoted(_ text: String, asciiOnly: Bool = false) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case " " ... "~": out.unicodeScalars.append(scalar)
        case _ where scalar.value >= 0x20 && !asciiOnly: out.unicodeScalars.append(scalar)
        default:
            if scalar.value > 0xFFFF {
                let v = scalar.value - 0x10000
                out += unicodeEscape(0xD800 + (v >> 10)) + unicodeEscape(0xDC00 + (v & 0x3FF))
            } else {
                out += unicodeEscape(scalar.value)
            }
        }
    }
    return out + "\""
}

private func unicodeEscape(_ code: UInt32) -> String {
    let hex = String(code, radix: 16)
    return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
}

/// JSON as Python's `json.dumps` writes it with its defaults, so files written here are the
/// bytes Keras writes: `", "` and `": "` separators and ASCII-only strings.
enum PythonJSON {
    static func string(_ text: String) -> String { jsonQuoted(text, asciiOnly: true) }

    /// An object of already written values: `{"a": 1, "b": "x"}`.
    static func object(_ members: [(key: String, value: String)]) -> String {
        "{" + members.map { string($0.key) + ": " + $0.value }.joined(separator: ", ") + "}"
    }
}
