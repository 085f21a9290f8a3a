import Foundation
import XCTest
@testable import EmbeddingKit

/// Runs every case of `../shared/reference/keras-tokenizer-cases.json` (keras_preprocessing
/// 1.1.2 outputs); skipped when the shared directory is absent.
final class TokenizerReferenceTests: XCTestCase {
    private func loadCases() throws -> [String: Any] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/reference/keras-tokenizer-cases.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("reference cases not found at \(url.path)")
        }
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    private func pairs(_ value: Any?) -> [(String, Int)] {
        ((value as? [[Any]]) ?? []).map { ($0[0] as! String, ($0[1] as! NSNumber).intValue) }
    }

    private func ints(_ value: Any?) -> [[Int]] {
        ((value as? [[NSNumber]]) ?? []).map { $0.map(\.intValue) }
    }

    func testEveryTokenizerCase() throws {
        let all = try loadCases()
        let cases = try XCTUnwrap(all["tokenizer_cases"] as? [[String: Any]])
        XCTAssertFalse(cases.isEmpty)
        for c in cases {
            let name = c["name"] as! String
            let options = c["config"] as! [String: Any]
            var config = TokenizerConfig()
            config.numWords = (options["num_words"] as? NSNumber)?.intValue
            config.filters = options["filters"] as? String ?? config.filters
            config.lower = (options["lower"] as? Bool) ?? true
            config.split = options["split"] as? String ?? " "
            config.charLevel = (options["char_level"] as? Bool) ?? false
            config.oovToken = options["oov_token"] as? String
            var tokenizer = try Tokenizer(config: config)
            try tokenizer.fit(texts: c["fit_texts"] as! [String])
            let queries = c["query_texts"] as! [String]

            XCTAssertEqual(tokenizer.documentCount, (c["document_count"] as! NSNumber).intValue, name)
            XCTAssertEqual(tokenizer.wordCounts.map(\.word), pairs(c["word_counts"]).map(\.0), name)
            XCTAssertEqual(tokenizer.wordCounts.map(\.count), pairs(c["word_counts"]).map(\.1), name)
            let docs = tokenizer.wordDocs.sorted { $0.word < $1.word }
            let expectedDocs = pairs(c["word_docs"]).sorted { $0.0 < $1.0 }
            XCTAssertEqual(docs.map(\.word), expectedDocs.map(\.0), name)
            XCTAssertEqual(docs.map(\.count), expectedDocs.map(\.1), name)
            XCTAssertEqual(tokenizer.wordIndex.map(\.word), pairs(c["word_index"]).map(\.0), name)
            XCTAssertEqual(tokenizer.wordIndex.map(\.index), pairs(c["word_index"]).map(\.1), name)
            for (word, index) in pairs(c["word_index"]) {
                XCTAssertEqual(tokenizer.index(of: word), index, "\(name) \(word)")
                XCTAssertEqual(tokenizer.word(at: index), word, "\(name) \(index)")
            }
            let sequences = tokenizer.textsToSequences(queries)
            XCTAssertEqual(sequences, ints(c["texts_to_sequences"]), name)
            XCTAssertEqual(tokenizer.sequencesToTexts(sequences), c["sequences_to_texts"] as! [String], name)

            guard let matrices = c["texts_to_matrix"] as? [String: Any] else { continue }
            for (modeName, value) in matrices {
                let mode = try MatrixMode(parsing: modeName)
                let expected = (value as! [[NSNumber]]).map { $0.map(\.doubleValue) }
                let matrix = try tokenizer.textsToMatrix(queries, mode: mode)
                XCTAssertEqual(matrix.rows, expected.count, "\(name) \(modeName)")
                for (r, row) in expected.enumerated() {
                    XCTAssertEqual(matrix.columns, row.count, "\(name) \(modeName)")
                    for (j, x) in row.enumerated() where abs(matrix[r, j] - x) > 1e-6 {
                        XCTFail("\(name) \(modeName) [\(r), \(j)]: \(matrix[r, j]) != \(x)")
                    }
                }
            }
        }
    }

    func testEveryPadCase() throws {
        let all = try loadCases()
        let cases = try XCTUnwrap(all["pad_cases"] as? [[String: Any]])
        XCTAssertFalse(cases.isEmpty)
        for c in cases {
            let options = c["options"] as! [String: Any]
            let result = try padSequences(
                ints(c["sequences"]),
                maxlen: (options["maxlen"] as? NSNumber)?.intValue,
                padding: Padding(parsing: options["padding"] as? String ?? "pre"),
                truncating: Truncating(parsing: options["truncating"] as? String ?? "pre"),
                value: (options["value"] as? NSNumber)?.intValue ?? 0)
            XCTAssertEqual(result, ints(c["result"]), c["name"] as! String)
        }
    }
}
