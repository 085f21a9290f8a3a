import Foundation
import XCTest

/// Runs the built `embsh` binary the way a user's shell would.
enum Embsh {
    /// The binary next to the test bundle (the same build).
    static var binary: URL { Bundle.main.bundleURL.appendingPathComponent("embsh") }

    /// The binary the terminal tests drive: `$EMBSH_TERMINAL_BINARY` when set (`Scripts/test`
    /// gives the release build, the one people run: behaviour that differs between builds is
    /// undefined behaviour somewhere), else this build's.
    static var terminalBinary: URL {
        ProcessInfo.processInfo.environment["EMBSH_TERMINAL_BINARY"].map { URL(fileURLWithPath: $0) } ?? binary
    }

    /// The repository root.
    static var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    static var transcripts: URL { root.appendingPathComponent("Tests/Transcripts") }

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs embsh (or another `executable`) with `arguments`, feeding `stdin`, in `directory`;
    /// reads both pipes while it runs.
    static func run(_ arguments: [String], stdin: Data = Data(), in directory: URL = transcripts,
                    environment: [String: String] = [:], executable: URL = binary) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = Collected(), err = Collected()
        let group = DispatchGroup()
        for (pipe, box) in [(output, out), (errors, err)] {
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async(group: group) { box.data = handle.readDataToEndOfFile() }
        }
        try? input.fileHandleForWriting.write(contentsOf: stdin)
        try? input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Result(stdout: String(decoding: out.data, as: UTF8.self), stderr: String(decoding: err.data, as: UTF8.self),
                      status: process.terminationStatus)
    }
}

/// Bytes read from a pipe on another thread; written once before the group is left.
private final class Collected: @unchecked Sendable {
    var data = Data()
}
