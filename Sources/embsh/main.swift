#if canImport(Glibc)
import Glibc
#endif
import EmbeddingShell

let arguments = Array(CommandLine.arguments.dropFirst())
let invocation: Invocation
do {
    invocation = try Invocation.parse(arguments)
} catch {
    if Invocation.exitCode(for: error).isSuccess {
        print(Invocation.fullMessage(for: error))
        exit(0)
    }
    let message = "embsh: error: \(Invocation.message(for: error))\n\(Invocation.usageString())\nSee 'embsh --help'.\n"
    StandardSink().err(message)
    exit(2)
}

if let folder = invocation.generateDocs {
    do {
        try Invocation.writeReference(to: folder)
        exit(0)
    } catch {
        StandardSink().err("embsh: error: cannot write the reference to \(folder): \(error)\n")
        exit(1)
    }
}

let sink = StandardSink()
let shell = Shell(sink: sink, interruption: TerminalLines.interruption)
shell.settings.format = invocation.format
shell.settings.bail = invocation.bail
shell.settings.echo = invocation.echo
shell.settings.quiet = invocation.quiet
shell.outputColumns = TerminalLines.columns(ofDescriptor: 1)

let actions = Invocation.orderedActions(arguments)
if let path = invocation.sessionFile, !shell.openSession(at: path) {
    sink.flush()
    exit(shell.exitStatus)
}
if !actions.isEmpty {
    for action in actions {
        let succeeded: Bool
        switch action {
        case .command(let line): succeeded = shell.execute(line)
        case .script(let path): succeeded = shell.runScriptFile(path)
        }
        if shell.stopRequested || (!succeeded && shell.settings.bail) { break }
    }
} else if isatty(0) != 0 {
    shell.isInteractive = true
    let lines = TerminalLines(historyPath: TerminalLines.defaultHistoryPath(), completer: Completer(shell: shell), sink: sink)
    shell.history = lines.loadedHistory
    var source = lines
    shell.run(&source)
} else {
    var source = StreamLines()
    shell.run(&source)
}
sink.flush()
exit(shell.exitStatus)
