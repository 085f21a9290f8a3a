import EmbeddingKit

/// The terms of a query such as `king - man + woman` or `king + [0.1,0.2,0.3]`, read from the
/// command's tokens: a quoted token is one word whatever it holds (`"new york"`, `"-ing"`), an
/// unquoted `+` or `-` signs the term after it, an unquoted word may carry its own sign
/// (`-man`), and an unquoted `[…]` is a raw vector (`VectorLiteral`).
enum QueryTokens {
    /// The terms, each with the token it starts at (for carets) and its sign.
    static func terms(_ tokens: [Token]) throws(ShellError) -> [(item: QueryItem, token: Token, sign: Float)] {
        var terms: [(item: QueryItem, token: Token, sign: Float)] = []
        var pending: (sign: Float, token: Token)?
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            if !token.wasQuoted, token.text == "+" || token.text == "-" {
                if pending != nil { throw .message("invalid query: two operators in a row", offset: token.offset) }
                pending = (token.text == "+" ? 1 : -1, token)
                i += 1
                continue
            }
            var sign = pending?.sign ?? 1
            var signed = 0
            if !token.wasQuoted, token.text.count > 1, let first = token.text.first, first == "+" || first == "-" {
                sign *= first == "+" ? 1 : -1
                signed = 1
            }
            pending = nil
            let text = String(token.text.dropFirst(signed))
            if !token.wasQuoted, VectorLiteral.opens(text) {
                let literal = try VectorLiteral.read(tokens, from: i, dropping: signed)
                terms.append((.vector(literal.vector), token, sign))
                i = literal.next
            } else {
                terms.append((.word(text), Token(text: text, offset: token.offset + signed, wasQuoted: token.wasQuoted), sign))
                i += 1
            }
        }
        if let pending { throw .message("invalid query: an operator without a word after it", offset: pending.token.offset) }
        return terms
    }


    /// Throws, pointing at it, for the first vector whose length is not `dim`.
    static func checkLengths(_ terms: [(item: QueryItem, token: Token, sign: Float)], dim: Int) throws(ShellError) {
        for term in terms {
            if case .vector(let vector) = term.item, vector.count != dim {
                throw .message(EmbeddingError.dimensionMismatch(expected: dim, got: vector.count).description, offset: term.token.offset)
            }
        }
    }

    /// `weights=`: one weight per term, multiplied by the term's sign (gensim's `(key, weight)` pairs).
    static let weights = Option.text("weights", help: "one weight per term, like 1,0.5,2 (default 1 each; a - sign negates it)")

    /// The terms as query items weighted by their sign and `weights=` (1 each when not given).
    static func weighted(_ terms: [(item: QueryItem, token: Token, sign: Float)], _ arguments: Arguments) throws(ShellError) -> [WeightedItem] {
        guard let text = arguments[weights], let token = arguments.token(of: weights) else { return terms.map { ($0.item, $0.sign) } }
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Float($0.trimmingBlanks()) }
        guard values.allSatisfy({ $0?.isFinite == true }) else {
            throw .message("weights must be numbers separated by commas, like 1,0.5,2", offset: token.offset)
        }
        guard values.count == terms.count else {
            throw .message("\(values.count) weight\(values.count == 1 ? "" : "s") for \(terms.count) term\(terms.count == 1 ? "" : "s")",
                           offset: token.offset)
        }
        return zip(terms, values).map { ($0.item, $0.sign * $1!) }
    }
}
