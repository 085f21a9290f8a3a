/// The kinds of object a session holds.
public enum ObjectKind: String, CaseIterable, Sendable {
    case tokenizer, table, model
    /// A learned phrase model (gensim's Phraser, its FrozenPhrases).
    case phrases = "phraser"
}

/// What Tab offers for an argument or option value.
public enum CompletionSource: Sendable, Equatable {
    case none
    /// Command names.
    case command
    /// Names of session objects, of one kind or any.
    case object(ObjectKind?)
    /// File paths.
    case file
    /// A closed list of values.
    case choices([String])
    /// Words of the object named by the first positional argument, or by `via=` when given.
    case word
    /// Values of the setting named by the first positional argument (`set KEY VALUE`).
    case settingValue
}

/// The type of a value, used to validate it, to show it in usage lines and to complete it.
public enum ValueKind: Sendable, Equatable {
    case text
    case name
    case path
    case int(ClosedRange<Int>)
    case double(ClosedRange<Double>)
    case bool
    case choice([String])
    /// One of `shown` or of `also`, other spellings of theirs that usage lines leave out for width.
    case spelledChoice(shown: [String], also: [String])

    /// Placeholder shown in usage lines (`N`, `X`, `true|false`, `add|mul`).
    var placeholder: String {
        switch self {
        case .text: return "TEXT"
        case .name: return "NAME"
        case .path: return "FILE"
        case .int: return "N"
        case .double: return "X"
        case .bool: return "BOOL"
        case .choice(let values), .spelledChoice(let values, _): return values.joined(separator: "|")
        }
    }

    /// Describes the values accepted, for error messages: "an integer >= 1".
    var expectation: String {
        switch self {
        case .text: return "text"
        case .name: return "a name ([A-Za-z_][A-Za-z0-9_.-]*)"
        case .path: return "a file path"
        case .int(let range): return "an integer" + Self.describe(range.lowerBound, range.upperBound, Int.min, Int.max)
        case .double(let range):
            return "a number" + Self.describe(range.lowerBound, range.upperBound, -Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude)
        case .bool: return "a boolean (true/false/on/off/yes/no/1/0)"
        case .choice(let values): return "one of " + values.joined(separator: ", ")
        case .spelledChoice(let values, let also): return "one of " + (values + also).joined(separator: ", ")
        }
    }

    private static func describe<T: Comparable>(_ low: T, _ high: T, _ min: T, _ max: T) -> String {
        switch (low == min, high == max) {
        case (true, true): return ""
        case (false, true): return " >= \(low)"
        case (true, false): return " <= \(high)"
        case (false, false): return " from \(low) to \(high)"
        }
    }

    /// Whether `text` is acceptable for this kind.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .text, .path: return true
        case .name: return isValidObjectName(text)
        case .int(let range): return Int(text).map(range.contains) ?? false
        case .double(let range): return Double(text).map { $0.isFinite && range.contains($0) } ?? false
        case .bool: return parseBool(text) != nil
        case .choice(let values): return values.contains(text)
        case .spelledChoice(let values, let also): return values.contains(text) || also.contains(text)
        }
    }

    /// What Tab offers for a value of this kind when nothing more specific is declared.
    var defaultCompletion: CompletionSource {
        switch self {
        case .path: return .file
        case .bool: return .choices(["true", "false"])
        case .choice(let values), .spelledChoice(let values, _): return .choices(values)
        default: return .none
        }
    }
}

/// Parses the contract's booleans: true/false/on/off/yes/no/1/0 (any case).
func parseBool(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true", "on", "yes", "1": return true
    case "false", "off", "no", "0": return false
    default: return nil
    }
}

/// Object names: `[A-Za-z_][A-Za-z0-9_.-]*`.
func isValidObjectName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
        return false
    }
    return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)) }
}

/// How many words a positional argument takes.
public enum Arity: Sendable, Equatable {
    case one
    case optional
    /// One or more.
    case many
    /// Zero or more.
    case any
    /// Everything after it, option-like words included (the `time` prefix).
    case rest
}

/// A positional argument of a command.
public struct PositionalSpec: Sendable {
    public var name: String
    public var kind: ValueKind
    public var arity: Arity
    public var help: String
    public var completion: CompletionSource

    public init(_ name: String, _ kind: ValueKind = .text, arity: Arity = .one, help: String, completion: CompletionSource? = nil) {
        self.name = name
        self.kind = kind
        self.arity = arity
        self.help = help
        self.completion = completion ?? kind.defaultCompletion
    }

    /// A positional that names a session object of `kind`.
    public static func object(_ name: String, _ kind: ObjectKind?, arity: Arity = .one, help: String) -> PositionalSpec {
        PositionalSpec(name, .name, arity: arity, help: help, completion: .object(kind))
    }

