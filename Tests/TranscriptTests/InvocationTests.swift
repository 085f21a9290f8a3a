import Foundation
import XCTest

/// The command line: flags, ordering of -c and -f, exit statuses.
final class InvocationTests: XCTestCase {
    private func script(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-\(UUID().uuidString).embsh")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testCommandsAndScriptsRunInTheOrderGiven() throws {
        let b = try script("echo B\n")
        let result = try Embsh.run(["-c", "echo A", "-f", b.path, "-c", "echo C"])
        XCTAssertEqual(result.stdout, "A\nB\nC\n")
        XCTAssertEqual(result.status, 0)
    }

    func testAnyFailureGivesStatusOneAndBailStops() throws {
        let plain = try Embsh.run(["-c", "nope", "-c", "echo after"])
        XCTAssertEqual(plain.stdout, "after\n")
        XCTAssertEqual(plain.status, 1)
        let bailed = try Embsh.run(["--bail", "-c", "nope", "-c", "echo after"])
        XCTAssertEqual(bailed.stdout, "")
        XCTAssertEqual(bailed.status, 1)
    }

    func testScriptErrorsCarryFileAndLine() throws {
        let path = try script("echo ok\n\nbogus x\n")
        let result = try Embsh.run(["-f", path.path])
        XCTAssertEqual(result.stderr, "\(path.path):3: embsh: error: unknown command 'bogus'; type 'help' for a list\n")
    }

    func testMissingScriptIsAnErrorWithStatusOne() throws {
        let result = try Embsh.run(["-f", "/nonexistent/tour.embsh"])
        XCTAssertEqual(result.stderr, "embsh: error: /nonexistent/tour.embsh: no such file\n")
        XCTAssertEqual(result.status, 1)
    }

    func testBadInvocationGivesStatusTwo() throws {
        let result = try Embsh.run(["--format", "yaml"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("embsh: error:"), result.stderr)
        XCTAssertEqual(try Embsh.run(["--no-such-flag"]).status, 2)
    }

    func testVersionAndHelp() throws {
        let version = try Embsh.run(["--version"])
        XCTAssertTrue(version.stdout.hasPrefix("embsh "), version.stdout)
        XCTAssertEqual(version.status, 0)
        let help = try Embsh.run(["--help"])
        XCTAssertTrue(help.stdout.contains("--format"), help.stdout)
        XCTAssertEqual(help.status, 0)
    }

    func testPipedStdinHasNoPromptAndNoEscapes() throws {
        let result = try Embsh.run([], stdin: Data("echo hi\n".utf8))
        XCTAssertEqual(result.stdout, "hi\n")
        XCTAssertFalse(result.stdout.contains("embsh>"))
        XCTAssertFalse((result.stdout + result.stderr).contains("\u{1b}"))
    }

    func testJSONOutputIsOneObjectPerCommand() throws {
        let result = try Embsh.run(["--format", "json", "-c", "echo a", "-c", "set precision 2", "-c", "ls"])
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        for line in lines {
            XCTAssertTrue(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
        }
    }

    func testMegabyteLineAndBinaryGarbageDoNotCrash() throws {
        var input = Data("echo ".utf8) + Data(repeating: UInt8(ascii: "x"), count: 1 << 20) + Data("\n".utf8)
        input += Data((0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })
        input += Data("\necho done\n".utf8)
        let result = try Embsh.run([], stdin: input)
        XCTAssertTrue(result.stdout.hasSuffix("done\n"))
        XCTAssertEqual(result.status, 1, "the garbage lines fail as unknown commands")
        let controls = result.stderr.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }
        XCTAssertTrue(controls.isEmpty, "errors show control characters escaped, not raw")
    }
}
