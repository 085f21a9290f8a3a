import EmbeddingShell

/// The shell target: the input is a script, run line by line (lexer, argument binding,
/// dispatch, rendering) by a fresh shell on a copy of the workspace's session, each line also
/// completed as Tab would.
///
/// Kept confined and fast, and so skipped: an input holding `/` or `~` (it could name a path
/// outside the workspace: a device, a FIFO, a large file) or a number from 1,000 to 2^31 − 1
/// (a size or count a person may legitimately ask for that takes gigabytes or minutes: rows,
/// dim, epochs, threads). Larger numbers are tried, as they must be refused. Commands still
/// running after `inputBudget` are interrupted, as by Ctrl-C; one that does not stop is a
/// finding. Commands run on one thread unless the input sets `threads` (starting threads
/// under AddressSanitizer costs more than the work of a small input).
enum ShellLines {
    /// Lines of an input run at most.
    static let lineLimit = 16

    static func run(_ input: UnsafeRawBufferPointer) -> FuzzOutcome {
        let text = String(decoding: input, as: UTF8.self)
        guard isConfined(text) else { return .skipped }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lineLimit)
        let workspace = Workspace.shared
        let shell = Shell(sink: DiscardingSink(), interruption: deadline())
        shell.session = workspace.session
        shell.settings.threads = 1
        let completer = Completer(shell: shell)
        var source = ScriptLines(Array(lines))
        return workspace.inside {
            for line in lines { _ = completer.complete(String(line)) }
            shell.run(&source)
            return shell.failures == 0 ? .accepted : .refused
        }
    }

    /// Whether `text` names no path outside the workspace and no legitimately expensive size.
    static func isConfined(_ text: String) -> Bool {
        guard !text.utf8.contains(UInt8(ascii: "/")), !text.utf8.contains(UInt8(ascii: "~")) else { return false }
        var value = 0, overflowed = false, inNumber = false
        for byte in text.utf8 + [0] {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                if !inNumber { (value, overflowed, inNumber) = (0, false, true) }
                let next = value.multipliedReportingOverflow(by: 10)
                let sum = next.partialValue.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                overflowed = overflowed || next.overflow || sum.overflow
                value = sum.partialValue
            } else if inNumber {
                inNumber = false
                if !overflowed, (1_000 ..< (1 << 31)).contains(value) { return false }
            }
        }
        return true
    }

    /// Command names, option keys and switches, choice values, settings, and the names of the
    /// workspace's objects and files.
    static var dictionary: [String] {
        var words = Set(CommandTable.names)
        for spec in CommandTable.all {
            for option in spec.options {
                words.insert(option.key + "=")
                if case .choice(let values) = option.kind { words.formUnion(values) }
            }
            for positional in spec.positionals {
                if case .choice(let values) = positional.kind { words.formUnion(values) }
            }
        }
        words.formUnion(SettingKey.allCases.map(\.rawValue))
        words.formUnion(Workspace.files.map(\.name))
        words.formUnion(Workspace.shared.session.names)
        words.formUnion(["--", "\"", "\\", "true", "false", "nan", "inf", "-1", "9223372036854775807", "2147483648"])
        return words.sorted()
    }
}
