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

    func testHistoryIsRecalledAfterARestartButNotLinesStartingWithASpace() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.type("echo remembered")
        try tmux.send("Enter")
        try tmux.type(" echo secret")
        try tmux.send("Enter")
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

    func testCtrlDOnAnEmptyLineExits() throws {
        let tmux = try Tmux()
        try tmux.start()
        try tmux.send("C-d")
        try tmux.waitFor("EXITED 0")
    }
}
