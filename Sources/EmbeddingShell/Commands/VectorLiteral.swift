/// Raw vectors as the shell writes them: `[0.1,-0.2,0.3]`, blanks allowed after the commas
/// (`[0.1, -0.2, 0.3]` arrives as several words and is joined back). `mean` prints its result
/// this way, so it can be pasted into a query.
enum VectorLiteral {
    /// Whether an unquoted word opens a literal (a leading sign is the query's).
    static func opens(_ text: String) -> Bool { text.hasPrefix("[") }

    /// The literal that starts at `tokens[start]` and ends at the first word closing it, and the
    /// index after that word. Errors point at the literal.
    static func read(_ tokens: [Token], from start: Int, dropping prefix: Int = 0) throws(ShellError) -> (vector: [Float], next: Int) {
        var text = String(tokens[start].text.dropFirst(prefix)), end = start
        while !text.hasSuffix("]") {
            end += 1
            guard end < tokens.count else {
                throw .message("a vector literal without its closing ']'", offset: tokens[start].offset + prefix)
            }
            text += tokens[end].text
        }
        return (try parse(text, offset: tokens[start].offset + prefix), end + 1)
    }

    /// The numbers of `[x,y,…]`, each a finite number.
    static func parse(_ text: String, offset: Int) throws(ShellError) -> [Float] {
        let inside = text.dropFirst().dropLast()
        var values: [Float] = []
        for part in inside.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Float(part.trimmingBlanks()), value.isFinite else {
                throw .message("'\(text)' is not a vector: write finite numbers separated by commas, like [0.1,-0.2,0.3]",
                               offset: offset)
            }
            values.append(value)
        }
        return values
    }

    /// `[0.1,-0.2,0.3]`: each value written as the shortest text that reads back as the same Float.
    static func format(_ vector: [Float]) -> String {
        "[" + vector.map { "\($0)" }.joined(separator: ",") + "]"
    }
}
