/// A `key=value` option declared once, with the type its handler reads: its `spec` (key, type,
/// range, default, help, aliases) drives parsing, usage, help and completion, and
/// `arguments[option]` hands the handler a typed value — the declared default when the user
/// gave none, so no default is written twice and a misspelt key cannot compile.
struct Option<Value>: OptionDeclaration, Sendable {
    public let spec: OptionSpec
    /// The value from the validated text, or from nil when the option was not given.
    let decode: @Sendable (String?) -> Value

    init(_ spec: OptionSpec, decode: @escaping @Sendable (String?) -> Value) {
        self.spec = spec
        self.decode = decode
    }
}

/// Anything that declares an option for a `CommandSpec`.
public protocol OptionDeclaration: Sendable {
    var spec: OptionSpec { get }
}

extension Option where Value == Int {
    /// An integer in `range`, `value` when not given.
    static func int(_ key: String, _ range: ClosedRange<Int>, default value: Int, help: String,
                    aliases: [OptionAlias] = []) -> Self {
        Self(OptionSpec(key, .int(range), default: String(value), help: help, aliases: aliases)) { $0.flatMap { Int($0) } ?? value }
    }
}

extension Option where Value == Int? {
    /// An integer in `range`, nil when not given.
    static func int(_ key: String, _ range: ClosedRange<Int>, help: String, aliases: [OptionAlias] = []) -> Self {
        Self(OptionSpec(key, .int(range), help: help, aliases: aliases)) { $0.flatMap { Int($0) } }
    }
}

extension Option where Value == Double {
    /// A finite number in `range`, `value` when not given.
    static func double(_ key: String, _ range: ClosedRange<Double>, default value: Double, help: String,
                       aliases: [OptionAlias] = []) -> Self {
        Self(OptionSpec(key, .double(range), default: String(value), help: help, aliases: aliases)) {
            $0.flatMap { Double($0) } ?? value
        }
    }
}

extension Option where Value == Double? {
    /// A finite number in `range`, nil when not given.
    static func double(_ key: String, _ range: ClosedRange<Double>, help: String, aliases: [OptionAlias] = []) -> Self {
        Self(OptionSpec(key, .double(range), help: help, aliases: aliases)) { $0.flatMap { Double($0) } }
    }
}

extension Option where Value == Bool {
    /// A yes/no option, `value` when not given; one that is off by default can also be written `--KEY`.
    static func bool(_ key: String, default value: Bool = false, help: String, aliases: [OptionAlias] = []) -> Self {
        Self(OptionSpec(key, .bool, default: String(value), help: help, aliases: aliases)) { $0.flatMap(parseBool) ?? value }
    }
}

extension Option where Value == String? {
    /// Free text, nil when not given.
    static func text(_ key: String, help: String, aliases: [OptionAlias] = []) -> Self {
        Self(OptionSpec(key, .text, help: help, aliases: aliases)) { $0 }
    }

    /// A file path, nil when not given.
    static func path(_ key: String, help: String) -> Self {
        Self(OptionSpec(key, .path, help: help)) { $0 }
    }

    /// One of `values` (names a type cannot list, such as formats with aliases), nil when not given.
    static func choice(_ key: String, among values: [String], help: String) -> Self {
        Self(OptionSpec(key, .choice(values), help: help)) { $0 }
    }

    /// One of `values` or of `also` (spellings usage lines leave out), nil when not given.
    static func choice(_ key: String, among values: [String], also: [String], help: String) -> Self {
        Self(OptionSpec(key, .spelledChoice(shown: values, also: also), help: help)) { $0 }
    }

    /// The name of a session object, nil when not given.
    static func name(_ key: String, of kind: ObjectKind?, help: String) -> Self {
        Self(OptionSpec(key, .name, help: help, completion: .object(kind))) { $0 }
    }
}

extension Option where Value == String {
    /// One of `values`, `value` when not given.
    static func choice(_ key: String, among values: [String], default value: String, help: String) -> Self {
        Self(OptionSpec(key, .choice(values), default: value, help: help)) { $0 ?? value }
    }

    /// One of `values` or of `also` (spellings usage lines leave out), `value` when not given.
    static func choice(_ key: String, among values: [String], also: [String], default value: String, help: String) -> Self {
        Self(OptionSpec(key, .spelledChoice(shown: values, also: also), default: value, help: help)) { $0 ?? value }
    }

    /// Free text, `value` when not given.
    static func text(_ key: String, default value: String, help: String) -> Self {
        Self(OptionSpec(key, .text, default: value, help: help)) { $0 ?? value }
    }

    /// A file path the command cannot do without: leaving it out is a usage error, and the
    /// usage line shows it as `key=FILE`.
    static func requiredPath(_ key: String, help: String) -> Self {
        Self(OptionSpec(key, .path, help: help, isRequired: true)) { $0 ?? "" }
    }

