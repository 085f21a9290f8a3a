import XCTest
@testable import EmbeddingShell

final class CommandTableTests: XCTestCase {
    func testEveryExampleParsesAgainstItsCommand() throws {
        for spec in CommandTable.all {
            XCTAssertFalse(spec.examples.isEmpty, "\(spec.name) has no example")
            for example in spec.examples {
                guard case .tokens(let tokens) = try Lexer.lex(example) else { return XCTFail(example) }
                XCTAssertEqual(CommandTable.lookup(tokens[0].text)?.name, spec.name, example)
                XCTAssertNoThrow(try Arguments(spec: spec, tokens: tokens, line: example), example)
            }
        }
    }

    func testNamesAndAliasesAreUnique() {
        let names = CommandTable.all.flatMap { [$0.name] + $0.aliases }
        XCTAssertEqual(names.count, Set(names).count)
    }

    func testUnknownCommandSuggestsTheClosest() {
        let result = runScript("hepl")
        XCTAssertEqual(result.err, "test.embsh:1: embsh: error: unknown command 'hepl' (did you mean 'help'?)\n")
        XCTAssertEqual(result.shell.exitStatus, 1)
    }

    func testUnknownOptionListsValidKeysWithUsageAndCaret() {
        let result = runScript("history bogus=1")
        XCTAssertEqual(result.err, """
            test.embsh:1: embsh: error: history takes no options (got 'bogus')
            usage: history [N]
              history bogus=1
                      ^

            """)
    }

    func testBadTypedValueNamesTheExpectationAndShowsUsage() {
        let result = runScript("history zero")
        XCTAssertTrue(result.err.contains("N must be an integer >= 1 (got \"zero\")\nusage: history [N]\n"), result.err)
        let option = runScript("tokenizer t lower=maybe")
        XCTAssertTrue(option.err.contains("(got \"maybe\")\nusage: tokenizer NAME [num_words=N]"), option.err)
        XCTAssertTrue(runScript("set precision 99").err.contains("\nusage: set [KEY] [VALUE]\n"))
    }

    func testASwitchIsWrittenDashDashKeyAndShownSoInUsageAndHelp() throws {
        let spec = try XCTUnwrap(CommandTable.lookup("plot"))
        func bind(_ line: String) throws -> Arguments {
            guard case .tokens(let tokens) = try Lexer.lex(line) else { throw ShellError.message("continuation", offset: nil) }
            return try Arguments(spec: spec, tokens: tokens, line: line)
        }
        let flagged = try bind("plot emb cat --ascii dog")
        XCTAssertEqual(flagged[PlotCommand.ascii], true)
        XCTAssertEqual(flagged[PlotCommand.words].map(\.text), ["cat", "dog"])
        XCTAssertEqual(try bind("plot emb cat dog ascii=true")[PlotCommand.ascii], true, "the key=value form still works")
        XCTAssertEqual(try bind("plot emb cat dog")[PlotCommand.ascii], false)
        XCTAssertEqual(try bind("plot emb cat dog '--ascii'")[PlotCommand.words].map(\.text), ["cat", "dog", "--ascii"], "quoted: a word")
        XCTAssertThrowsError(try bind("plot emb cat dog --asci"), "issue 14: an unknown --flag is an error, never data") {
            XCTAssertEqual(($0 as? ShellError)?.message,
                           "unknown option '--asci' for plot (did you mean --ascii?); valid options: out, ascii")
        }
        XCTAssertTrue(runScript("plot emb cat dog --ascii ascii=false").err.contains("option 'ascii' given twice"))
        XCTAssertTrue(runScript("plot emb cat dog --out").err.contains("plot: write out=FILE, not --out\nusage: plot"))
        XCTAssertTrue(runScript("tokenizer t --lower").err.contains("tokenizer: write lower=BOOL, not --lower"),
                      "a boolean on by default is no switch")
        XCTAssertEqual(spec.usage, "plot NAME WORD... [out=FILE] [--ascii]")
        XCTAssertTrue(runScript("help plot").out.contains("\n  --ascii, ascii=BOOL  plain ASCII"))
    }

