/// One word of a command line, as the lexer found it.
public struct Token: Equatable, Sendable {
    /// The word after quotes and escapes were resolved.
    public var text: String
    /// Character offset of the word's first character in the line (for carets).
    public var offset: Int
    /// Whether any part of the word was quoted; a quoted word is never an option.
    public var wasQuoted: Bool
    /// For an unquoted `key=value` word: the key and the value (quotes in the value resolved).
    public var option: (key: String, value: String)? {
        guard let keyLength = optionKeyLength else { return nil }
        let key = String(text.prefix(keyLength))
        return (key, String(text.dropFirst(keyLength + 1)))
    }
    /// Length of the unquoted `key` before `=`, when the word begins with one.
    var optionKeyLength: Int?

    public init(text: String, offset: Int, wasQuoted: Bool, optionKeyLength: Int? = nil) {
        self.text = text
        self.offset = offset
        self.wasQuoted = wasQuoted
        self.optionKeyLength = optionKeyLength
    }

    public static func == (lhs: Token, rhs: Token) -> Bool {
        lhs.text == rhs.text && lhs.offset == rhs.offset && lhs.wasQuoted == rhs.wasQuoted
            && lhs.optionKeyLength == rhs.optionKeyLength
    }
}

/// Why a line could not be split into words.
public enum LexError: Error, Equatable, Sendable {
    /// A quote opened at `offset` was never closed.
    case unclosedQuote(quote: Character, offset: Int)
}

/// The words of one logical line, or a request for more input.
public enum LexResult: Equatable, Sendable {
    case tokens([Token])
    /// The line ends in an unquoted `\`: join it with the next physical line.
    case needsContinuation
}

/// Splits command lines into words: blanks separate, `"…"` and `'…'` quote (single quotes
/// literally; double quotes with `\"`, `\\`, `\n`, `\t` escapes), `#` outside quotes starts
/// a comment, and a trailing `\` asks for the next line.
public enum Lexer {
    /// `text` as one double-quoted word that lexes back to exactly `text`.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for c in text {
            switch c {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(c)
            }
        }
        return result + "\""
    }

    /// Option keys: `[A-Za-z_][A-Za-z0-9_]*` followed by `=`.
    static func isKeyStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    static func isKeyBody(_ c: Character) -> Bool { isKeyStart(c) || (c.isASCII && c.isNumber) }

    /// Splits `line` into tokens.
    public static func lex(_ line: String) throws(LexError) -> LexResult {
        let chars = Array(line)
        var tokens: [Token] = []
        var i = 0
        while true {
            while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\r" { i += 1 }
            guard i < chars.count else { break }
            if chars[i] == "#" { break }
            if chars[i] == "\\", i == chars.count - 1 { return .needsContinuation }
            let start = i
            var text = ""
            var quoted = false
            var keyLength: Int?
            wordLoop: while i < chars.count {
                let c = chars[i]
                switch c {
                case " ", "\t", "\r":
                    break wordLoop
                case "'":
                    quoted = true
                    guard let close = chars[(i + 1)...].firstIndex(of: "'") else {
                        throw .unclosedQuote(quote: "'", offset: i)
                    }
                    text.append(contentsOf: chars[(i + 1)..<close])
                    i = close + 1
                case "\"":
                    quoted = true
                    let open = i
                    i += 1
                    var closed = false
                    while i < chars.count {
                        let d = chars[i]
                        if d == "\"" { closed = true; i += 1; break }
                        if d == "\\", i + 1 < chars.count {
                            switch chars[i + 1] {
                            case "\"": text.append("\"")
                            case "\\": text.append("\\")
                            case "n": text.append("\n")
                            case "t": text.append("\t")
                            default: text.append("\\"); text.append(chars[i + 1])
                            }
                            i += 2
                            continue
                        }
                        text.append(d)
                        i += 1
                    }
                    if !closed { throw .unclosedQuote(quote: "\"", offset: open) }
                case "\\" where i == chars.count - 1:
                    // A trailing backslash after a word still continues the line.
                    if !text.isEmpty || quoted { tokens.append(Token(text: text, offset: start, wasQuoted: quoted, optionKeyLength: keyLength)) }
                    return .needsContinuation
                case "=" where keyLength == nil && !quoted && i > start
                    && text.count == i - start && isKeyStart(chars[start])
                    && chars[start..<i].allSatisfy(isKeyBody):
                    keyLength = i - start
                    text.append(c)
                    i += 1
                default:
                    text.append(c)
                    i += 1
                }
            }
            let isOption = keyLength != nil
            tokens.append(Token(text: text, offset: start, wasQuoted: quoted && !isOption, optionKeyLength: keyLength))
        }
        return .tokens(tokens)
    }
}
