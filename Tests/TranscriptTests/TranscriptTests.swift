import Foundation
import XCTest

/// Pipes every `Tests/Transcripts/NAME.embsh` into the built binary (with the arguments in
/// `NAME.args`, one per line, when present) and compares stdout, stderr and the exit status
/// with `NAME.stdout`, `NAME.stderr` and `NAME.status`, times and free memory made steady
/// (`steady`). `EMBSH_UPDATE_TRANSCRIPTS=1` rewrites the expected files. Output of runs with `--format json` must be JSON Lines.
/// Each script runs in a folder of its own (`scratchFolder`), so the files it writes under
/// relative names never meet those of another run, another user or an earlier run.
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
            let folder = try Self.scratchFolder()
            defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
            let result = try Embsh.run(arguments, stdin: script, in: folder)
            let actual = ["stdout": Self.steady(result.stdout), "stderr": Self.steady(result.stderr), "status": "\(result.status)\n"]
            for (ext, text) in actual.sorted(by: { $0.key < $1.key }) {
                let url = base.appendingPathExtension(ext)
                if update { try text.write(to: url, atomically: true, encoding: .utf8); continue }
                let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
                XCTAssertEqual(text, expected, "\(file): \(ext) differs")
            }
            if arguments.contains("json") { try assertJSONLines(result.stdout + result.stderr, file: file) }
        }
    }

    /// A new empty `Transcripts` folder beside a link named `Fixtures` to the project's
    /// fixtures, so scripts read `../Fixtures/…` as from `Tests/Transcripts` and write beside themselves.
    static func scratchFolder() throws -> URL {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-transcript-\(UUID().uuidString)")
        let folder = parent.appendingPathComponent("Transcripts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: parent.appendingPathComponent("Fixtures"),
                                                   withDestinationURL: Embsh.root.appendingPathComponent("Tests/Fixtures"))
        return folder
    }

    /// What changes from run to run, replaced by `_`: times (`"seconds":0.01`, `- 0.01s -`,
    /// `time: 1.234 ms`, `"words_per_second":…`), the memory this machine can give now, and
    /// t-SNE's final divergence (`KL 0.986`: a sum over many float terms, whose last digit may
    /// differ between processors; the unit tests check t-SNE's quality).
    static func steady(_ text: String) -> String {
        var text = text
        let number = #"[0-9][0-9.e+-]*"#
        for (pattern, replacement) in [(#""(seconds|words_per_second)":"# + number, #""$1":_"#),
                                       (" - " + number + "s - ", " - _s - "), ("time: " + number + " ms", "time: _ ms"),
                                       ("the " + number + " [KMGTPE]?B this machine can give now", "the _ this machine can give now"),
                                       (", KL " + number, ", KL _")] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    private func assertJSONLines(_ text: String, file: String) throws {
        for line in text.split(separator: "\n") {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8))
            XCTAssertTrue(object is [String: Any], "\(file): not a JSON object: \(line)")
        }
    }
}