    /// A name the command cannot do without (`extract … as=NAME`).
    static func requiredName(_ key: String, help: String) -> Self {
        Self(OptionSpec(key, .name, help: help, isRequired: true)) { $0 ?? "" }
    }
}

extension Option {
    /// One of `Value`'s cases by raw value, `value` when not given.
    static func choice(_ key: String, default value: Value, help: String, aliases: [OptionAlias] = []) -> Self
    where Value: RawRepresentable & CaseIterable & Sendable, Value.RawValue == String {
        Self(OptionSpec(key, .choice(Value.allCases.map(\.rawValue)), default: value.rawValue, help: help, aliases: aliases)) {
            $0.flatMap(Value.init(rawValue:)) ?? value
        }
    }

    /// One of `Choice`'s cases by raw value, nil when not given.
    static func choice<Choice>(_ key: String, _ type: Choice.Type, help: String, aliases: [OptionAlias] = []) -> Self
    where Value == Choice?, Choice: RawRepresentable & CaseIterable & Sendable, Choice.RawValue == String {
        Self(OptionSpec(key, .choice(Choice.allCases.map(\.rawValue)), help: help, aliases: aliases)) {
            $0.flatMap(Choice.init(rawValue:))
        }
    }
}

/// Another spelling of an option, as Keras or gensim write it (`batch_size=` for `batch=`,
/// `sg=1` for `arch=sg`): `name=VALUE` is read as the option with `translate(VALUE)`.
public struct OptionAlias: Sendable {
    public let name: String
    /// The option's value for the alias's value; nil refuses it.
    let translate: @Sendable (String) -> String?
    /// How help lists it: `batch_size` or `sg=0|1`.
    let shown: String
    /// The values it takes, for errors: "one of 0, 1"; nil when it takes the option's own.
    let expectation: String?

    /// The same option under another name.
    public static func spelling(_ name: String) -> OptionAlias {
        OptionAlias(name: name, translate: { $0 }, shown: name, expectation: nil)
    }

    /// Another name whose values stand for the option's: `mapping(["1": "sg", "0": "cbow"])`.
    public static func mapping(_ name: String, _ values: [String: String]) -> OptionAlias {
        let keys = values.keys.sorted()
        return OptionAlias(name: name, translate: { values[$0] }, shown: name + "=" + keys.joined(separator: "|"),
                           expectation: "one of " + keys.joined(separator: ", "))
    }
}

/// A positional argument declared once with the type its handler reads.
struct Positional<Value>: PositionalDeclaration, Sendable {
    public let spec: PositionalSpec
    let decode: @Sendable ([Token]) -> Value
}

/// Anything that declares a positional argument for a `CommandSpec`.
public protocol PositionalDeclaration: Sendable {
    var spec: PositionalSpec { get }
}

extension Positional where Value == Token {
    /// Exactly one word (binding refuses a command without it).
    static func one(_ name: String, _ kind: ValueKind = .text, help: String, completion: CompletionSource? = nil) -> Self {
        Self(spec: PositionalSpec(name, kind, arity: .one, help: help, completion: completion)) { $0.first ?? Token(text: "", offset: 0, wasQuoted: false) }
    }

    /// The name of a session object of `kind`.
    static func object(_ name: String, _ kind: ObjectKind?, help: String) -> Self {
        Self(spec: .object(name, kind, help: help)) { $0.first ?? Token(text: "", offset: 0, wasQuoted: false) }
    }
}

extension Positional where Value == Token? {
    /// A word that may be left out.
    static func optional(_ name: String, _ kind: ValueKind = .text, help: String, completion: CompletionSource? = nil) -> Self {
        Self(spec: PositionalSpec(name, kind, arity: .optional, help: help, completion: completion)) { $0.first }
    }
}

extension Positional where Value == Int {
    /// An integer in `range` that may be left out for `value`; help shows the default.
    static func int(_ name: String, _ range: ClosedRange<Int>, default value: Int, help: String) -> Self {
        Self(spec: PositionalSpec(name, .int(range), arity: .optional, help: help + " (default \(value))")) {
            $0.first.flatMap { Int($0.text) } ?? value
        }
    }
}

extension Positional where Value == [Token] {
    /// Words as `arity` allows (`.many`, `.any` or `.rest`).
    static func words(_ name: String, _ kind: ValueKind = .text, arity: Arity, help: String,
                      completion: CompletionSource? = nil) -> Self {
        Self(spec: PositionalSpec(name, kind, arity: arity, help: help, completion: completion)) { $0 }
    }
}

/// Options several commands take with one meaning, declared once.
enum CommonOptions {
    static let replace = Option.bool("replace", help: "replace an object of the same name instead of refusing")
    static let seed = Option.int("seed", 0...Int.max, help: "random seed (default: the seed setting)")
}
