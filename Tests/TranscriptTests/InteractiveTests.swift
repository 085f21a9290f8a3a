import Foundation
import XCTest

/// The interactive shell on a real terminal (tmux): prompt, Tab completion, history across
/// runs, Ctrl-C and Ctrl-D.
final class InteractiveTests: XCTestCase {
    func testTabCompletesACommandName() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.type("hist")
        try tmux.send("Tab")
        try tmux.waitFor("embsh> history ")
        try tmux.send("Enter")
        try tmux.waitFor("1  history")
    }

    func testTabCompletesOptionKeysAndSettings() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.type("set for")
        try tmux.send("Tab")
        try tmux.waitFor("embsh> set format ")
        try tmux.type("js")
        try tmux.send("Tab")
        try tmux.waitFor("embsh> set format json ")
    }

    /// Release builds once never appended the space (libedit read past a too short list of
    /// matches), so `ki` was glued to the completed name: `nearest gloveki`.
    func testTabCompletesAUniqueNameAndWordAndAppendsASpaceToEach() throws {
        let tmux = try Tmux()
        try tmux.start()
        for line in ["tokenizer tok", "fit tok \"the king sat\"", "table glove vocab=tok dim=4"] { try tmux.enter(line) }
        try tmux.type("nearest gl")
        try tmux.send("Tab")
        try tmux.type("ki")
        try tmux.send("Tab")
        try tmux.type("k=1")
        try tmux.waitFor("embsh> nearest glove king k=1")
        try tmux.send("Enter")
        try tmux.waitFor("rank  word")
    }

    func testTabCompletesObjectNamesAndWordsOfTheSession() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.enter("tokenizer animals")
        try tmux.type("fit ani")
        try tmux.send("Tab")
        try tmux.waitFor("embsh> fit animals")
        try tmux.enter(" \"cat dog\"")
        try tmux.type("tokenize animals ca")
        try tmux.send("Tab")
        try tmux.waitFor("embsh> tokenize animals cat")
    }

    func testPlotDrawsBrailleOnATerminalAndASCIIWithTheSwitch() throws {
        let tmux = try Tmux()
        try tmux.start()
        for line in ["tokenizer t", "fit t \"a b c d\"", "table e vocab=t dim=4", "plot e a b c"] { try tmux.enter(line) }
        try tmux.waitFor("of the variance) →")
        try tmux.type("plot e a b c --as")
        try tmux.send("Tab")
        try tmux.waitFor("embsh> plot e a b c --ascii")
        try tmux.send("Enter")
        try tmux.waitFor("of the variance) ->")
    }

    func testTheUsersEditrcIsHonoured() throws {
        let tmux = try Tmux()
        let editrc = "bind -s ^G \"echo from-editrc\"\nembsh:bind -s ^T \"echo for-embsh-only\"\n"
        try editrc.write(to: tmux.directory.appendingPathComponent(".editrc"), atomically: true, encoding: .utf8)
        try tmux.start()
        try tmux.send("C-g")
        try tmux.waitFor("embsh> echo from-editrc")
        try tmux.send("C-u", "C-t")
        try tmux.waitFor("embsh> echo for-embsh-only")
    }

    func testHistoryIsRecalledAfterARestartButNotLinesStartingWithASpace() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.enter("echo remembered")
        try tmux.enter(" echo secret")
        try tmux.waitFor("secret\n")
        try tmux.type("quit")
        try tmux.send("Enter")
        try tmux.waitFor("EXITED 0")
        tmux.stop()

        let again = try Tmux(directory: tmux.directory)
        try again.start()
        try again.send("Up")
        try again.waitFor("embsh> quit")
        try again.send("Up")
        try again.waitFor("embsh> echo remembered")
        let history = try String(contentsOf: tmux.historyFile, encoding: .utf8)
        XCTAssertFalse(history.contains("secret"), history)
    }

    func testCtrlCClearsATypedLineAndTheShellGoesOn() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.type("echo abandoned")
        try tmux.send("C-c")
        try tmux.type("echo kept")
        try tmux.send("Enter")
        let screen = try tmux.waitFor("kept\n")
        XCTAssertFalse(screen.contains("abandoned\n"), screen)
    }

    func testQuitWarnsOnceAboutUnsavedChanges() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.enter("tokenizer tok")
        try tmux.enter("quit")
        try tmux.waitFor("unsaved changes")
        try tmux.type("quit")
        try tmux.send("Enter")
        try tmux.waitFor("EXITED 0")
    }

    func testCtrlDOnAnEmptyLineExits() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.send("C-d")
        try tmux.waitFor("EXITED 0")
        try tmux.waitFor("TERMINAL icanon")
    }

    func testTheTerminalIsRestoredWhenTerminatedWhileEditing() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.type("echo half-typ")
        try tmux.signalProgram(SIGTERM)
        try tmux.waitFor("EXITED 143")
        try tmux.waitFor("TERMINAL icanon")
    }

    func testCtrlCInterruptsARunningCommandAndLeavesTheSessionAsItWas() throws {
        let tmux = try Tmux()
        // 6,400,000 distinct words, so fitting takes seconds, far longer than the test waits (a
        // file of ten words repeated, three times the size, fits in 0.3 s on a recent core).
        let corpus = tmux.directory.appendingPathComponent("big.txt")
        var text = [UInt8]()
        text.reserveCapacity(64 << 20)
        for i in 0 ..< 6_400_000 {
            text += "w\(i)".utf8
            text.append(i % 16 == 15 ? 10 : 32)
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: corpus.path, contents: Data(text)))
        defer { try? FileManager.default.removeItem(at: corpus) }

        try tmux.start()
        try tmux.enter("tokenizer tok")
        try tmux.waitFor("created tokenizer tok")
        try tmux.type("fit tok file=big.txt")
        try tmux.send("Enter")
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.send("C-c")
        try tmux.waitFor("embsh: error: interrupted")
        try tmux.waitForPrompt()
        try tmux.type("ls")
        try tmux.send("Enter")
        let screen = try tmux.waitFor("0 words")
        XCTAssertTrue(screen.contains("tok   tokenizer  0 words"), screen)
    }

    func testWord2VecShowsABarAndCtrlCKeepsThePartialVectors() throws {
        let tmux = try Tmux()
        let corpus = String(repeating: "the cat sat on the mat with a dog\n", count: 2_000)
        try corpus.write(to: tmux.directory.appendingPathComponent("corpus.txt"), atomically: true, encoding: .utf8)
        try tmux.start()
        try tmux.type("word2vec w file=corpus.txt min_count=1 sample=0 epochs=1000 threads=1")
        try tmux.send("Enter")
        let bar = try tmux.waitFor(" ETA ", seconds: 20)
        for part in ["%  epoch ", "/1000  ", " words/s  lr 0.0", "  loss "] { XCTAssertTrue(bar.contains(part), bar) }
        try tmux.send("C-c")
        try tmux.waitFor("w holds the vectors trained so far (partial)")
        try tmux.waitForPrompt()
        try tmux.enter("show w")
        try tmux.waitFor("note: partial: training was stopped at")
        try tmux.type("nearest w ca")
        try tmux.send("Tab")
        try tmux.waitFor("embsh> nearest w cat ")
    }
}
