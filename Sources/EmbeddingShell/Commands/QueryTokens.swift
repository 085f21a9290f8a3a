import EmbeddingKit

/// The words of a query such as `king - man + woman`, read from the command's tokens: a
/// quoted token is one word whatever it holds (`"new york"`, `"-ing"`), an unquoted `+` or
/// `-` signs the word after it, and an unquoted word may carry its own sign (`-man`).
enum QueryTokens {
    /// The terms, each with the token it came from (for carets) and its sign.
    static func terms(_ tokens: [Token]) throws(ShellError) -> [(word: Token, sign: Float)] {
        var terms: [(word: Token, sign: Float)] = []
        var pending: (sign: Float, token: Token)?
        for token in tokens {
            if !token.wasQuoted, token.text == "+" || token.text == "-" {
                if pending != nil { throw .message("invalid query: two operators in a row", offset: token.offset) }
                pending = (token.text == "+" ? 1 : -1, token)
                continue
            }
            var sign = pending?.sign ?? 1
            var word = token
            if !token.wasQuoted, token.text.count > 1, let first = token.text.first, first == "+" || first == "-" {
                sign *= first == "+" ? 1 : -1
                word = Token(text: String(token.text.dropFirst()), offset: token.offset + 1, wasQuoted: false)
            }
            pending = nil
            terms.append((word, sign))
        }
        if let pending { throw .message("invalid query: an operator without a word after it", offset: pending.token.offset) }
        return terms
    }
}
