import Foundation
import XCTest
@testable import EmbeddingKit

/// Keras 3 `TextVectorization` parity: every case of the project's own fixture
/// (`Tests/Fixtures/keras-textvectorization`, made by its `generate.py`) and of
/// `../shared/reference/keras-textvectorization-cases.json` (skipped when absent):
/// vocabulary in index order and the layer's output for a batch of query texts.
final class TextVectorizerParityTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testFixtureCases() throws {
        let url = Self.repository.appendingPathComponent("Tests/Fixtures/keras-textvectorization/cases.json")
        XCTAssertEqual(try check(url), 26)
    }

    func testSharedReferenceCases() throws {
        let url = Self.repository.deletingLastPathComponent().appendingPathComponent("shared/reference/keras-textvectorization-cases.json")
        guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("reference cases not found at \(url.path)") }
        XCTAssertEqual(try check(url), 15)
    }

    /// The configuration of a case, from Keras's keyword arguments.
    static func config(_ options: [String: Any]) throws -> TextVectorizerConfig {
        var config = TextVectorizerConfig()
        config.maxTokens = (options["max_tokens"] as? NSNumber)?.intValue
        if let standardize = options["standardize"] {
            config.standardize = standardize is NSNull ? .none : try XCTUnwrap(.init(rawValue: standardize as! String))
        }
        if let split = options["split"] as? String { config.split = try XCTUnwrap(.init(rawValue: split)) }
        if let widths = options["ngrams"] as? [NSNumber] {
            config.ngrams = widths.map(\.intValue)
        } else if let n = (options["ngrams"] as? NSNumber)?.intValue {
            config.ngrams = Array(1 ... n)
        }
        if let mode = options["output_mode"] as? String { config.outputMode = try XCTUnwrap(.init(rawValue: mode)) }
        config.outputSequenceLength = (options["output_sequence_length"] as? NSNumber)?.intValue
        config.padToMaxTokens = (options["pad_to_max_tokens"] as? Bool) ?? false
        return config
    }

    /// Runs every case of the file; returns how many there were.
    private func check(_ url: URL) throws -> Int {
        let file = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(file["cases"] as? [[String: Any]])
        for c in cases {
            let name = c["name"] as! String
            var vectorizer = try TextVectorizer(config: Self.config(c["config"] as! [String: Any]))
            try vectorizer.adapt(texts: c["adapt_texts"] as! [String])
            XCTAssertEqual(vectorizer.vocabulary, c["vocabulary"] as! [String], name)
            let queries = c["query_texts"] as! [String]
            let expected = (c["output"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
            let output: [[Double]]
            if vectorizer.config.outputMode == .int {
                output = try vectorizer.intOutput(queries).map { $0.map(Double.init) }
            } else {
                let matrix = try vectorizer.matrixOutput(queries)
                output = (0 ..< matrix.rows).map { Array(matrix.row($0)) }
            }
            XCTAssertEqual(output.map(\.count), expected.map(\.count), name)
            for (row, (got, want)) in zip(output, expected).enumerated() {
                for (column, (g, w)) in zip(got, want).enumerated() where abs(g - w) > 2e-6 + 1e-6 * abs(w) {
                    XCTFail("\(name): row \(row), column \(column): \(g), Keras \(w)")
                }
            }
        }
        return cases.count
    }
}
