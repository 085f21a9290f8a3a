import Foundation

/// The pages `help` shows, all made from the command table (one declaration per command) and
/// wrapped to `width` columns (80, or the terminal's width when wider) between words.
enum HelpPages {
    /// Every command by group, with its summary.
    static func overview(width: Int) -> Report {
        var blocks: [Block] = []
        let nameWidth = CommandTable.all.map { $0.name.count }.max() ?? 0
        for group in CommandGroup.allCases {
            let specs = CommandTable.all.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            let lines = specs.map { spec in
                row(spec.name, spec.summary, keyWidth: nameWidth, width: width)
            }
            blocks.append(.text(group.rawValue + ":\n" + lines.joined(separator: "\n")))
        }
        blocks.append(.text(wrap("Type 'help COMMAND' for its options and examples, 'help syntax' for quoting, options, "
                                 + "comments and continuation lines.", width: width)))
        let json = JSON.object([("commands", .array(CommandTable.all.map { spec in
            .object([("name", .string(spec.name)), ("group", .string(spec.group.rawValue)),
                     ("summary", .string(spec.summary)), ("usage", .string(spec.usage))])
        }))])
        return Report(blocks, json: json)
    }

    /// One command: usage, summary, aliases, arguments and options with their defaults and other
    /// spellings, further details, examples.
    static func detail(of spec: CommandSpec, width: Int) -> Report {
        var text = wrap("usage: " + spec.usage, width: width, rest: "  ") + "\n\n" + wrap(spec.summary, width: width) + "\n"
        if !spec.aliases.isEmpty { text += "aliases: " + spec.aliases.joined(separator: ", ") + "\n" }
        let entries = rows(of: spec)
        if !entries.isEmpty {
            let keyWidth = min(entries.map { $0.key.count }.max() ?? 0, 24)
            text += "\n" + entries.map { row($0.key, $0.help, keyWidth: keyWidth, width: width) }.joined(separator: "\n") + "\n"
        }
        if let details = spec.details { text += "\n" + details.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrap(String($0), width: width, rest: String(repeating: " ", count: $0.prefix { $0 == " " }.count + 2)) }
            .joined(separator: "\n") + "\n" }
        // A long example is continued over lines ending in \, as one would type it.
        let examples = spec.examples.map { wrap($0, width: width - 2, first: "  ", rest: "    ").replacingOccurrences(of: "\n", with: " \\\n") }
        text += "\nexample" + (spec.examples.count > 1 ? "s" : "") + ":\n" + examples.joined(separator: "\n")
        let json = JSON.object([
            ("name", .string(spec.name)), ("usage", .string(spec.usage)), ("summary", .string(spec.summary)),
            ("aliases", .array(spec.aliases.map { .string($0) })),
            ("arguments", .array(spec.positionals.map { .object([("name", .string($0.name)), ("help", .string($0.help))]) })),
            ("options", .array(spec.options.map { option in
                .object([("key", .string(option.key)), ("flag", option.flag.map { .string($0) } ?? .null),
                         ("type", .string(option.kind.placeholder)), ("required", .bool(option.isRequired)),
                         ("default", option.defaultValue.map { .string($0) } ?? .null), ("help", .string(option.help)),
                         ("also", .array(option.aliases.map { .string($0.shown) }))])
            })),
            ("details", spec.details.map { .string($0) } ?? .null),
            ("examples", .array(spec.examples.map { .string($0) })),
        ])
        return Report([.text(text)], json: json)
    }

    /// A command's arguments and options, as `help COMMAND` and the reference list them:
    /// (`[COMMAND]`, its help) and (`--ascii, ascii=BOOL`, its help with default and other spellings).
    static func rows(of spec: CommandSpec) -> [(key: String, help: String)] {
        spec.positionals.map { ($0.usage, $0.help) } + spec.options.map { option in
            ((option.flag.map { $0 + ", " } ?? "") + "\(option.key)=\(option.kind.placeholder)", describe(option))
        }
    }

    /// An option's help with its default, whether it is required, and its other spellings.
    private static func describe(_ option: OptionSpec) -> String {
        var notes: [String] = []
        if option.isRequired { notes.append("required") }
        if let value = option.defaultValue, !option.isSwitch {
            // Blanks that would not show: a lone space quoted, a tab and a newline as their escapes.
            notes.append("default " + (value == " " ? "' '" : value.replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n")))
        }
        if !option.aliases.isEmpty { notes.append("also " + option.aliases.map(\.shown).joined(separator: ", ")) }
        return option.help + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")
    }

    /// `  key   description`, the description wrapped in its column; a key wider than `keyWidth`
    /// has the description on the next line.
    private static func row(_ key: String, _ description: String, keyWidth: Int, width: Int) -> String {
        let indent = String(repeating: " ", count: keyWidth + 4)
        if key.count > keyWidth { return "  " + key + "\n" + wrap(description, width: width, first: indent, rest: indent) }
        let first = "  " + key + String(repeating: " ", count: keyWidth - key.count + 2)
        return wrap(description, width: width, first: first, rest: indent)
    }

    /// `help syntax`: the command language.
    static func syntax(width: Int) -> Report {
        Report([.text(syntaxText.map { wrap($0, width: width) }.joined(separator: "\n\n"))],
               json: .object([("topic", .string("syntax")), ("text", .string(syntaxText.joined(separator: "\n\n")))]))
    }

    /// The command language: a title, then paragraphs (`code` in backquotes), for `help syntax`
    /// and the reference.
    static let syntaxText = [
        "The command language",
        "A line is a command and its words: `nearest vectors king k=5`. Words are separated by blanks.",
        "Quoting: \"double\" and 'single' quotes make one word of what they hold, blanks included: "
            + "`fit tok \"the cat sat\"` fits one document. Single quotes take everything literally; inside double "
            + "quotes `\\\"` `\\\\` `\\n` and `\\t` are escapes. A quoted word is always an argument, never an "
            + "option, so a text may start with `--` or hold `=`.",
        "Options: `key=value`, in any order after the command (`maxlen=40`, `oov=\"<unk>\"`). A yes/no option "
            + "that is off by default can also be written `--key` (`--replace` is `replace=true`). Values are checked "
            + "against the option's type and range; yes/no values are true/false/on/off/yes/no/1/0. Many "
            + "options also answer to their Keras or gensim names (`batch_size=`, `vector_size=`, `sg=1`, `topn=`, …), "
            + "listed in 'help COMMAND'. An unknown `key=value` or `--word` is an error that suggests the closest "
            + "option, never a text.",
        "Files: a path is a file name as given, relative to the folder embsh started in; an unquoted `~` or "
            + "`~/` at its start is your home folder, as Tab completes it (`open ~/work.session`).",
        "Object names: a letter or `_` and then letters, digits, `_` `.` or `-` (`tok`, `glove.6B`).",
        "Vectors: a raw vector is written in brackets, numbers separated by commas: `[0.1,-0.2,0.3]` (blanks "
            + "after the commas are allowed). Queries take vectors where they take words, with `+` and `-` "
            + "(`nearest vectors king + [0.1,-0.2,0.3]`); `mean` prints its result this way, to paste back.",
        "Comments: `#` outside quotes starts a comment that runs to the end of the line.",
        "Continuation: a line ending in `\\` continues on the next one.",
        "Layers of a model are words of their own: `model clf embedding(10000,16) gap dense(1,sigmoid)`; "
            + "words inside a layer's parentheses belong to it (`Dense(16, activation='relu')`). 'help model' "
            + "lists the layers.",
        "Scripts: `embsh -f FILE`, `embsh < FILE` or `run FILE` read one command per line with the same rules; "
            + "errors name FILE:LINE. Results go to stdout in the format of `--format` or `set format` "
            + "(table, json: one object per command, csv); confirmations, warnings and progress go to stderr, "
            + "and `--quiet` hides confirmations and progress. Exit status: 0 when every command succeeded, 1 when "
            + "any failed, 2 for a bad invocation.",
    ]
}
