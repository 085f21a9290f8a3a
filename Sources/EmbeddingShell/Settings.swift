#if canImport(Glibc)
import Glibc
#endif

/// The options `set` changes, each declared once with its type and help.
public enum SettingKey: String, CaseIterable, Sendable {
    case format, precision, seed, threads, echo, bail, timer, quiet

    var kind: ValueKind {
        switch self {
        case .format: return .choice(OutputFormat.allCases.map(\.rawValue))
        case .precision: return .int(0...17)
        case .seed: return .int(0...Int(Int32.max))
        case .threads: return .int(1...1024)
        case .echo, .bail, .timer, .quiet: return .bool
        }
    }

    var help: String {
        switch self {
        case .format: return "how results are written: table, json (JSON Lines) or csv"
        case .precision: return "decimals shown for numbers in tables"
        case .seed: return "default random seed for commands that take seed="
        case .threads: return "worker threads for parallel commands"
        case .echo: return "print each command before running it"
        case .bail: return "stop a script at the first failing command"
        case .timer: return "report each command's wall time on stderr"
        case .quiet: return "hide confirmations and progress"
        }
    }
}

/// The shell's current settings.
public struct Settings: Sendable {
    public var format: OutputFormat = .table
    public var precision = 4
    public var seed = 1
    public var threads = max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
    public var echo = false
    public var bail = false
    public var timer = false
    public var quiet = false

    public init() {}

    /// The value of a setting as the user would type it.
    public func value(of key: SettingKey) -> String {
        switch key {
        case .format: return format.rawValue
        case .precision: return String(precision)
        case .seed: return String(seed)
        case .threads: return String(threads)
        case .echo: return String(echo)
        case .bail: return String(bail)
        case .timer: return String(timer)
        case .quiet: return String(quiet)
        }
    }

    /// Sets a setting from text already validated against `key.kind`.
    mutating func set(_ key: SettingKey, to text: String) {
        switch key {
        case .format: format = OutputFormat(rawValue: text) ?? format
        case .precision: precision = Int(text) ?? precision
        case .seed: seed = Int(text) ?? seed
        case .threads: threads = Int(text) ?? threads
        case .echo: echo = parseBool(text) ?? echo
        case .bail: bail = parseBool(text) ?? bail
        case .timer: timer = parseBool(text) ?? timer
        case .quiet: quiet = parseBool(text) ?? quiet
        }
    }
}
