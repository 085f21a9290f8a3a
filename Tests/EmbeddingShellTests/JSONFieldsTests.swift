import Foundation
import XCTest
@testable import EmbeddingShell

/// The JSON fields each command declares (and the reference documents) are the fields its
/// real output has: a session runs every command, in each of its shapes, with `--format json`.
final class JSONFieldsTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// Every command at least once, and each of its differently shaped outputs.
    private static let script = """
        help
        help nearest
        help syntax
        set
        set precision 4
        echo hello
        history 2
        time echo timed
        tokenizer tok oov="<unk>"
        fit tok "the cat sat on the mat" "the dog ran on the log"
        fit tok file=\(fixtures)/corpus/lines.txt
        vocab tok top=3
        tokenize tok "the cat" "a dog" maxlen=4
        detokenize tok 1 2
        pad 1,2 3 maxlen=3
        matrix tok "the cat" mode=count
        show tok
        table emb vocab=tok dim=4 seed=1
        lookup emb cat dog
        lookup emb "the cat" via=tok
        show emb
        similarity emb cat dog
        nearest emb cat k=2
        analogy emb the cat dog
        doesntmatch emb the cat dog
        mean emb cat dog
        nsimilarity emb cat,dog the,sat
        distance emb cat dog
        distances emb cat dog sat
        closerthan emb cat dog
        rank emb cat dog
        closest emb cat dog sat
        centrality emb the cat dog
        relsimilarity emb cat dog k=2
        wmdistance emb "the cat" "dog sat"
        index emb
        index emb ef=200
        show emb
        nearest emb cat k=2 exact=true
        index emb drop=true
        evaluate emb pairs=\(fixtures)/eval/pairs.tsv
        evaluate emb analogies=\(fixtures)/eval/analogies.txt
        explain emb "the cat" via=tok
        explain
        plot emb the cat dog sat --ascii
        plot emb the cat dog sat out=words.svg
        plot emb the cat dog sat out=words.html
        project emb out=emb.html
        project emb out=map.html method=tsne perplexity=2 iterations=250
        normalize emb
        import vec \(fixtures)/vectors/small-word2vec.txt
        export vec out.txt
        export tok tok.json
        tokenizer from_keras from=tok.json
        vectorizer tv max_tokens=20 output_sequence_length=4
        fit tv "the cat sat on the mat" "the dog ran on the log"
        fit tv file=\(fixtures)/corpus/lines.txt
        vocab tv top=3
        tokenize tv "the cat" "a dog"
        show tv
        vectorizer bag output_mode=tf_idf ngrams=2
        fit bag "the cat sat" "the dog"
        tokenize bag "the cat"
        matrix bag "the dog"
        word2vec w2v file=\(fixtures)/corpus/topics.txt dim=8 epochs=1 min_count=1 threads=1 seed=1
        fasttext ft file=\(fixtures)/corpus/topics.txt dim=8 epochs=1 min_count=1 threads=1 seed=1 bucket=100
        explain ft "the catlike" via=tok
        lookup ft catlike
        similarity ft catlike cat
        nearest ft catlike k=2
        analogy ft cat catlike dog
        doesntmatch ft cat dog catlike
        mean ft catlike dog
        nsimilarity ft catlike dog
        centrality ft cat catlike
        distance ft catlike cat
        distances ft catlike cat dog
        closest ft catlike cat dog
        relsimilarity ft catlike cat k=2
        wmdistance ft "the catlike" dog
        export ft ft.bin
        import ft2 ft.bin
        phrases ph file=\(fixtures)/corpus/topics.txt out=phrased.txt min_count=1 threshold=0.01
        phrases ph apply file=\(fixtures)/corpus/topics.txt out=phrased2.txt
        show ph
        tokenizer rt
        fit rt file=\(fixtures)/classify/reviews-train.tsv format=tsv column=2
        model clf embedding(60,4) gap dense(1,sigmoid) seed=1
        summary clf
        train clf data=\(fixtures)/classify/reviews-train.tsv tokenizer=rt maxlen=8 epochs=2
        model clf2 embedding(60,4) gap dense(1,sigmoid) seed=1
        train clf2 data=\(fixtures)/classify/reviews-train.tsv tokenizer=rt maxlen=8 epochs=2 validation=0.25
        predict clf "a lovely trip"
        predict clf file=\(fixtures)/classify/reviews-unlabelled.txt
        evaluate clf data=\(fixtures)/classify/reviews-test.tsv
        extract clf as=learned
        show clf
        plot clf2 history
        ls
        rename learned learned2
        drop learned2
        log
        save s.session
        run script.embsh
        tutorial
        """

    /// Commands that run others: their own object is the last line they print.
    private static let runsOthers: Set<String> = ["run", "tutorial"]

    func testDeclaredFieldsAreTheFieldsOfRealOutput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-json-fields-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(folder.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        try "echo from a script\n".write(to: folder.appendingPathComponent("script.embsh"), atomically: true, encoding: .utf8)

        var seen: [String: Set<String>] = [:]
        let main = Shell(sink: BufferSink())
        try observe(Self.script + "\nopen s.session\nopen s.session merge=true --replace\ncheck", on: main, into: &seen)
        // Interactive, with unsaved changes: open and quit warn once instead.
        for warned in ["open s.session", "quit\nquit"] {
            let shell = Shell(sink: BufferSink())
            shell.isInteractive = true
            try observe("tokenizer spare\n" + warned, on: shell, into: &seen)
        }

        let echo = Set(try XCTUnwrap(CommandTable.lookup("echo")).jsonFields)
        for spec in CommandTable.all {
            guard var observed = seen[spec.name].map(Self.leaves) else {
                XCTFail("\(spec.name): not run by this test; add it to the script")
                continue
            }
            if spec.name == "time" { observed.subtract(echo) }
            XCTAssertEqual(observed.sorted(), Set(spec.jsonFields).sorted(),
                           "\(spec.name): declared JSON fields differ from its output: \(observed.sorted())")
            XCTAssertEqual(spec.jsonFields.count, Set(spec.jsonFields).count, "\(spec.name): a field declared twice")
        }
    }

    /// The paths that are not a prefix of another (an array empty in one output, not in another).
    private static func leaves(_ paths: Set<String>) -> Set<String> {
        paths.filter { path in !paths.contains { $0.hasPrefix(path + ".") || $0.hasPrefix(path + "[].") } }
    }

    /// Runs each line of `script` on `shell` and adds the fields of its JSON output to `seen`.
    private func observe(_ script: String, on shell: Shell, into seen: inout [String: Set<String>]) throws {
        for line in script.split(separator: "\n").map(String.init) {
            let before = (shell.sink as! BufferSink).stdout.count
            let result = runScript(line, format: .json, shell: shell)
            XCTAssertEqual(shell.failures, 0, "\(line): \(result.err)")
            let name = try XCTUnwrap(CommandTable.lookup(String(line.prefix { $0 != " " }))).name
            var objects = result.out.dropFirst(before).split(separator: "\n")
            if Self.runsOthers.contains(name) { objects = objects.suffix(1) }
            for object in objects {
                seen[name, default: []].formUnion(Self.paths(of: try JSONSerialization.jsonObject(with: Data(object.utf8))))
            }
        }
    }

    /// The leaves of a JSON value: `a`, `a.b` for an object inside an object, `a[].b` for
    /// objects inside an array; an array of values (or of arrays) is one field.
    private static func paths(of value: Any, prefix: String = "") -> Set<String> {
        var result: Set<String> = []
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let inner = paths(of: child, prefix: prefix + key + ".")
                result.formUnion(inner.isEmpty ? [prefix + key] : inner)
            }
        } else if let array = value as? [Any] {
            for element in array where element is [String: Any] {
                result.formUnion(paths(of: element, prefix: String(prefix.dropLast()) + "[]."))
            }
        }
        return result
    }
}
