@testable import EmbeddingShell

/// Lines from memory, as if typed into a script.
struct MemoryLines: LineSource {
    var lines: [String]
    let name: String? = "test.embsh"
    var lineNumber = 0
    let recordsHistory = true

    mutating func read(continuation: Bool) -> LineRead {
        guard lineNumber < lines.count else { return .end }
        lineNumber += 1
        return .line(lines[lineNumber - 1])
    }
}

/// Runs a script against a fresh shell with a buffer sink.
func runScript(_ text: String, format: OutputFormat = .table, shell: Shell? = nil) -> (shell: Shell, out: String, err: String) {
    let shell = shell ?? Shell(sink: BufferSink())
    let sink = shell.sink as! BufferSink
    shell.settings.format = format
    var source = MemoryLines(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    shell.run(&source)
    return (shell, sink.stdout, sink.stderr)
}
