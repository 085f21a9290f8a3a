import EmbeddingKit

/// What a command handler may use besides the session and its arguments: the settings, the
/// Ctrl-C check, progress on stderr, and — for the few commands that run or steer others
/// (`run`, `time`, `tutorial`, `set`, `history`, `quit`) — narrow doors into the shell. The
/// shell itself stays out of reach: no handler prints around its report.
public struct CommandContext {
    private let shell: Shell

    init(shell: Shell) {
        self.shell = shell
    }

    /// The settings as the command starts.
    public var settings: Settings { shell.settings }

    /// Polled by long work; set by Ctrl-C.
    public var interruption: Interruption { shell.interruption }

    /// Columns of the terminal stdout goes to, or nil when it is not a terminal.
    public var outputColumns: Int? { shell.outputColumns }

    /// Whether progress can be drawn in place (stderr is a terminal).
    var progressIsLive: Bool { shell.sink.errIsTerminal }

    /// Writes a line of progress (or a redraw of one) on stderr; callers honour `settings.quiet`.
    func progress(_ text: String) { shell.sink.err(text) }

    /// Writes a report now, in the chosen format (the steps of a command that runs others).
    func emit(_ report: Report) { shell.emit(report) }

    /// Changes a setting (`set`).
    func change(_ key: SettingKey, to value: String) { shell.settings.set(key, to: value) }

    /// Commands entered so far, oldest first (`history`).
    var history: [String] { shell.history }

    /// Commands that failed so far.
    var failures: Int { shell.failures }

    /// Asks the shell to stop reading commands (`quit`).
    func requestStop() { shell.stopRequested = true }

    /// Whether to warn once before `session`'s unsaved changes would be lost.
    func shouldWarnBeforeDiscarding(_ session: Session) -> Bool { shell.shouldWarnBeforeDiscarding(session) }

    /// Runs a script's commands against `session` (`run`).
    func runScript(path: String, session: inout Session) throws -> Bool { try shell.runScript(path: path, session: &session) }

    /// Runs one command line against `session`, writing its report or error (`tutorial`).
    func execute(_ line: String, location: SourceLocation, session: inout Session) -> Bool {
        shell.execute(line, location: location, session: &session)
    }

    /// Runs already split words as a command against `session` and returns its report (`time`).
    func dispatch(tokens: [Token], line: String, session: inout Session) throws -> Report {
        try shell.dispatch(tokens: tokens, line: line, session: &session)
    }

    /// `report` with the wall time `seconds` added.
    func timed(_ report: Report, seconds: Double) -> Report { shell.timed(report, seconds: seconds) }
}
