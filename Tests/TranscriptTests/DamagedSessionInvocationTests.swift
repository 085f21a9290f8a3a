import Foundation
import XCTest

/// `embsh FILE -c …` with a session file whose checksums are right but whose fields are not
/// (see Tests/Fixtures/sessions/README.md): status 1 and a message naming the object, never
/// a signal, and no command runs.
final class DamagedSessionInvocationTests: XCTestCase {
    private let sessions = Embsh.root.appendingPathComponent("Tests/Fixtures/sessions")

    func testDamagedFieldsGiveStatusOneAndAMessage() throws {
        let cases = [
            ("model-maxlen-huge", "model 'clf': invalid model state: maxlen 4611686018427387904, expected 1 to 1000000"),
            ("model-input-length-negative", "model 'clf': input_length must be from 1 to 1000000, got -7"),
            ("model-weight-nan", "model 'clf': invalid model state: weight tensor 1 holds nan at 0"),
            ("model-history-nan", "model 'clf': invalid model state: history entry 1 has epoch 2, losses [nan]"),
            ("model-embedding-huge", "input_dim must be a whole number from 1 to 10000000, got '9223372036854775807'"),
            ("tokenizer-empty-split", "tokenizer 'tok': split separator must not be empty"),
            ("table-beyond-end", "table 'emb' claims 1099511627776×2 values at offset 64, beyond the end of the file"),
        ]
        for (name, reason) in cases {
            let path = sessions.appendingPathComponent(name + ".session").path
            let result = try Embsh.run([path, "-c", "ls"], in: sessions)
            XCTAssertEqual(result.status, 1, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("embsh: error: \(path) is damaged: "), "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(reason), "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasSuffix("; the session is unchanged\n"), "\(name): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "\(name): 'ls' does not run")
        }
    }

    func testTheUndamagedFileIsUsable() throws {
        let result = try Embsh.run([sessions.appendingPathComponent("valid.session").path, "-c", "show clf", "-c", "summary clf",
                                    "-c", "predict clf \"the trip was lovely\"", "-c", "plot clf history"], in: sessions)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("training history of clf, 2 epochs"), result.stdout)
    }
}
