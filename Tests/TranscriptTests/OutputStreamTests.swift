import Foundation
import XCTest

/// Issue 14: every byte goes through the report and the chosen format; stdout holds only
/// results, so `embsh FILE -c … | jq` works, and confirmations go to stderr or, with
/// `--quiet` or in JSON, nowhere.
final class OutputStreamTests: XCTestCase {
    func testAOneShotQueryOnASessionPrintsOnlyItsResultOnStdout() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-streams-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = Embsh.root.appendingPathComponent("Tests/Fixtures/corpus/topics.txt").path
        let made = try Embsh.run(["-c", "word2vec v file=\(corpus) dim=8 min_count=1 epochs=1 threads=1", "-c", "save v.session"],
                                 in: directory)
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertEqual(made.stdout, "", "confirmations are not results")

        for quiet in [[], ["--quiet"]] {
            let json = try Embsh.run(["v.session", "--format", "json"] + quiet + ["-c", "nearest v cat k=2"], in: directory)
            XCTAssertEqual(json.status, 0, json.stderr)
            XCTAssertEqual(json.stderr, "", "JSON carries the facts; no plain-text notes")
            let lines = json.stdout.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, json.stdout)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            XCTAssertEqual((object["results"] as? [Any])?.count, 2)
        }
        let table = try Embsh.run(["v.session", "-c", "nearest v cat k=2"], in: directory)
        XCTAssertTrue(table.stderr.hasPrefix("opened v.session: v;"), table.stderr)
        XCTAssertTrue(table.stdout.hasPrefix("rank  word"), table.stdout)
        let quiet = try Embsh.run(["v.session", "--quiet", "-c", "nearest v cat k=2"], in: directory)
        XCTAssertEqual(quiet.stderr, "")
        XCTAssertEqual(quiet.stdout, table.stdout)
    }

    func testTimeReportsAfterTheCommandsOwnOutput() throws {
        let result = try Embsh.run(["-c", "time echo hello"], stdin: Data())
        XCTAssertEqual(result.stdout, "hello\n")
        XCTAssertTrue(result.stderr.hasPrefix("time: ") && result.stderr.hasSuffix(" ms\n"), result.stderr)
        let merged = try Embsh.run(["-c", "time echo hello", "-c", "echo after"])
        XCTAssertEqual(merged.stdout, "hello\nafter\n")
    }
}