    var usage: String {
        switch arity {
        case .one: return name
        case .optional: return "[\(name)]"
        case .many: return "\(name)..."
        case .any, .rest: return "[\(name)...]"
        }
    }
}

/// A `key=value` option of a command; a switch (a boolean option off by default) may also be
/// written `--KEY`, short for `KEY=true`.
public struct OptionSpec: Sendable {
    public var key: String
    public var kind: ValueKind
    /// The value used when the option is absent, as the user would type it; nil when none.
    public var defaultValue: String?
    public var help: String
    public var completion: CompletionSource
    /// Other spellings (Keras's, gensim's) that mean this option.
    public var aliases: [OptionAlias]
    /// Whether the command cannot run without it.
    public var isRequired: Bool

    public init(_ key: String, _ kind: ValueKind, default defaultValue: String? = nil, help: String,
                completion: CompletionSource? = nil, aliases: [OptionAlias] = [], isRequired: Bool = false) {
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.completion = completion ?? kind.defaultCompletion
        self.aliases = aliases
        self.isRequired = isRequired
    }

    /// Whether `--KEY` turns this option on: a boolean that is false unless given.
    var isSwitch: Bool { kind == .bool && defaultValue == "false" }

    /// `--ascii` for a switch, else nil.
    var flag: String? { isSwitch ? "--" + key : nil }

    /// `[--ascii]` for a switch, `file=FILE` when required, else `[k=N]`.
    var usage: String {
        let written = flag ?? "\(key)=\(kind.placeholder)"
        return isRequired ? written : "[\(written)]"
    }
}

/// The help sections commands are listed under.
public enum CommandGroup: String, CaseIterable, Sendable {
    case shell = "Session and shell"
    case tokenizers = "Tokenizers"
    case tables = "Embedding tables"
    case models = "Models"
    case learning = "Learning aids"
}

/// Runs a command: may change the session (a draft, committed only if it returns), reads its
/// arguments and what its context offers (settings, progress, interruption), and returns what
/// it produced.
public typealias CommandHandler = @Sendable (inout Session, Arguments, CommandContext) throws -> Report

/// One command, declared once: help, usage errors, Tab completion and dispatch all read it.
public struct CommandSpec: Sendable {
    public var name: String
    public var aliases: [String]
    public var group: CommandGroup
    public var summary: String
    public var positionals: [PositionalSpec]
    public var options: [OptionSpec]
    /// A complete example line; a unit test parses every example against the spec.
    public var examples: [String]
    /// The fields of its JSON output as paths (`results[].word`: the `word` of each object in
    /// the array `results`), for the reference; a test compares them with real output.
    public var jsonFields: [String]
    /// For an object of another kind given as the first argument, the command meant for it
    /// (`fit` given a model: `train`), suggested in the error.
    public var instead: [ObjectKind: String]
    /// More for `help COMMAND` than the options say (the layer grammar of `model`).
    public var details: String?
    public var run: CommandHandler

    public init(
        _ name: String, aliases: [String] = [], group: CommandGroup, summary: String,
        positionals: [any PositionalDeclaration] = [], options: [any OptionDeclaration] = [], examples: [String],
        jsonFields: [String], instead: [ObjectKind: String] = [:], details: String? = nil, run: @escaping CommandHandler
    ) {
        self.instead = instead
        self.details = details
        self.name = name
        self.aliases = aliases
        self.group = group
        self.summary = summary
        self.positionals = positionals.map(\.spec)
        self.options = options.map(\.spec)
        self.examples = examples
        self.jsonFields = jsonFields
        self.run = run
    }

    /// `nearest TABLE QUERY... [k=N] [restrict=N]`
    public var usage: String {
        ([name] + positionals.map(\.usage) + options.map(\.usage)).joined(separator: " ")
    }

    /// Whether the session log records this command when it changes the session: not for
    /// commands that run others (which log themselves) nor for `open` (the opened session
    /// brings its own log).
    var isLogged: Bool { !["run", "time", "tutorial", "open"].contains(name) }

    func option(_ key: String) -> OptionSpec? { options.first { $0.key == key } }

    /// The option `name` is another spelling of, and the alias.
    func option(aliased name: String) -> (option: OptionSpec, alias: OptionAlias)? {
        for option in options { if let alias = option.aliases.first(where: { $0.name == name }) { return (option, alias) } }
        return nil
    }

    /// The option a typed word gives: `KEY=…` for a declared key, or `--KEY` for a switch.
    func option(in word: String) -> OptionSpec? {
        if let eq = word.firstIndex(of: "=") { return option(String(word[..<eq])) }
        return options.first { $0.flag == word }
    }
}
