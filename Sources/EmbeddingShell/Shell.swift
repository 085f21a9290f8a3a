#if canImport(Glibc)
import Glibc
#endif
import EmbeddingKit

/// The interpreter: holds the session and settings, runs command lines from any source,
/// renders reports and errors, and counts failures for the exit status.
public final class Shell {
    public var session = Session()
    public var settings = Settings()
    public let sink: OutputSink
    /// Polled by long commands; raised by Ctrl-C in an interactive shell.
    public let interruption: Interruption
    /// Commands entered, oldest first (seeded from the history file when interactive).
    public var history: [String] = []
    /// Commands that failed so far.
    public private(set) var failures = 0
    /// Set by `quit`/`exit`, or when `--bail` stopped a script.
    public internal(set) var stopRequested = false
    /// Whether the shell talks to a person (quit warns about unsaved changes).
    public var isInteractive = false
    /// Width of the terminal standard output goes to, or nil when it is not a terminal
    /// (then plots use plain ASCII and no escape codes are written).
    public var outputColumns: Int? = nil
    private var discardWarned = false
    private var scriptDepth = 0
    static let maxScriptDepth = 25

    public init(sink: OutputSink, interruption: Interruption = .never) {
        self.sink = sink
        self.interruption = interruption
    }

    /// Whether to warn instead of discarding `session` (quit, open): once, when a person
    /// would lose unsaved changes; scripts are never stopped.
    func shouldWarnBeforeDiscarding(_ session: Session) -> Bool {
        guard isInteractive, session.hasUnsavedChanges, !discardWarned else { return false }
        discardWarned = true
        return true
    }

    /// Exit status for the process: 0 when every command succeeded, 1 otherwise.
    public var exitStatus: Int32 { failures == 0 ? 0 : 1 }

    // MARK: Running sources

    /// Runs commands from `source` until it ends, `quit` is given, or `--bail` stops it.
    /// Returns whether every command from this source succeeded.
    @discardableResult
    public func run(_ source: inout some LineSource) -> Bool {
        // The session is reached per command, not held across reads: Tab completion reads it
        // while a line is being edited.
        run(&source) { command in command(&self.session) }
    }

    /// Runs commands from `source` against `session`.
    func run(_ source: inout some LineSource, session: inout Session) -> Bool {
        run(&source) { command in command(&session) }
    }

    /// Runs commands from `source`, each given the session by `withSession`.
    private func run(_ source: inout some LineSource, withSession: ((inout Session) -> Bool) -> Bool) -> Bool {
        var allSucceeded = true
        var pending = ""
        var pendingStart = 0
        /// Set after a continued command grew too long: its remaining lines are dropped.
        var skippingContinuation = false
        while !stopRequested {
            let read = source.read(continuation: !pending.isEmpty)
            guard case .line(let physical) = read else {
                if case .interrupted = read { pending = ""; continue }
                // Ctrl-D at the terminal with unsaved objects: warn once, as quit does.
                if case .end = read, source.name == nil, withSession({ shouldWarnBeforeDiscarding($0) }) {
                    emit(Report([.warning("the session has unsaved changes: 'save FILE' keeps them; Ctrl-D again leaves without saving")],
                                json: .object([("quit", .bool(false)), ("unsaved_changes", .bool(true))])))
                    pending = ""
                    continue
                }
                if case .failed(let reason) = read {
                    fail(ShellError.message(reason, offset: nil), line: nil,
                         location: source.name.map { SourceLocation(file: $0, line: source.lineNumber) })
                    allSucceeded = false
                    pending = ""
                }
                break
            }
            if skippingContinuation {
                skippingContinuation = physical.hasSuffix("\\")
                continue
            }
            if pending.isEmpty { pendingStart = source.lineNumber }
            guard pending.utf8.count + physical.utf8.count <= StreamLines.maxLineBytes else {
                fail(ShellError.message("the command continued from line \(pendingStart) is longer than "
                                        + "\(ByteCount.format(Double(StreamLines.maxLineBytes))); it is not run", offset: nil),
                     line: nil, location: source.name.map { SourceLocation(file: $0, line: pendingStart) })
                allSucceeded = false
                pending = ""
                skippingContinuation = physical.hasSuffix("\\")
                continue
            }
            let line = pending + physical
            let location = source.name.map { SourceLocation(file: $0, line: pendingStart) }
            do {
                switch try Lexer.lex(line) {
                case .needsContinuation:
                    pending = String(line.dropLast())
                    continue
                case .tokens(let tokens):
                    pending = ""
                    if source.recordsHistory, !tokens.isEmpty { history.append(line) }
                    if !withSession({ execute(tokens: tokens, line: line, location: location, session: &$0) }) {
                        allSucceeded = false
                        if settings.bail && !isInteractive { stopRequested = true }
                    }
                }
            } catch {
                pending = ""
                fail(ShellError.unclosedQuote(quote: error.quoteCharacter, offset: error.offset), line: line, location: location)
                allSucceeded = false
                if settings.bail && !isInteractive { stopRequested = true }
            }
        }
        if !pending.isEmpty {
            fail(ShellError.message("the last line ends in '\\' but no line follows", offset: nil), line: nil,
                 location: source.name.map { SourceLocation(file: $0, line: pendingStart) })
            allSucceeded = false
        }
        return allSucceeded
    }

