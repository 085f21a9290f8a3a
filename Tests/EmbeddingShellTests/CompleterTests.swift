import Foundation
import XCTest
@testable import EmbeddingShell

/// Tab completion, per argument: command names, option keys and values, object names,
/// words of a tokenizer or table, and file paths.
final class CompleterTests: XCTestCase {
    /// Shells stay alive for the test (a completer holds its shell unowned).
    private var shells: [Shell] = []

    private func completer(after script: String = "") -> Completer {
        let shell = runScript(script).shell
        shells.append(shell)
        return Completer(shell: shell)
    }

    func testCommandNames() {
        let completion = completer().complete("to")
        XCTAssertEqual(completion.candidates, ["tokenize", "tokenizer"])
        XCTAssertEqual(completion.commonPrefix, "tokenize")
        XCTAssertEqual(completer().complete("detok").candidates, ["detokenize"])
        XCTAssertTrue(completer().complete("detok").appendsSpace)
    }

    func testOptionKeysAndValuesWithoutRepeatingGivenKeys() {
        let tokenizer = completer().complete("tokenizer t num")
        XCTAssertEqual(tokenizer.candidates, ["num_words="])
        XCTAssertFalse(tokenizer.appendsSpace, "the value follows the '=' directly")
        XCTAssertEqual(completer().complete("tokenizer t lower=f").candidates, ["lower=false"])
        let keys = completer().complete("tokenizer t num_words=5 ").candidates
        XCTAssertFalse(keys.contains("num_words="))
        XCTAssertTrue(keys.contains("oov="))
        XCTAssertEqual(completer(after: "tokenizer t").complete("tokenize t x padding=p").candidates, ["padding=pre", "padding=post"])
    }

    func testSwitchesCompleteAsDashDashKeyOnce() {
        let complete = completer(after: "tokenizer tok\nfit tok \"the cat sat\"\ntable emb vocab=tok dim=2").complete
        XCTAssertEqual(complete("plot emb cat --").candidates, ["--ascii"])
        XCTAssertTrue(complete("plot emb cat --a").appendsSpace)
        XCTAssertEqual(complete("plot emb cat a").candidates, ["ascii="])
        XCTAssertEqual(complete("plot emb --ascii c").candidates, ["cat"], "a switch is not the table's name")
        XCTAssertFalse(complete("plot emb cat --ascii ").candidates.contains("--ascii"), "not offered again")
        XCTAssertFalse(complete("plot emb cat ascii=true ").candidates.contains("--ascii"))
        XCTAssertEqual(complete("tokenizer t --").candidates, ["--char_level"], "lower is on by default: no switch")
    }

    func testObjectNamesOfTheRightKind() {
        let complete = completer(after: "tokenizer tok\ntokenizer toys\ntable tab rows=3 dim=2").complete
        XCTAssertEqual(complete("vocab to").candidates, ["tok", "toys", "top="], "names, then option keys")
        XCTAssertEqual(complete("normalize t").candidates, ["tab"], "only tables")
        XCTAssertEqual(complete("show t").candidates, ["tok", "toys", "tab"], "any kind")
    }

    func testWordsFromTheTokenizerOrTableNamed() {
        let complete = completer(after: """
            tokenizer tok
            fit tok "the cat sat" "the car"
            table emb vocab=tok dim=2
            """).complete
        XCTAssertEqual(complete("lookup emb ca").candidates.sorted(), ["car", "cat"])
        XCTAssertEqual(complete("similarity emb cat s").candidates, ["sat"])
        XCTAssertEqual(complete("nearest emb th").candidates, ["the"])
        XCTAssertEqual(complete("lookup nothing ca").candidates, [], "no such object: nothing to offer")
        XCTAssertEqual(complete("nsimilarity emb cat,th").candidates, ["cat,the"], "the word after the last comma")
        XCTAssertEqual(complete("closerthan emb cat s").candidates, ["sat"])
        XCTAssertEqual(complete("nearest emb [0.1,s").candidates, [], "no words inside a vector")
        XCTAssertEqual(complete("nsim").candidates, ["nsimilarity"])
    }

    func testFilePathsWhereACommandTakesAFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("corpus.txt").path, contents: Data())
        let base = directory.path + "/"
        XCTAssertEqual(completer(after: "tokenizer t").complete("fit t file=\(base)co").candidates, ["file=\(base)corpus.txt"])
        let run = completer().complete("run \(base)scr")
        XCTAssertEqual(run.candidates, ["\(base)scripts/"])
        XCTAssertFalse(run.appendsSpace, "a directory is completed further, not ended")
    }

    /// Every entry of a directory larger than one `readdir` buffer. Each name is read in place:
    /// copying whole `dirent` records read past the buffer's end at its last, shorter record
    /// (AddressSanitizer: heap-buffer-overflow).
    func testFilePathsOfADirectoryLargerThanOneReadBuffer() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = (0 ..< 3000).map { String(format: "f%04d", $0) }
        for name in names { _ = FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: nil) }
        let base = directory.path + "/"
        XCTAssertEqual(completer().complete("run \(base)f").candidates, names.map { base + $0 })
    }
}
