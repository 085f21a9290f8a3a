/// Text as Python's `json.dumps` writes it with its defaults, so files written here are the
/// bytes Keras writes: `", "` and `": "` separators, and every character outside ' '…'~'
/// escaped (`ensure_ascii`), astral ones as surrogate pairs.
enum PythonJSON {
    static func string(_ text: String) -> String {
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
            default:
                if scalar.value > 0xFFFF {
                    let v = scalar.value - 0x10000
                    out += escape(0xD800 + (v >> 10)) + escape(0xDC00 + (v & 0x3FF))
                } else {
                    out += escape(scalar.value)
                }
            }
        }
        return out + "\""
    }

    private static func escape(_ code: UInt32) -> String {
        let hex = String(code, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// An object of already written values: `{"a": 1, "b": "x"}`.
    static func object(_ members: [(key: String, value: String)]) -> String {
        "{" + members.map { string($0.key) + ": " + $0.value }.joined(separator: ", ") + "}"
    }
}
