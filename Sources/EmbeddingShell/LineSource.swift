/// The result of asking a source for a line.
public enum LineRead: Equatable, Sendable {
    case line(String)
    /// Ctrl-C on a half-typed line: drop it and ask again.
    case interrupted
    /// No more input.
    case end
    /// The source cannot go on (e.g. a line too long to be a command); the message says why.
    case failed(String)
}

/// Where command lines come from: a terminal through libedit, or a stream (stdin, script file).
public protocol LineSource {
    /// Reads the next physical line; `continuation` says the previous one ended in `\`.
    mutating func read(continuation: Bool) -> LineRead
    /// The name used in error locations (`tour.embsh`, `<stdin>`), or nil for none (terminal).
    var name: String? { get }
    /// The 1-based number of the last line read.
    var lineNumber: Int { get }
    /// Whether lines are kept for the `history` command.
    var recordsHistory: Bool { get }
}