    /// Runs one command line (e.g. from `-c`); returns whether it succeeded.
    @discardableResult
    public func execute(_ line: String, location: SourceLocation? = nil) -> Bool {
        execute(line, location: location, session: &session)
    }

    /// Runs one command line against `session` (commands that run others pass their draft).
    func execute(_ line: String, location: SourceLocation?, session: inout Session) -> Bool {
        do {
            switch try Lexer.lex(line) {
            case .tokens(let tokens):
                return execute(tokens: tokens, line: line, location: location, session: &session)
            case .needsContinuation:
                fail(ShellError.message("the line ends in '\\' but no line follows", offset: nil), line: line, location: location)
                return false
            }
        } catch {
            fail(ShellError.unclosedQuote(quote: error.quoteCharacter, offset: error.offset), line: line, location: location)
            return false
        }
    }

    /// Opens a session file as `open FILE` does (`embsh SESSION_FILE`); returns whether it worked.
    /// The file is not a command the user typed: only its confirmation (a note on stderr) shows,
    /// never a result on stdout.
    public func openSession(at path: String) -> Bool {
        let line = "open " + Lexer.quoted(path)
        do {
            guard case .tokens(let tokens) = try Lexer.lex(line) else { return execute(line) }
            emit(try dispatch(tokens: tokens, line: line, session: &session), results: false)
            return true
        } catch {
            fail(error, line: nil, location: nil)
            return false
        }
    }

    /// Runs a script file given with `-f`: a file that cannot be read is a failed command.
    @discardableResult
    public func runScriptFile(_ path: String) -> Bool {
        do {
            return try runScript(path: path, session: &session)
        } catch {
            fail(error, line: nil, location: nil)
            return false
        }
    }

    /// Runs a script file with the same rules as `-f`, nested at most 25 deep.
    /// Returns whether every command succeeded; throws when the file cannot be read.
    func runScript(path: String, session: inout Session) throws -> Bool {
        guard scriptDepth < Self.maxScriptDepth else { throw ShellError.nestingTooDeep(limit: Self.maxScriptDepth) }
        var source = try StreamLines(path: path)
        scriptDepth += 1
        defer { scriptDepth -= 1 }
        return run(&source, session: &session)
    }

    // MARK: One command

    private func execute(tokens: [Token], line: String, location: SourceLocation?, session: inout Session) -> Bool {
        guard !tokens.isEmpty else { return true }
        if settings.echo {
            if settings.format == .json { sink.err(line + "\n") } else { sink.out(line + "\n") }
        }
        let start = monotonicSeconds()
        do {
            var report = try dispatch(tokens: tokens, line: line, session: &session)
            if settings.timer { report = timed(report, seconds: monotonicSeconds() - start) }
            emit(report)
            return true
        } catch {
            fail(error, line: line, location: location)
            return false
        }
    }

    /// Binds `tokens` to their command and runs it on a copy of `session` that replaces it
    /// only if the command succeeds. Commands that run others (`run`, `time`) dispatch
    /// each on the copy they were given, so every command is its own transaction.
    public func dispatch(tokens: [Token], line: String, session: inout Session) throws -> Report {
        guard let first = tokens.first else { throw ShellError.message("empty command", offset: nil) }
        guard let spec = CommandTable.lookup(first.text) else {
            throw ShellError.unknownCommand(first.text, suggestion: CommandTable.suggestion(for: first.text))
        }
        try checkObjectArgument(spec, tokens, session)
        let arguments = try bind(spec, tokens, line, session)
        let before = session.generation
        var draft = session
        let report: Report
        do {
            report = try spec.run(&draft, arguments, CommandContext(shell: self))
        } catch {
            throw Self.pointed(error, tokens)
        }
        if draft.generation != before, spec.isLogged { draft.log.append(line) }
        session = draft
        return report
    }

