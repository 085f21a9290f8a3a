/// A command's words bound to its declaration and validated: positionals by name, options
/// by key with their defaults. Typed accessors never fail for declared names, because
/// binding already checked every value.
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
        while let token = rest.first {
            if takesRest, words.count >= spec.positionals.count - 1 { break }
            rest = rest.dropFirst()
            guard let (key, value) = try Self.option(token, of: spec) else {
                words.append(token)
                continue
            }
            guard let option = spec.option(key) else {
                throw .unknownOption(command: spec.name, key: key, valid: spec.options.map(\.key), offset: token.offset)
            }
            if options[key] != nil {
                throw .usage(command: spec.name, message: "option '\(key)' given twice", offset: token.offset)
            }
            guard option.kind.accepts(value) else {
                throw .badValue(command: spec.name, option: key, token: value, expected: option.kind.expectation,
                                offset: token.offset + key.count + 1)
            }
            options[key] = token
            values[key] = value
        }
        self.optionTokens = options
        self.optionValues = values
        self.positionalTokens = try Self.assign(words: words, rest: Array(rest), to: spec)
    }

    /// The key and value an option word gives: `key=value`, or `--KEY` for a switch (`KEY=true`).
    /// `--KEY` for an option that takes a value is a usage error rather than a positional word.
    private static func option(_ token: Token, of spec: CommandSpec) throws(ShellError) -> (key: String, value: String)? {
        if let option = token.option { return option }
        guard !token.wasQuoted, token.text.hasPrefix("--"), let option = spec.option(String(token.text.dropFirst(2))) else {
            return nil
        }
        guard option.isSwitch else {
            throw .usage(command: spec.name, message: "\(spec.name): write \(option.key)=\(option.kind.placeholder), not \(token.text)",
                         offset: token.offset)
        }
        return (option.key, "true")
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
            let taken = Array(words[index..<(index + take)]) + (positional.arity == .rest ? rest : [])
            index += take
            if taken.isEmpty, positional.arity == .one || positional.arity == .many {
                throw .usage(command: spec.name, message: "\(spec.name): missing \(positional.name)", offset: nil)
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

    /// The tokens bound to a positional.
    public func tokens(_ name: String) -> [Token] { positionalTokens[name] ?? [] }

    /// The single word bound to a positional, or nil when an optional one is absent.
    public func positional(_ name: String) -> String? { positionalTokens[name]?.first?.text }

    /// All words bound to a variadic positional.
    public func positionals(_ name: String) -> [String] { tokens(name).map(\.text) }

    /// Whether the user typed the option.
    public func has(_ key: String) -> Bool { optionTokens[key] != nil }

    /// The option's token as typed, for carets.
    public func optionToken(_ key: String) -> Token? { optionTokens[key] }

    /// The option's value as typed, else its declared default.
    public func string(_ key: String) -> String? {
        optionValues[key] ?? spec.option(key)?.defaultValue
    }

    public func int(_ key: String) -> Int? { string(key).flatMap { Int($0) } }
    public func double(_ key: String) -> Double? { string(key).flatMap { Double($0) } }
    public func bool(_ key: String) -> Bool? { string(key).flatMap(parseBool) }

    /// A closed choice as its enum.
    public func choice<E: RawRepresentable>(_ key: String, as: E.Type = E.self) -> E? where E.RawValue == String {
        string(key).flatMap(E.init(rawValue:))
    }

    /// Offset of the first word that equals `text` (for carets under e.g. an unknown word).
    public func offset(of text: String) -> Int? {
        (positionalTokens.values.flatMap { $0 } + optionTokens.values).filter { $0.text == text }.map(\.offset).min()
    }
}
