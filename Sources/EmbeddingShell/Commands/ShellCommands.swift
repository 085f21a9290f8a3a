/// `help`, `set`, `run`, `echo`, `history`, `time`, `quit`: the shell itself.
enum ShellCommands {
    static let all = [help, set, run, echo, history, time, quit]

    private static let topic = Positional.optional("COMMAND", help: "a command name, or 'syntax' for the command language",
                                                   completion: .command)

    static let help = CommandSpec(
        "help", group: .shell, summary: "list commands, or show one command's usage, options and examples; 'help syntax': the language",
        positionals: [topic],
        examples: ["help", "help nearest", "help syntax"],
        jsonFields: ["commands[].name", "commands[].group", "commands[].summary", "commands[].usage", "name", "usage",
                     "summary", "aliases", "arguments[].name", "arguments[].help", "options[].key", "options[].flag",
                     "options[].type", "options[].required", "options[].default", "options[].help", "options[].also",
                     "details", "examples", "topic", "text"]
    ) { _, arguments, context in
        let width = max(80, context.outputColumns ?? 80)
        guard let name = arguments[topic]?.text else { return HelpPages.overview(width: width) }
        if name == "syntax" { return HelpPages.syntax(width: width) }
        guard let spec = CommandTable.lookup(name) else {
            throw ShellError.unknownCommand(name, suggestion: CommandTable.suggestion(for: name))
        }
        return HelpPages.detail(of: spec, width: width)
    }

    private static let settingKey = Positional.optional("KEY", .choice(SettingKey.allCases.map(\.rawValue)), help: "the setting")
    private static let settingValue = Positional.optional("VALUE", help: "its new value", completion: .settingValue)

    static let set = CommandSpec(
        "set", group: .shell, summary: "show or change settings: format, precision, seed, threads, echo, bail, timer, quiet",
        positionals: [settingKey, settingValue],
        examples: ["set", "set format json", "set precision 6"],
        jsonFields: SettingKey.allCases.map(\.rawValue)
    ) { _, arguments, context in
        guard let key = arguments[settingKey].flatMap({ SettingKey(rawValue: $0.text) }) else {
            let rows: [[Cell]] = SettingKey.allCases.map { [.text($0.rawValue), .text(context.settings.value(of: $0)), .text($0.help)] }
            let json = JSON.object(SettingKey.allCases.map { ($0.rawValue, .string(context.settings.value(of: $0))) })
            return Report([.table(TextTable(headers: ["setting", "value", "meaning"], rows: rows))], json: json)
        }
        if let value = arguments[settingValue] {
            guard key.kind.accepts(value.text) else {
                throw ShellError.badValue(command: "set", option: key.rawValue, token: value.text, expected: key.kind.expectation,
                                          offset: value.offset)
            }
            context.change(key, to: value.text)
        }
        let value = context.settings.value(of: key)
        return Report([.text("\(key.rawValue) = \(value)")], json: .object([(key.rawValue, .string(value))]))
    }

    private static let script = Positional.one("FILE", .path, help: "script to run")

    static let run = CommandSpec(
        "run", group: .shell, summary: "run the commands in a script file (same rules as -f)",
        positionals: [script],
        examples: ["run tour.embsh"],
        jsonFields: ["ran", "ok", "failed"]
    ) { session, arguments, context in
        let path = arguments[script].text
        let failuresBefore = context.failures
        let succeeded = try context.runScript(path: path, session: &session)
        let failed = context.failures - failuresBefore
        return Report(json: .object([("ran", .string(path)), ("ok", .bool(succeeded)), ("failed", .int(failed))]))
    }

    private static let words = Positional.words("TEXT", arity: .any, help: "words to print, joined by spaces")

    static let echo = CommandSpec(
        "echo", group: .shell, summary: "print text",
        positionals: [words],
        examples: ["echo \"hello, embeddings\""],
        jsonFields: ["text"]
    ) { _, arguments, _ in
        let text = arguments[words].map(\.text).joined(separator: " ")
        return Report([.text(text)], json: .object([("text", .string(text))]))
    }

    private static let recent = Positional.int("N", 1...Int.max, default: 20, help: "how many")

    static let history = CommandSpec(
        "history", group: .shell, summary: "show recent commands",
        positionals: [recent],
        examples: ["history", "history 5"],
        jsonFields: ["history"]
    ) { _, arguments, context in
        let count = arguments[recent]
        let all = context.history
        let first = max(all.count - count, 0)
        let rows: [[Cell]] = (first..<all.count).map { [.int($0 + 1), .text(all[$0])] }
        let json = JSON.object([("history", .array(all[first...].map { .string($0) }))])
        return Report([.table(TextTable(headers: ["#", "command"], rows: rows))], json: json)
    }

    private static let timedCommand = Positional.words("COMMAND", arity: .rest, help: "the command to time", completion: .command)

    static let time = CommandSpec(
        "time", group: .shell, summary: "run a command and report its wall time",
        positionals: [timedCommand],
        examples: ["time help"],
        jsonFields: ["seconds"],
        details: "In JSON, the timed command's object with seconds added."
    ) { session, arguments, context in
        let tokens = arguments[timedCommand]
        guard let first = tokens.first else {
            throw ShellError.usage(command: "time", message: "time: missing COMMAND", offset: nil)
        }
        // Each level would copy the rest of the line: `time time time …` grew without bound.
        guard CommandTable.lookup(first.text)?.name != "time" else {
            throw ShellError.usage(command: "time", message: "time: a command to time, not 'time' itself", offset: first.offset)
        }
        let start = monotonicSeconds()
        let report = try context.dispatch(tokens: tokens, line: arguments.line, session: &session)
        return context.timed(report, seconds: monotonicSeconds() - start)
    }

    static let quit = CommandSpec(
        "quit", aliases: ["exit"], group: .shell, summary: "leave the shell",
        examples: ["quit"],
        jsonFields: ["quit", "unsaved_changes"]
    ) { session, _, context in
        if context.shouldWarnBeforeDiscarding(session) {
            return Report([.text("the session has unsaved changes: 'save FILE' keeps them; quit again to leave without saving")],
                          json: .object([("quit", .bool(false)), ("unsaved_changes", .bool(true))]))
        }
        context.requestStop()
        return Report(json: .object([("quit", .bool(true))]))
    }
}
