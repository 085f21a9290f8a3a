import Foundation
import XCTest

/// Drives embsh on a real terminal through tmux, as a person would: type keys, read the screen.
final class Tmux {
    private let socket = "embsh-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    let directory: URL
    /// Whether `directory` was made here (and so is removed with the server).
    private let ownsDirectory: Bool

    /// Starts `embsh` in a 100×20 pane, with its history file in a fresh directory; after it
    /// exits the pane prints `EXITED <status>`, then `TERMINAL icanon` when the terminal is
    /// back in line mode (`TERMINAL -icanon` when it was left raw), and stays.
    init(directory: URL? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed (Scripts/test installs it)")
        }
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("embsh-tmux-\(UUID().uuidString)")
        ownsDirectory = directory == nil
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
    }

    var historyFile: URL { directory.appendingPathComponent("history") }

    /// Starts the shell (again).
    func start(arguments: String = "") throws {
        // `set -m`: job control, as in a user's interactive shell, so embsh has its own process
        // group (libedit passes a fatal signal on to the group after restoring the terminal).
        let command = "set -m; cd '\(directory.path)' && env HOME='\(directory.path)' EMBSH_HISTORY='\(historyFile.path)' TERM=xterm "
            + "'\(Embsh.terminalBinary.path)' \(arguments); echo EXITED $?; stty -a | grep -o -- '-\\?icanon' | sed 's/^/TERMINAL /'; sleep 600"
        try tmux(["new-session", "-d", "-s", "embsh", "-x", "100", "-y", "20", command])
        try waitFor("embsh> ")
    }

    /// Sends keys (tmux key names such as `Tab`, `Enter`, `C-c`, `Up`, or literal text).
    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "embsh"] + keys)
    }

    /// Sends text literally (no key-name interpretation).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "embsh", "-l", text])
    }

    /// The visible screen.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-N", "-t", "embsh"])
    }

    /// Waits until the screen shows `text` (up to `seconds`; a deadline, not a timing test).
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitUntil("showed \(text.debugDescription)", seconds: seconds, file: file, line: line) { $0.contains(text) }
    }

    /// Waits until the shell shows a fresh prompt (a bare `embsh>` on the last line): from then
    /// on, keys reach libedit rather than the terminal's line discipline of a running command.
    @discardableResult
    func waitForPrompt(seconds: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitUntil("showed a fresh prompt", seconds: seconds, file: file, line: line) { screen in
            let last = screen.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) } ?? ""
            return last.trimmingCharacters(in: .whitespaces) == "embsh>"
        }
    }

    /// Types `command`, presses Enter and waits for the next prompt.
    func enter(_ command: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try type(command)
        try send("Enter")
        try waitForPrompt(file: file, line: line)
    }

    private func waitUntil(_ what: String, seconds: Double, file: StaticString, line: UInt,
                           _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("screen never \(what):\n\(last)", file: file, line: line)
        return last
    }

    /// Sends `signal` to the program running in the pane (the child of the pane's shell).
    func signalProgram(_ signal: Int32) throws {
        let shellPID = try tmux(["display-message", "-p", "-t", "embsh", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shellPID)/task/\(shellPID)/children", encoding: .utf8)
        for child in children.split(separator: " ").compactMap({ Int32($0) }) { kill(child, signal) }
    }

    /// Stops the tmux server.
    func stop() {
        _ = try? tmux(["kill-server"])
    }

    /// Runs a tmux client with posix_spawn and waitpid. Foundation's Process is not used here:
    /// it watches for the child's exit through a descriptor the daemonizing tmux server
    /// inherits, so `waitUntilExit` would never return.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let outputFile = directory.appendingPathComponent("tmux-output")
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    deinit {
        stop()
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }
}
