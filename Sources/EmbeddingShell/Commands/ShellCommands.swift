/// `help`, `set`, `run`, `echo`, `history`, `time`, `quit`: the shell itself.
enum ShellCommands {
    static let all = [help, set, run, echo, history, time, quit]

    private static let topic = Positional.optional("COMMAND", help: "a command name", completion: .command)

    static let help = CommandSpec(
        "help", group: .shell, summary: "list commands, or show one command's usage, options and examples",
        positionals: [topic],
        examples: ["help", "help nearest"]
    ) { _, arguments, _ in
        guard let name = arguments[topic]?.text else { return overview() }
        guard let spec = CommandTable.lookup(name) else {
            throw ShellError.unknownCommand(name, suggestion: CommandTable.suggestion(for: name))
        }
        return detail(of: spec)
    }

    private static func overview() -> Report {
        var blocks: [Block] = []
        for group in CommandGroup.allCases {
            let specs = CommandTable.all.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            let width = specs.map { $0.name.count }.max() ?? 0
            let lines = specs.map { "  " + $0.name + String(repeating: " ", count: width - $0.name.count + 2) + $0.summary }
            blocks.append(.text(group.rawValue + ":\n" + lines.joined(separator: "\n")))
        }
        blocks.append(.text("Type 'help COMMAND' for its options and an example."))
        let json = JSON.object([("commands", .array(CommandTable.all.map { spec in
            .object([("name", .string(spec.name)), ("group", .string(spec.group.rawValue)),
                     ("summary", .string(spec.summary)), ("usage", .string(spec.usage))])
        }))])
        return Report(blocks, json: json)
    }

    private static func detail(of spec: CommandSpec) -> Report {
        var text = "usage: \(spec.usage)\n\n\(spec.summary)\n"
        if !spec.aliases.isEmpty { text += "aliases: " + spec.aliases.joined(separator: ", ") + "\n" }
        let rows = spec.positionals.map { ($0.usage, $0.help) } + spec.options.map { option in
            ((option.flag.map { $0 + ", " } ?? "") + "\(option.key)=\(option.kind.placeholder)",
             option.help + (option.defaultValue.map { " (default \($0))" } ?? ""))
        }
        if !rows.isEmpty {
            let width = rows.map { $0.0.count }.max() ?? 0
            text += "\n" + rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n") + "\n"
        }
        text += "\nexample" + (spec.examples.count > 1 ? "s" : "") + ":\n" + spec.examples.map { "  " + $0 }.joined(separator: "\n")
        let json = JSON.object([
            ("name", .string(spec.name)), ("usage", .string(spec.usage)), ("summary", .string(spec.summary)),
            ("aliases", .array(spec.aliases.map { .string($0) })),
            ("arguments", .array(spec.positionals.map { .object([("name", .string($0.name)), ("help", .string($0.help))]) })),
            ("options", .array(spec.options.map { option in
                .object([("key", .string(option.key)), ("flag", option.flag.map { .string($0) } ?? .null),
                         ("type", .string(option.kind.placeholder)),
                         ("default", option.defaultValue.map { .string($0) } ?? .null), ("help", .string(option.help))])
            })),
            ("examples", .array(spec.examples.map { .string($0) })),
        ])
        return Report([.text(text)], json: json)
    }

    private static let settingKey = Positional.optional("KEY", .choice(SettingKey.allCases.map(\.rawValue)), help: "the setting")
    private static let settingValue = Positional.optional("VALUE", help: "its new value", completion: .settingValue)

    static let set = CommandSpec(
        "set", group: .shell, summary: "show or change settings: format, precision, seed, threads, echo, bail, timer, quiet",
        positionals: [settingKey, settingValue],
        examples: ["set", "set format json", "set precision 6"]
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
        examples: ["run tour.embsh"]
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
        examples: ["echo \"hello, embeddings\""]
    ) { _, arguments, _ in
        let text = arguments[words].map(\.text).joined(separator: " ")
        return Report([.text(text)], json: .object([("text", .string(text))]))
    }

    private static let recent = Positional.int("N", 1...Int.max, default: 20, help: "how many")

    static let history = CommandSpec(
        "history", group: .shell, summary: "show recent commands",
        positionals: [recent],
        examples: ["history", "history 5"]
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
        examples: ["time help"]
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
        examples: ["quit"]
    ) { session, _, context in
        if context.shouldWarnBeforeDiscarding(session) {
            return Report([.text("the session has unsaved changes: 'save FILE' keeps them; quit again to leave without saving")],
                          json: .object([("quit", .bool(false)), ("unsaved_changes", .bool(true))]))
        }
        context.requestStop()
        return Report(json: .object([("quit", .bool(true))]))
    }
}
