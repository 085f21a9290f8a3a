#if canImport(Glibc)
import Glibc
#endif
import EmbeddingFormats

/// `save`, `open`, `check`, `log`: the session as a file, and how it was made.
enum SessionFileCommands {
    static let all = [save, open, check, log]

    private static let target = Positional.optional("FILE", .path, help: "the session file (default: the one last opened or saved)")

    static let save = CommandSpec(
        "save", group: .shell, summary: "write the whole session (objects and log) to a file, safely",
        positionals: [target],
        examples: ["save work.embsh-session", "save"],
        jsonFields: ["saved", "objects", "bytes"]
    ) { session, arguments, _ in
        guard let path = arguments[target]?.text ?? session.path else {
            throw ShellError.usage(command: "save", message: "save: no FILE given, and the session has not been saved or opened yet",
                                   offset: nil)
        }
        do {
            try SessionFileWriter.write(session.archive, to: path)
        } catch let error as AtomicFileError {
            throw ShellError.message(error.description + " (any existing file is unchanged)", offset: nil)
        } catch let error as SessionFileError {
            throw ShellError.message(error.description + " (any existing file is unchanged)", offset: nil)
        }
        session.path = path
        session.savedGeneration = session.generation
        let size = fileSize(path)
        let count = session.names.count
        return .note("saved \(count) object\(count == 1 ? "" : "s") to \(path) (\(formatBytes(size)))",
                     json: .object([("saved", .string(path)), ("objects", .int(count)), ("bytes", .int(size))]))
    }

    private static let source = Positional.one("FILE", .path, help: "a file written by 'save'")
    private static let merge = Option.bool("merge", help: "add the file's objects to this session instead")
    private static let replace = Option.bool("replace", help: "with merge: replace objects of the same name")

    static let open = CommandSpec(
        "open", group: .shell, summary: "replace the session with a saved one (or add its objects with merge=true)",
        positionals: [source],
        options: [merge, replace],
        examples: ["open work.embsh-session", "open vectors.embsh-session merge=true"],
        jsonFields: ["opened", "objects", "log", "unsaved_changes"]
    ) { session, arguments, context in
        let path = arguments[source].text
        let merging = arguments[merge]
        if !merging, context.shouldWarnBeforeDiscarding(session) {
            return Report([.text("the session has unsaved changes: 'save FILE' keeps them; open again to discard them")],
                          json: .object([("opened", .null), ("unsaved_changes", .bool(true))]))
        }
        let archive: SessionArchive
        do {
            archive = try SessionFileReader.read(path: path)
        } catch let error as SessionFileError {
            throw ShellError.message(error.description + "; the session is unchanged", offset: nil)
        }
        do {
            if merging {
                try session.add(archive, replace: arguments[replace])
                session.log.append(arguments.line)
            } else {
                session = try Session(archive: archive, path: path)
            }
        } catch ShellError.objectExists(let name, let kind) {
            throw ShellError.message("\(path) holds a \(kind.rawValue) named '\(name)', which this session already has "
                + "(replace=true replaces it); the session is unchanged", offset: nil)
        } catch let error as ShellError {
            throw ShellError.message("\(path): \(error.message); the session is unchanged", offset: nil)
        }
        let names = archive.objects.map(\.name)
        let list = names.isEmpty ? "no objects" : names.joined(separator: ", ")
        return .note("opened \(path): \(list); \(archive.log.count) command\(archive.log.count == 1 ? "" : "s") in its log",
                     json: .object([("opened", .string(path)), ("objects", .array(names.map { .string($0) })),
                                    ("log", .int(archive.log.count))]))
    }

    private static let checked = Positional.words("TABLE", .name, arity: .any, help: "the tables to check (default: every table)",
                                                  completion: .object(.table))

    static let check = CommandSpec(
        "check", group: .shell, summary: "verify the checksums of the large table and index blocks that open left for later",
        positionals: [checked],
        examples: ["check", "check vectors"],
        jsonFields: ["checked", "blocks", "bytes"],
        details: "open verifies every part of a session file except blocks of table values or index arrays over "
            + "\(SessionFileReader.deferredCheckBytes >> 20) MiB, which it uses in place: reading gigabytes would cost more than "
            + "the query the file was opened for. check reads them, and save does before writing them again; until then "
            + "damage in them can give wrong numbers, never a crash. A damaged block is an error naming the table."
    ) { session, arguments, _ in
        let names = arguments[checked].isEmpty ? session.names(of: .table) : arguments[checked].map(\.text)
        var blocks = 0, bytes = 0
        var damaged: [String] = []
        for name in names {
            for check in try session.table(name).deferredChecks {
                blocks += 1
                bytes += check.byteCount
                if !check.verify() { damaged.append(check.failure) }
            }
        }
        if !damaged.isEmpty { throw ShellError.message(damaged.joined(separator: "; "), offset: nil) }
        let list = names.isEmpty ? "no tables" : names.joined(separator: ", ")
        let note = blocks == 0 ? "\(list): nothing left to check (open checked every block)"
            : "\(list): \(blocks) block\(blocks == 1 ? "" : "s") (\(formatBytes(bytes))) intact"
        return .note(note, json: .object([("checked", .array(names.map { .string($0) })), ("blocks", .int(blocks)),
                                          ("bytes", .int(bytes))]))
    }

    static let log = CommandSpec(
        "log", group: .shell, summary: "the commands that made this session's objects (kept when it is saved)",
        examples: ["log"],
        jsonFields: ["log"]
    ) { session, _, _ in
        let rows: [[Cell]] = session.log.enumerated().map { [.int($0.offset + 1), .text($0.element)] }
        let json = JSON.object([("log", .array(session.log.map { .string($0) }))])
        if rows.isEmpty { return Report([.note("(nothing has changed the session yet)")], json: json) }
        return Report([.table(TextTable(headers: ["#", "command"], rows: rows))], json: json)
    }
}

/// The size of a file in bytes (0 when it cannot be seen).
private func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}
