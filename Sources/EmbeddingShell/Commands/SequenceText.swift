import EmbeddingKit

/// Index sequences as the shell writes them: `1,2,3`, `[1,2,3]`, `[]`.
enum SequenceText {
    /// `[1, 2, 3]`.
    static func format(_ sequence: [Int]) -> String {
        "[" + sequence.map(String.init).joined(separator: ", ") + "]"
    }

    static func json(_ sequences: [[Int]]) -> JSON {
        .array(sequences.map { .array($0.map { .int($0) }) })
    }

    /// One sequence from one argument; errors point at it.
    static func parse(_ token: Token) throws(ShellError) -> [Int] {
        var text = Substring(token.text)
        if text.hasPrefix("[") && text.hasSuffix("]") && text.count >= 2 { text = text.dropFirst().dropLast() }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
        if parts == [""] { return [] }
        var sequence: [Int] = []
        for part in parts {
            guard let value = Int(part) else {
                throw .message("'\(token.text)' is not a sequence: write integers separated by commas, like 1,2,3 (empty: [])",
                               offset: token.offset)
            }
            sequence.append(value)
        }
        return sequence
    }

    /// Arguments of `detokenize`: plain integers together form one sequence; when any
    /// argument is written with commas or brackets, each argument is its own sequence.
    static func parseArguments(_ tokens: [Token]) throws(ShellError) -> [[Int]] {
        let listed = tokens.contains { $0.text.contains(",") || $0.text.contains("[") }
        if listed { return try tokens.map { token throws(ShellError) in try parse(token) } }
        var sequence: [Int] = []
        for token in tokens { sequence += try parse(token) }
        return [sequence]
    }
}

extension Substring {
    func trimmingBlanks() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// The `maxlen`, `padding`, `truncating` and `value` options (Keras `pad_sequences`) of
/// `tokenize`, `pad` and `train`, declared once.
enum PaddingOptions {
    static let maxlen = Option.int("maxlen", 0...SequenceLimits.maxLength, help: "length of every sequence (default: the longest)")
    static let padding = Option.choice("padding", default: Padding.pre, help: "where padding goes")
    static let truncating = Option.choice("truncating", default: Truncating.pre, help: "which end is cut from longer sequences")
    static let value = Option.int("value", Int(Int32.min)...Int(Int32.max), default: 0, help: "the padding value")
    static let all: [any OptionDeclaration] = [maxlen, padding, truncating, value]

    /// Whether any padding option was given.
    static func requested(_ arguments: Arguments) -> Bool {
        all.contains { arguments.token(of: $0) != nil }
    }

    static func pad(_ sequences: [[Int]], _ arguments: Arguments) throws -> [[Int]] {
        try padSequences(sequences, maxlen: arguments[maxlen], padding: arguments[padding], truncating: arguments[truncating],
                         value: arguments[value])
    }
}