    /// Writes a report in the chosen format: its pieces in order, each to its stream; with
    /// `results` false, only what goes to stderr.
    func emit(_ report: Report, results: Bool = true) {
        for piece in settings.format.renderer(precision: settings.precision, quiet: settings.quiet).render(report) {
            switch piece.stream {
            case .out: if results { sink.out(piece.text) }
            case .err: sink.err(piece.text)
            }
        }
    }

    /// The arguments of `spec` from `tokens`; for `nearest king`, where `king` names no object and
    /// the query is missing, the error says that the table is what was forgotten.
    private func bind(_ spec: CommandSpec, _ tokens: [Token], _ line: String, _ session: Session) throws -> Arguments {
        do {
            return try Arguments(spec: spec, tokens: tokens, line: line)
        } catch {
            guard error.isMissingArgument,
                  let word = tokens.dropFirst().first(where: { $0.option == nil && !$0.text.hasPrefix("--") }),
                  case .object(let kind)? = spec.positionals.first?.completion, !session.contains(word.text) else { throw error }
            let missing = ShellError.noSuchObject(word.text, kind: kind, suggestion: session.closestName(to: word.text, kind: kind))
            throw ShellError.located(missing, offset: word.offset)
        }
    }

    /// `error`, pointing at the word of `tokens` that names the object it is about.
    private static func pointed(_ error: Error, _ tokens: [Token]) -> Error {
        guard let shellError = error as? ShellError, shellError.offset == nil, let name = shellError.objectName,
              let token = tokens.dropFirst().first(where: { $0.text == name }) else { return error }
        return ShellError.located(shellError, offset: token.offset)
    }

    /// Refuses an object of the wrong kind as the command's first argument before anything else
    /// is checked (`fit clf data=…`), suggesting the command meant for it.
    private func checkObjectArgument(_ spec: CommandSpec, _ tokens: [Token], _ session: Session) throws(ShellError) {
        guard case .object(let expected?)? = spec.positionals.first?.completion,
              let word = tokens.dropFirst().first(where: { $0.option == nil && !$0.text.hasPrefix("--") }),
              let actual = try? session.object(word.text).kind, actual != expected else { return }
        let hint = spec.instead[actual].map { "; did you mean '\($0) \(word.text)'? \(spec.name) is for \(expected.rawValue)s" } ?? ""
        throw .located(.message(ShellError.wrongKind(word.text, expected: expected, actual: actual).message + hint, offset: nil),
                       offset: word.offset)
    }

    /// Adds the wall time to a report: a status line after its output, `seconds` in JSON.
    func timed(_ report: Report, seconds: Double) -> Report {
        var report = report
        if case .object(var fields) = report.json {
            fields.append(("seconds", .double(seconds)))
            report.json = .object(fields)
        }
        report.blocks.append(.status("time: \(formatFixed(seconds * 1000, digits: 3)) ms"))
        return report
    }

    // MARK: Errors

    /// Reports a failed command on stderr and counts it.
    func fail(_ error: Error, line: String?, location: SourceLocation?) {
        failures += 1
        if error is AlreadyReported { return }
        let shellError = error as? ShellError
        let message = shellError?.message ?? describe(error)
        if settings.format == .json {
            let json = JSON.object([
                ("error", .string(message)),
                ("file", location.map { .string($0.file) } ?? .null),
                ("line", location.map { .int($0.line) } ?? .null),
            ])
            sink.err(json.serialized + "\n")
            return
        }
        var text = (location.map { "\($0.file):\($0.line): " } ?? "") + "embsh: error: " + Self.visible(message) + "\n"
        if let command = shellError?.usageCommand, let spec = CommandTable.lookup(command) {
            text += "usage: " + spec.usage + "\n"
        }
        if let offset = shellError?.offset, let line, line.count <= 240, Self.visible(line) == line {
            text += "  " + line + "\n" + "  " + String(repeating: " ", count: displayWidth(String(line.prefix(offset)))) + "^\n"
        }
        sink.err(text)
    }

    /// The text with control characters (other than newlines) shown as `\xNN`, so an
    /// error about a line of binary garbage cannot garble the terminal.
    static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if (scalar.value < 0x20 && scalar != "\n") || scalar.value == 0x7F {
                result += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private func describe(_ error: Error) -> String {
        if error is Interrupted { return "interrupted" }
        return String(describing: error)
    }
}

/// A failure already shown to the user (e.g. inside a script run by `run`): counted, not printed again.
struct AlreadyReported: Error {}

extension LexError {
    var quoteCharacter: Character {
        switch self { case .unclosedQuote(let quote, _): return quote }
    }
    var offset: Int {
        switch self { case .unclosedQuote(_, let offset): return offset }
    }
}

/// Seconds from a monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
