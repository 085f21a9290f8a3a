/// A command's words bound to its declaration and validated. Handlers read them through the
/// typed declarations (`arguments[option]`, `arguments[positional]`), which cannot fail:
/// binding already checked every value against its type and range.
public struct Arguments: Sendable {
    public let spec: CommandSpec
    /// The command line as typed (after continuation lines were joined).
    public let line: String
    private let positionalTokens: [String: [Token]]
    private let optionTokens: [String: Token]
    private let optionValues: [String: String]

    /// Binds `tokens` (the command word first) to `spec`, or throws a usage error.
    init(spec: CommandSpec, tokens: [Token], line: String) throws(ShellError) {
        self.spec = spec
        self.line = line
        var words: [Token] = []
        var options: [String: Token] = [:]
        var values: [String: String] = [:]
        var rest = tokens.dropFirst()
        let takesRest = spec.positionals.last?.arity == .rest
        // Words inside parentheses belong to the word that opened them (a layer's Keras keyword
        // arguments, `dense(16, activation=relu)`), never to the command's options.
        var parentheses = 0
        while let token = rest.first {
            if takesRest, words.count >= spec.positionals.count - 1 { break }
            rest = rest.dropFirst()
            let inside = parentheses > 0
            parentheses = max(0, parentheses + token.text.filter { $0 == "(" }.count - token.text.filter { $0 == ")" }.count)
            guard !inside, let (option, value) = try Self.option(token, of: spec) else {
                words.append(token)
                continue
            }
            if options[option.key] != nil {
                throw .usage(command: spec.name, message: "option '\(option.key)' given twice", offset: token.offset)
            }
            guard option.kind.accepts(value) else {
                throw .badValue(command: spec.name, option: option.key, token: value, expected: option.kind.expectation,
                                offset: token.offset + (token.optionKeyLength.map { $0 + 1 } ?? 0))
            }
            options[option.key] = token
            values[option.key] = option.kind == .path ? expandingHome(value, quoted: token.wasQuoted) : value
        }
        for option in spec.options where option.isRequired && values[option.key] == nil {
            throw .usage(command: spec.name, message: "\(spec.name): missing \(option.key)=\(option.kind.placeholder)"
                         + Self.hint(for: option, words: words, spec: spec), offset: nil)
        }
        self.optionTokens = options
        self.optionValues = values
        self.positionalTokens = try Self.assign(words: words, rest: Array(rest), to: spec)
    }

    /// The option a word gives and its value, or nil for a positional word: `key=value` for a
    /// declared key or one of its aliases, or `--KEY` for a switch. Any other unquoted word that
    /// looks like an option (`key=…`, `--word`) is an error with a suggestion, never data; a
    /// quoted one is data.
    private static func option(_ token: Token, of spec: CommandSpec) throws(ShellError) -> (OptionSpec, String)? {
        if let (key, value) = token.option {
            if let option = spec.option(key) { return (option, value) }
            if let (option, alias) = spec.option(aliased: key) {
                guard let translated = alias.translate(value) else {
                    throw .badValue(command: spec.name, option: key, token: value, expected: alias.expectation ?? option.kind.expectation,
                                    offset: token.offset + key.count + 1)
                }
                return (option, translated)
            }
            throw unknown(key, in: spec, offset: token.offset)
        }
        guard !token.wasQuoted, token.text.hasPrefix("--"), let first = token.text.dropFirst(2).first, Lexer.isKeyStart(first) else {
            return nil
        }
        let written = token.text.dropFirst(2)
        let key = String(written.prefix { $0 != "=" })
        let option = spec.option(key) ?? spec.option(aliased: key)?.option
        if let option, option.isSwitch, !written.contains("=") { return (option, "true") }
        if let option {
            let value = written.contains("=") ? String(written.drop { $0 != "=" }.dropFirst()) : option.kind.placeholder
            throw .usage(command: spec.name, message: "\(spec.name): write \(option.key)=\(value), not \(token.text)", offset: token.offset)
        }
        throw unknown(token.text, in: spec, offset: token.offset)
    }

    /// The error for an option word `written` that `spec` does not declare, suggesting the closest one.
    private static func unknown(_ written: String, in spec: CommandSpec, offset: Int) -> ShellError {
        let dashes = written.hasPrefix("--")
        let key = dashes ? String(written.dropFirst(2).prefix { $0 != "=" }) : written
        let names = spec.options.flatMap { [$0.key] + $0.aliases.map(\.name) }
        let suggestion = closestMatch(to: key, among: names).map { name -> String in
            guard let option = spec.option(name) ?? spec.option(aliased: name)?.option else { return name }
            return option.isSwitch && dashes ? "--" + name : name + "="
        }
        return .unknownOption(command: spec.name, key: written, valid: spec.options.map(\.key), suggestion: suggestion, offset: offset)
    }

    /// For a missing required option: when a bare word stands where it belongs (`word2vec w
    /// corpus.txt`), the hint to write it as the option.
    private static func hint(for option: OptionSpec, words: [Token], spec: CommandSpec) -> String {
        guard spec.positionals.allSatisfy({ $0.arity == .one || $0.arity == .optional }),
              let stray = words.dropFirst(spec.positionals.count).first else { return "" }
        return " (did you mean \(option.key)=\(stray.text)?)"
    }

    private static func assign(words: [Token], rest: [Token], to spec: CommandSpec) throws(ShellError) -> [String: [Token]] {
        var bound: [String: [Token]] = [:]
        var index = 0
        for (position, positional) in spec.positionals.enumerated() {
            let laterRequired = spec.positionals[(position + 1)...].filter { $0.arity == .one || $0.arity == .many }.count
            let available = max(words.count - index - laterRequired, 0)
            let take: Int
            switch positional.arity {
            case .one: take = min(1, words.count - index)
            case .optional: take = min(1, available)
            case .many, .any: take = available
            case .rest: take = words.count - index
            }
            var taken = Array(words[index..<(index + take)]) + (positional.arity == .rest ? rest : [])
            if positional.kind == .path {
                for i in taken.indices { taken[i].text = expandingHome(taken[i].text, quoted: taken[i].wasQuoted) }
            }
            index += take
            if taken.isEmpty, positional.arity == .one || positional.arity == .many {
                throw .missingArgument(command: spec.name, name: positional.name)
            }
            for token in taken where positional.arity != .rest && !positional.kind.accepts(token.text) {
                throw .badValue(command: spec.name, option: positional.name, token: token.text,
                                expected: positional.kind.expectation, offset: token.offset)
            }
            bound[positional.name] = taken
        }
        if index < words.count {
            let extra = words[index]
            throw .usage(command: spec.name, message: "\(spec.name): unexpected argument '\(extra.text)'", offset: extra.offset)
        }
        return bound
    }

    /// The value of a declared option: what the user typed, or its declared default.
    subscript<Value>(option: Option<Value>) -> Value { option.decode(optionValues[option.spec.key]) }

    /// The value of a declared positional.
    subscript<Value>(positional: Positional<Value>) -> Value { positional.decode(positionalTokens[positional.spec.name] ?? []) }

    /// The word the user typed for `option` (for carets), or nil when it was not given.
    public func token(of option: some OptionDeclaration) -> Token? { optionTokens[option.spec.key] }
}
