import EmbeddingFormats
import EmbeddingKit
import EmbeddingShell

/// The session target: the input is a session file, opened as `open` does (read, checked,
/// rebuilt into objects), then each object it holds is used once by the commands of its kind.
/// First it is opened as a large file is, every block's checksum left for later, so damaged
/// values and index arrays reach the searches (which must stay inside the file) and the checks.
enum SessionFiles {
    static func open(_ input: UnsafeRawBufferPointer) -> FuzzOutcome {
        let path = Scratch.write(input, to: "input.session")
        searchUnchecked(path)
        let shell = Shell(sink: DiscardingSink(), interruption: deadline())
        guard shell.openSession(at: path) else { return .refused }
        for name in shell.session.names {
            guard let object = try? shell.session.object(name) else { continue }
            for line in uses(of: object, named: name) { shell.execute(line) }
        }
        return shell.failures == 0 ? .accepted : .refused
    }

    /// Each table of the file at `path`, opened with every block's check deferred, asked for
    /// the neighbours of its first and last words before its checks run.
    private static func searchUnchecked(_ path: String) {
        guard let archive = try? SessionFileReader.read(path: path, deferChecksAbove: 0) else { return }
        for case (_, .table(let table)) in archive.objects {
            for word in [table.label(0), table.label(table.rows - 1)].compactMap({ $0 }) {
                _ = try? table.nearest(query: word, k: 2)
            }
            _ = table.deferredChecks.map { $0.verify() }
        }
    }

    /// Commands that read every part of an object of its kind.
    static func uses(of object: SessionObject, named name: String) -> [String] {
        switch object {
        case .tokenizer:
            return ["show \(name)", "vocab \(name) top=5", "tokenize \(name) \"the cat sat\" maxlen=4",
                    "matrix \(name) \"the cat\" mode=tfidf", "detokenize \(name) 1 2 3"]
        case .vectorizer(let vectorizer):
            let output = vectorizer.config.outputMode == .int
                ? ["table fuzz_rows vocab=\(name) dim=2", "lookup fuzz_rows \"the cat sat\" via=\(name)", "drop fuzz_rows"]
                : ["matrix \(name) \"the cat\""]
            return ["show \(name)", "vocab \(name) top=5", "tokenize \(name) \"the cat sat\" \"\""] + output
                + ["fit \(name) \"a new text\""]
        case .table(let table):
            let word = table.label(0).map(Lexer.quoted)
            // A table with n-gram vectors also composes a word it lacks; nearest comes before
            // normalize, which drops the index nearest would read.
            let composed = table.subwords == nil ? [] : ["lookup \(name) zqxjvw", "similarity \(name) zqxjvw \(word ?? "0")",
                                                         "wmdistance \(name) zqxjvw \"zqxjvw zq\""]
            return ["show \(name)", "lookup \(name) 0"] + (word.map { ["nearest \(name) \($0) k=2"] } ?? []) + composed
                + ["normalize \(name)"]
        case .model:
            return ["show \(name)", "summary \(name)", "predict \(name) \"the cat sat\"", "plot \(name) history",
                    "extract \(name) as=fuzz_extracted"]
        case .phrases:
            let corpus = Array("the new york city\nbank of america\n".utf8).withUnsafeBytes { Scratch.write($0, to: "corpus.txt") }
            return ["show \(name)", "phrases \(name) apply file=\(Lexer.quoted(corpus)) out=\(Lexer.quoted(Scratch.directory + "/phrased.txt"))"]
        }
    }
}