    /// Tab completion offers `~/…`, so a path argument or option reads it as a shell does:
    /// the home directory, unless the word was quoted.
    func testAnUnquotedTildeInAPathIsTheHomeDirectory() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let saved = ProcessInfo.processInfo.environment["HOME"]
        setenv("HOME", home.path, 1)
        defer {
            if let saved { setenv("HOME", saved, 1) } else { unsetenv("HOME") }
            try? FileManager.default.removeItem(at: home)
        }
        try "the cat sat\n".write(to: home.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
        let result = runScript("tokenizer t\nfit t file=~/corpus.txt\nsave ~/s.session\nopen \"~/s.session\"")
        XCTAssertTrue(result.err.contains("fitted t on 1 document"), result.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("s.session").path), result.err)
        XCTAssertTrue(result.err.contains("~/s.session: no such file"), "quoted: taken as written\n" + result.err)
    }

    func testMissingAndExtraArgumentsShowUsage() {
        XCTAssertTrue(runScript("table a rows=2 dim=2\nrename a").err.contains("rename: missing NEW\nusage: rename OLD NEW\n"))
        XCTAssertTrue(runScript("help a b").err.contains("help: unexpected argument 'b'"))
    }

    func testUnclosedQuoteNamesColumn() {
        let result = runScript("echo \"abc")
        XCTAssertTrue(result.err.contains("unclosed double quote starting at column 6"), result.err)
    }

    func testContinuationJoinsLinesAndKeepsFirstLineNumber() {
        let result = runScript("echo a \\\n b \\\nc\nbogus")
        XCTAssertEqual(result.out, "a b c\n")
        XCTAssertTrue(result.err.hasPrefix("test.embsh:4:"), result.err)
    }

    func testJSONModePrintsOneObjectPerCommandAndJSONErrors() {
        let result = runScript("echo hi\nset precision 3\nnope", format: .json)
        XCTAssertEqual(result.out, "{\"text\":\"hi\"}\n{\"precision\":\"3\"}\n")
        XCTAssertEqual(result.err, "{\"error\":\"unknown command 'nope'; type 'help' for a list\",\"file\":\"test.embsh\",\"line\":3}\n")
    }

    func testBailStopsAScriptAtTheFirstFailure() {
        let sink = BufferSink()
        let shell = Shell(sink: sink)
        shell.settings.bail = true
        _ = runScript("echo 1\nnope\necho 2", shell: shell)
        XCTAssertEqual(sink.stdout, "1\n")
        XCTAssertTrue(shell.stopRequested)
    }

    func testTimePrefixAddsSecondsInJSON() {
        let result = runScript("time echo hi", format: .json)
        XCTAssertTrue(result.out.hasPrefix("{\"text\":\"hi\",\"seconds\":"), result.out)
    }

    func testSetListsAndValidates() {
        let result = runScript("set threads 3\nset threads\nset threads 0")
        XCTAssertEqual(result.out, "threads = 3\nthreads = 3\n")
        XCTAssertTrue(result.err.contains("threads must be an integer from 1 to 1024 (got \"0\")"))
        XCTAssertEqual(result.shell.settings.threads, 3)
    }

    func testHistoryShowsRecentCommands() {
        let result = runScript("echo a\necho b\nhistory 2")
        XCTAssertTrue(result.out.hasSuffix("2  echo b\n3  history 2\n"), result.out)
    }

    func testEveryLineOfGarbageFailsCleanly() {
        let garbage = (0..<200).map { i in String(decoding: (0..<(i * 37 % 300)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }, as: UTF8.self) }
        let result = runScript(garbage.joined(separator: "\n"))
        XCTAssertFalse(result.shell.stopRequested)
    }
}
