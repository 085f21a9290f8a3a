import ArgumentParser
import EmbeddingShell
import Foundation

/// The command line: `embsh [SESSION_FILE] [-c COMMAND]... [-f SCRIPT]... [--bail] [--echo] [--format F] [--quiet]`.
struct Invocation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embsh",
        abstract: "The embedding shell: tokenizers, embedding tables and models, interactively or from scripts.",
        discussion: """
            SESSION_FILE, when given, is opened first. Without -c or -f, reads commands from the terminal (line editing, history, Tab \
            completion) or, when stdin is not a terminal, from stdin. -c and -f run in the \
            order given. Exit status: 0 when every command succeeded, 1 when any failed, \
            2 for a bad invocation. The full reference: 'man embsh', the Markdown pages in \
            share/doc/embsh of the install (Sources/embsh/embsh.docc in the source), and 'help' in the shell.
            """,
        version: "embsh 0.1.0"
    )

    @Argument(help: ArgumentHelp("A session file (written by 'save') to open first.", valueName: "SESSION_FILE"))
    var sessionFile: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Run COMMAND (repeatable), then exit.", valueName: "COMMAND"))
    var commands: [String] = []

    @Option(name: .customShort("f"), help: ArgumentHelp("Run the commands in SCRIPT (repeatable), then exit.", valueName: "SCRIPT"))
    var scripts: [String] = []

    @Flag(help: "Stop at the first failing command.")
    var bail = false

    @Flag(help: "Print each command before running it.")
    var echo = false

    @Option(help: "Output format: table, json (one object per command) or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Hide confirmations and progress.")
    var quiet = false

    @Option(help: .hidden)
    var generateDocs: String?

    /// `-c` and `-f` in the order they appear on the command line (argument-parser keeps
    /// each option's values in order, but not their order relative to each other).
    static func orderedActions(_ arguments: [String]) -> [Action] {
        var actions: [Action] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            for (flag, make) in [("-c", Action.command), ("-f", Action.script)] where argument.hasPrefix(flag) {
                if argument == flag, index + 1 < arguments.count {
                    actions.append(make(arguments[index + 1]))
                    index += 1
                } else if argument.count > 2 {
                    actions.append(make(String(argument.dropFirst(2)).drop { $0 == "=" }.description))
                }
            }
            index += 1
        }
        return actions
    }

    enum Action: Equatable {
        case command(String)
        case script(String)
    }
}

extension OutputFormat: ExpressibleByArgument {}

extension Invocation {
    /// Writes the generated reference pages (`--generate-docs DIR`, DIR usually
    /// `ReferenceFiles.folder`).
    static func writeReference(to folder: String) throws {
        for file in ReferenceFiles.generated(try reference()) {
            try file.text.write(toFile: folder + "/" + file.name, atomically: true, encoding: .utf8)
        }
    }

    /// The command line as declared above, read back from argument-parser's description of it.
    static func reference() throws -> CommandLineReference {
        let info = try JSONDecoder().decode(ToolInfo.self, from: Data(_dumpHelp().utf8)).command
        let shown = info.arguments.filter(\.shouldDisplay)
        let synopsis = ([configuration.commandName ?? "embsh"] + shown.map { argument in
            let written = argument.written.isEmpty ? argument.value : argument.written.joined(separator: "|")
                + (argument.kind == "option" ? " " + argument.value : "")
            return (argument.isOptional ? "[\(written)]" : written) + (argument.isRepeating ? "..." : "")
        }).joined(separator: " ")
        let flags = shown.map { argument in
            CommandLineReference.Flag(usage: argument.written.isEmpty ? argument.value
                                        : argument.written.joined(separator: ", ") + (argument.kind == "option" ? " " + argument.value : ""),
                                      help: argument.abstract ?? "")
        }
        return CommandLineReference(synopsis: synopsis, abstract: configuration.abstract, discussion: info.discussion,
                                    version: configuration.version, flags: flags)
    }

    /// The part of argument-parser's `--experimental-dump-help` JSON the reference reads.
    private struct ToolInfo: Decodable {
        struct Command: Decodable {
            var discussion: String
            var arguments: [Argument]
        }

        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }

            var kind: String
            var abstract: String?
            var valueName: String
            var isOptional: Bool
            var isRepeating: Bool
            var shouldDisplay: Bool
            var names: [Name]?

            /// `-c`, `--format`.
            var written: [String] { (names ?? []).map { ($0.kind == "long" ? "--" : "-") + $0.name } }
            /// `COMMAND`, `FORMAT`.
            var value: String { valueName.uppercased() }
        }

        var command: Command
    }
}
