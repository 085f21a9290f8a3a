import Foundation
import XCTest
@testable import EmbeddingShell

/// gensim 4.4's answers on the `fasttext` wheel's tiny model and on gensim's 12-word table
/// (`Tests/Fixtures/gensim-queries`, made by its `generate.py`), and the shell's JSON to compare.
enum GensimQueries {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let folder = fixtures.appendingPathComponent("gensim-queries")
    /// The fastText model, imported as `ft` by `last(_:)`.
    static let model = fixtures.appendingPathComponent("fasttext/tiny.bin").path
    /// gensim's table (word2vec text).
    static let vectors = fixtures.appendingPathComponent("gensim/vectors.txt").path

    /// The answer stored under `key`.
    static func answers(_ key: String) throws -> Any {
        let data = try Data(contentsOf: folder.appendingPathComponent("answers.json"))
        let all = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(all[key], key)
    }

    /// The JSON object the last command of `script` printed, run after importing the model as `ft`.
    static func last(_ script: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let (shell, out, err) = runScript("import ft \(model)\n" + script, format: .json)
        XCTAssertEqual(shell.failures, 0, err, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.split(separator: "\n").last!.utf8)) as? [String: Any])
    }
}
