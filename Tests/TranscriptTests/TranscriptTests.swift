import Foundation
import XCTest

/// Pipes every `Tests/Transcripts/NAME.embsh` into the built binary (with the arguments in
/// `NAME.args`, one per line, when present) and compares stdout, stderr and the exit status
/// with `NAME.stdout`, `NAME.stderr` and `NAME.status`. `EMBSH_UPDATE_TRANSCRIPTS=1`
/// rewrites the expected files. Output of runs with `--format json` must be JSON Lines.
final class TranscriptTests: XCTestCase {
    func testEveryTranscript() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Embsh.transcripts.path)
            .filter { $0.hasSuffix(".embsh") }.sorted()
        XCTAssertFalse(files.isEmpty)
        let update = ProcessInfo.processInfo.environment["EMBSH_UPDATE_TRANSCRIPTS"] == "1"
        for file in files {
            let base = Embsh.transcripts.appendingPathComponent(String(file.dropLast(".embsh".count)))
            let arguments = (try? String(contentsOf: base.appendingPathExtension("args"), encoding: .utf8))
                .map { $0.split(separator: "\n").map(String.init) } ?? []
            let script = try Data(contentsOf: Embsh.transcripts.appendingPathComponent(file))
            let result = try Embsh.run(arguments, stdin: script)
            let actual = ["stdout": result.stdout, "stderr": result.stderr, "status": "\(result.status)\n"]
            for (ext, text) in actual.sorted(by: { $0.key < $1.key }) {
                let url = base.appendingPathExtension(ext)
                if update { try text.write(to: url, atomically: true, encoding: .utf8); continue }
                let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
                XCTAssertEqual(text, expected, "\(file): \(ext) differs")
            }
            if arguments.contains("json") { try assertJSONLines(result.stdout + result.stderr, file: file) }
        }
    }

    private func assertJSONLines(_ text: String, file: String) throws {
        for line in text.split(separator: "\n") {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8))
            XCTAssertTrue(object is [String: Any], "\(file): not a JSON object: \(line)")
        }
    }
}
