import EmbeddingShell

/// The lines of a fuzz input, read by the shell as a script.
struct ScriptLines: LineSource {
    let name: String? = "fuzz"
    private(set) var lineNumber = 0
    let recordsHistory = true
    private let lines: [Substring]

    init(_ lines: [Substring]) { self.lines = lines }

    mutating func read(continuation: Bool) -> LineRead {
        guard lineNumber < lines.count else { return .end }
        lineNumber += 1
        return .line(String(lines[lineNumber - 1]))
    }
}
