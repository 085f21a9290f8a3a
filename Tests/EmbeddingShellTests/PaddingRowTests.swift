import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingShell

/// A table sized from a tokenizer has a padding row 0 (`<pad>`) that is no word: gensim's
/// vectors have no such row, so `closerthan`, `rank` and `distances` (to every row) leave it out,
/// as `nearest` does.
final class PaddingRowTests: XCTestCase {
    func testThePaddingRowIsNoWordForRankAndDistances() throws {
        let shell = Shell(sink: BufferSink())
        _ = runScript("""
            tokenizer tok
            fit tok "the cat sat on the mat" "the dog sat"
            table emb vocab=tok dim=3 init=zeros
            """, shell: shell)
        var table = try shell.session.table("emb")
        XCTAssertEqual(table.labels?.first, "<pad>")
        // Rows: <pad> [1,0,0] sits right by cat [1,0.1,0]; dog is further; the rest are far.
        let rows: [String: [Float]] = ["<pad>": [1, 0, 0], "cat": [1, 0.1, 0], "dog": [1, 0.5, 0], "the": [0, 0, 1], "sat": [0, 1, 1],
                                       "on": [-1, 0, 0], "mat": [0, -1, 0]]
        var values = table.values
        for (row, label) in (table.labels ?? []).enumerated() { values.replaceSubrange(row * 3 ..< row * 3 + 3, with: rows[label]!) }
        table = try EmbeddingTable(rows: table.rows, dim: 3, values: values, labels: table.labels)
        try shell.session.insert(.table(table), as: "emb", replace: true)
        // The raw table counts <pad> as closer to cat than dog; the commands do not.
        XCTAssertEqual(try table.rank("cat", "dog"), 2)
        let queries = Shell(sink: BufferSink())
        queries.session = shell.session
        let (_, out, err) = runScript("rank emb cat dog\ncloserthan emb cat dog\ndistances emb cat", format: .json, shell: queries)
        XCTAssertEqual(err, "")
        let lines = out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(lines[0]["rank"] as? Int, 1)
        XCTAssertEqual(lines[1]["words"] as? [String], [])
        let words = (lines[2]["results"] as? [[String: Any]])?.compactMap { $0["word"] as? String }
        XCTAssertEqual(words, Array(table.labels!.dropFirst()))
    }
}
