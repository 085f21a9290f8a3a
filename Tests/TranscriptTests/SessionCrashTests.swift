import Foundation
import XCTest

/// `save` over an existing session file, killed (SIGKILL) at random moments: the file must
/// always open to either the old or the new session, never to something in between.
final class SessionCrashTests: XCTestCase {
    func testKilledSaveLeavesTheOldOrTheNewSession() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 16 MB of table values, so that a save takes long enough to be caught in the middle.
        let table = { (name: String, seed: Int) in "table \(name) rows=1000000 dim=4 seed=\(seed)" }
        let first = try Embsh.run(["-c", "tokenizer tok", "-c", table("t0", 0), "-c", "save state.session"], in: directory)
        XCTAssertEqual(first.status, 0, first.stderr)

        var current = "t0"
        var generator = SystemRandomNumberGenerator()
        var duration = 0.0
        var sawOld = 0, sawNew = 0
        for round in 1 ... 30 {
            let next = "t\(round)"
            let arguments = ["state.session", "-c", "drop \(current)", "-c", table(next, round), "-c", "save"]
            let process = Process()
            process.executableURL = Embsh.binary
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = Date()
            try process.run()
            if round % 10 == 1 {
                // Every tenth round runs to the end: the first to learn how long a whole run takes,
                // the others so that saves after killed ones complete however loaded the machine is.
                process.waitUntilExit()
                duration = max(duration, Date().timeIntervalSince(start))
                XCTAssertEqual(process.terminationStatus, 0)
            } else {
                usleep(UInt32(Double.random(in: 0 ... duration * 1.1, using: &generator) * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            let check = try Embsh.run(["state.session", "--format", "json", "-c", "ls"], in: directory)
            XCTAssertEqual(check.status, 0, "round \(round): the file does not open: \(check.stderr)")
            let names = check.stdout.components(separatedBy: "\"name\":\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            switch names {
            case ["tok", Substring(current)]: sawOld += 1
            case ["tok", Substring(next)]: sawNew += 1; current = next
            default: XCTFail("round \(round): neither the old nor the new session: \(check.stdout)")
            }
        }
        XCTAssertGreaterThan(sawNew, 1, "some saves completed")
        let finalSave = try Embsh.run(["state.session", "-c", "save"], in: directory)
        XCTAssertEqual(finalSave.status, 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "a later save removes what killed saves left behind")
        print("killed saves: \(sawOld) left the old session, \(sawNew) the new one (a whole run takes \(duration) s)")
    }
}
