/// Everything the shell layer reports as a failed command; messages live in one place.
public enum ShellError: Error, Sendable {
    case unknownCommand(String, suggestion: String?)
    case unclosedQuote(quote: Character, offset: Int)
    /// A call that does not fit the command's usage; `offset` points at the culprit when known.
    case usage(command: String, message: String, offset: Int?)
    case unknownOption(command: String, key: String, valid: [String], suggestion: String?, offset: Int)
    /// A value of the wrong type or range; the command's usage line follows the message.
    case badValue(command: String, option: String, token: String, expected: String, offset: Int)
    case noSuchObject(String, kind: ObjectKind?, suggestion: String?)
    case wrongKind(String, expected: ObjectKind, actual: ObjectKind)
    case objectExists(String, kind: ObjectKind)
    case invalidName(String)
    case file(path: String, reason: String)
    case nestingTooDeep(limit: Int)
    /// A failure with a ready message, optionally pointing at a word of the command line.
    case message(String, offset: Int?)
    /// Another error, pointing at the word of the command line it is about.
    indirect case located(ShellError, offset: Int)
    /// A positional argument the command cannot do without was not given.
    case missingArgument(command: String, name: String)

    /// The text after `embsh: error: `.
    public var message: String {
        switch self {
        case .unknownCommand(let name, let suggestion):
            return "unknown command '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "; type 'help' for a list")
        case .unclosedQuote(let quote, let offset):
            return "unclosed \(quote == "'" ? "single" : "double") quote starting at column \(offset + 1)"
        case .usage(_, let message, _):
            return message
        case .unknownOption(let command, let key, let valid, let suggestion, _):
            if valid.isEmpty { return "\(command) takes no options (got '\(key)')" }
            return "unknown option '\(key)' for \(command)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
                + "; valid options: " + valid.joined(separator: ", ")
        case .badValue(_, let option, let token, let expected, _):
            return "\(option) must be \(expected) (got \"\(token)\")"
        case .noSuchObject(let name, let kind, let suggestion):
            return "no \(kind?.rawValue ?? "object") named '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .wrongKind(let name, let expected, let actual):
            return "'\(name)' is a \(actual.rawValue), not a \(expected.rawValue)"
        case .objectExists(let name, let kind):
            return "a \(kind.rawValue) named '\(name)' already exists (drop it or rename it first)"
        case .invalidName(let name):
            return "invalid name '\(name)': names are a letter or _ followed by letters, digits, _ . or -"
        case .file(let path, let reason):
            return "\(path): \(reason)"
        case .nestingTooDeep(let limit):
            return "scripts nested more than \(limit) deep (does a script run itself?)"
        case .message(let text, _):
            return text
        case .located(let error, _):
            return error.message
        case .missingArgument(let command, let name):
            return "\(command): missing \(name)"
        }
    }

    /// Column of the offending word in the command line, for the caret.
    var offset: Int? {
        switch self {
        case .unclosedQuote(_, let offset), .unknownOption(_, _, _, _, let offset), .badValue(_, _, _, _, let offset):
            return offset
        case .usage(_, _, let offset), .message(_, let offset):
            return offset
        case .located(_, let offset):
            return offset
        default:
            return nil
        }
    }

    /// The command whose usage line should follow the message.
    var usageCommand: String? {
        switch self {
        case .usage(let command, _, _), .unknownOption(let command, _, _, _, _), .badValue(let command, _, _, _, _),
             .missingArgument(let command, _): return command
        case .located(let error, _): return error.usageCommand
        default: return nil
        }
    }

    /// Whether a required positional argument was left out.
    var isMissingArgument: Bool {
        if case .missingArgument = self { return true }
        return false
    }

    /// The object the error is about, when it is about one.
    var objectName: String? {
        switch self {
        case .noSuchObject(let name, _, _), .wrongKind(let name, _, _), .objectExists(let name, _): return name
        case .located(let error, _): return error.objectName
        default: return nil
        }
    }
}
