#if canImport(Glibc)
import Glibc
#endif
import CEditLine
import EmbeddingKit

/// Lines typed at a terminal through libedit: the `embsh> ` prompt, emacs keys (and the
/// user's ~/.editrc), history kept in a file across runs, and Tab completion.
public final class TerminalLines: LineSource {
    public let name: String? = nil
    public private(set) var lineNumber = 0
    public let recordsHistory = true
    private let historyPath: String?
    private let sink: StandardSink
    /// At most this many commands are kept in the history file.
    static let historyLimit = 1000

    /// Sets up libedit; `completer` answers Tab, `historyPath` (nil: none) keeps history.
    public init(historyPath: String?, completer: Completer, sink: StandardSink) {
        self.historyPath = historyPath
        self.sink = sink
        embsh_set_locale()
        embsh_set_program_name("embsh")
        embsh_install_interrupt_handler()
        embsh_stifle_history(Int32(Self.historyLimit))
        if let historyPath { _ = embsh_read_history(historyPath) }
        TerminalCompletion.install(completer)
    }

    /// Raised by Ctrl-C while a command runs in an interactive shell (the handler is
    /// installed only when a terminal is read, so scripts keep the default: Ctrl-C ends them).
    public static let interruption = Interruption { embsh_interrupt_pending() != 0 }

    /// The history loaded from the file, oldest first.
    public var loadedHistory: [String] {
        (0..<Int(embsh_history_length())).compactMap { embsh_history_entry(Int32($0)).map { String(cString: $0) } }
    }

    public func read(continuation: Bool) -> LineRead {
        sink.flush()
        embsh_clear_interrupt()
        guard let raw = embsh_readline(continuation ? "  ...> " : "embsh> ") else {
            if embsh_interrupt_pending() != 0 {
                embsh_clear_interrupt()
                sink.out("^C\n")
                return .interrupted
            }
            sink.out("\n")
            return .end
        }
        defer { free(raw) }
        let line = String(cString: raw)
        lineNumber += 1
        remember(line)
        return .line(line)
    }

    /// Adds a line to the history file unless it is blank or starts with a space.
    private func remember(_ line: String) {
        guard let first = line.first, first != " ", first != "\t" else { return }
        embsh_add_history(line)
        if let historyPath { _ = embsh_write_history(historyPath) }
    }

    /// Columns of the terminal on `descriptor`, or nil when it is not a terminal.
    public static func columns(ofDescriptor descriptor: Int32) -> Int? {
        let columns = Int(embsh_terminal_columns(descriptor))
        return columns > 0 ? columns : nil
    }

    /// Where history is kept: `$EMBSH_HISTORY` (empty: nowhere), else `~/.embsh_history`.
    public static func defaultHistoryPath() -> String? {
        if let path = environment("EMBSH_HISTORY") { return path.isEmpty ? nil : path }
        if let home = environment("HOME"), !home.isEmpty { return home + "/.embsh_history" }
        return nil
    }
}

/// Reads an environment variable.
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// Bridges libedit's C completion hook to the Swift `Completer` (a C callback cannot
/// capture context, so the completer lives in one global set before reading starts).
enum TerminalCompletion {
    nonisolated(unsafe) private static var completer: Completer?

    static func install(_ completer: Completer) {
        Self.completer = completer
        embsh_set_completer({ line, start, end in
            guard let line, let completer = TerminalCompletion.completer else { return nil }
            let scalars = Array(String(cString: line).unicodeScalars)
            let cursor = min(Int(end), scalars.count)
            var prefix = String.UnicodeScalarView()
            prefix.append(contentsOf: scalars[0..<cursor])
            let result = completer.complete(String(prefix))
            return TerminalCompletion.cArray(result)
        }, " \t")
    }

    /// libedit's format: the replacement for the word (the candidates' common prefix) first,
    /// then every candidate, then NULL — a unique candidate too is listed after its replacement,
    /// `[match, match, NULL]`, as libedit's own lists hold it. libedit reads `matches[2]` to tell
    /// a unique match; given readline's `[match, NULL]`, that read went past the array and the
    /// space after a unique match depended on whatever the heap held there.
    private static func cArray(_ result: Completion) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard !result.candidates.isEmpty else { return nil }
        embsh_set_completion_append(result.appendsSpace ? 32 : 0)
        let items = [result.commonPrefix] + result.candidates
        // libedit frees the array with free(), so it must come from malloc.
        let bytes = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (items.count + 1)
        let array = malloc(bytes)!.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: items.count + 1)
        for (i, item) in items.enumerated() { array[i] = strdup(item) }
        array[items.count] = nil
        return array
    }
}
