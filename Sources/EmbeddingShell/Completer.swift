import EmbeddingFormats

#if canImport(Glibc)
import Glibc
#endif

/// What Tab offers: full replacement words for the word under the cursor.
public struct Completion: Equatable, Sendable {
    public var candidates: [String]
    /// Whether a unique candidate should be followed by a space (not after `key=` or a directory).
    public var appendsSpace: Bool

    /// The longest prefix all candidates share.
    public var commonPrefix: String {
        guard var prefix = candidates.first.map(Array.init) else { return "" }
        for candidate in candidates.dropFirst() {
            let other = Array(candidate)
            var n = 0
            while n < prefix.count, n < other.count, prefix[n] == other[n] { n += 1 }
            prefix.removeSubrange(n...)
        }
        return String(prefix)
    }
}

/// Completes command lines from the command table and the session: command names, option
/// keys, option values, object names, words of tables and tokenizers, and file paths.
public final class Completer {
    private unowned let shell: Shell
    /// At most this many words of a vocabulary are offered.
    static let wordLimit = 200

    public init(shell: Shell) { self.shell = shell }

    /// Candidates for the last word of `text` (the line up to the cursor).
    public func complete(_ text: String) -> Completion {
        let endsWithBlank = text.last.map { $0 == " " || $0 == "\t" } ?? true
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let current = endsWithBlank ? "" : (words.popLast() ?? "")
        guard let commandWord = words.first else {
            return finish(CommandTable.names.filter { $0.hasPrefix(current) })
        }
        guard let spec = CommandTable.lookup(commandWord) else { return finish([]) }
        if spec.positionals.first?.arity == .rest {
            let inner = text.drop { $0 == " " || $0 == "\t" }.dropFirst(commandWord.count).drop { $0 == " " || $0 == "\t" }
            return complete(String(inner))
        }
        let given = words.dropFirst().compactMap { spec.option(in: $0)?.key }
        if let eq = current.firstIndex(of: "="), let option = spec.option(String(current[..<eq])) {
            let key = String(current[..<eq]) + "="
            let valuePrefix = String(current[current.index(after: eq)...])
            let values = candidates(from: option.completion, prefix: valuePrefix, words: words, spec: spec)
            return finish(values.map { key + $0 })
        }
        let positionalIndex = words.count - 1 - given.count
        var result: [String] = []
        if let positional = positional(at: positionalIndex, of: spec) {
            result = candidates(from: positional.completion, prefix: current, words: words, spec: spec)
        }
        let keys = spec.options.filter { !given.contains($0.key) }.flatMap { [$0.key + "="] + ($0.flag.map { [$0] } ?? []) }
            .filter { $0.hasPrefix(current) }
        return finish(result + (result.isEmpty || !current.isEmpty ? keys : []))
    }

    private func positional(at index: Int, of spec: CommandSpec) -> PositionalSpec? {
        guard index >= 0 else { return nil }
        if index < spec.positionals.count { return spec.positionals[index] }
        guard let last = spec.positionals.last, last.arity == .many || last.arity == .any else { return nil }
        return last
    }

    private func candidates(from source: CompletionSource, prefix: String, words: [String], spec: CommandSpec) -> [String] {
        switch source {
        case .none: return []
        case .command: return CommandTable.names.filter { $0.hasPrefix(prefix) }
        case .object(let kind): return shell.session.names(of: kind).filter { $0.hasPrefix(prefix) }
        case .choices(let values): return values.filter { $0.hasPrefix(prefix) }
        case .file: return files(matching: prefix)
        case .settingValue:
            guard words.count > 1, let key = SettingKey(rawValue: words[1]) else { return [] }
            switch key.kind {
            case .bool: return ["true", "false"].filter { $0.hasPrefix(prefix) }
            case .choice(let values): return values.filter { $0.hasPrefix(prefix) }
            default: return []
            }
        case .word:
            let via = words.first { $0.hasPrefix("via=") }.map { String($0.dropFirst(4)) }
            guard let name = via ?? words.dropFirst().first(where: { spec.option(in: $0) == nil && !$0.contains("=") }),
                  let object = try? shell.session.object(name), !VectorLiteral.opens(prefix) else { return [] }
            // In a comma list (`nsimilarity t sushi,sh`) the word after the last comma.
            let head = prefix.lastIndex(of: ",").map { String(prefix[...$0]) } ?? ""
            return object.words(withPrefix: String(prefix.dropFirst(head.count)), limit: Self.wordLimit).map { head + $0 }
        }
    }

    /// Entries of the directory part of `prefix` whose names start with its last part.
    private func files(matching prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let directory = slash.map { String(prefix[...$0]) } ?? ""
        let stem = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let expanded = directory.hasPrefix("~/") ? (environment("HOME") ?? "") + directory.dropFirst() : directory
        var names: [String] = []
        for name in directoryEntries(expanded.isEmpty ? "." : expanded) ?? [] {
            guard name != ".", name != "..", name.hasPrefix(stem), stem.hasPrefix(".") || !name.hasPrefix(".") else { continue }
            var info = stat()
            let isDirectory = stat(expanded + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            names.append(directory + name + (isDirectory ? "/" : ""))
        }
        return names.sorted()
    }

    private func finish(_ candidates: [String]) -> Completion {
        var seen = Set<String>()
        let unique = candidates.filter { seen.insert($0).inserted }
        let single = unique.count == 1 ? unique[0] : nil
        return Completion(candidates: unique, appendsSpace: single.map { !$0.hasSuffix("=") && !$0.hasSuffix("/") } ?? false)
    }
}
