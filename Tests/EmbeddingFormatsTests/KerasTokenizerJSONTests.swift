import Foundation
import XCTest
@testable import EmbeddingFormats
import EmbeddingKit

/// Keras Tokenizer JSON, against files written by keras_preprocessing 1.1.2 itself
/// (`Tests/Fixtures/keras/generate.py`).
final class KerasTokenizerJSONTests: XCTestCase {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras")
    private static let cases = ["default", "oov-limited", "oov-fitted", "char-level"]

    private struct Answer: Decodable {
        struct Config: Decodable {
            var num_words: Int?
            var oov_token: String?
            var filters: String?
            var lower: Bool?
            var char_level: Bool?
        }
        var config: Config
        var texts: [String]
        var queries: [String]
        var sequences: [[Int]]
    }

    private func answers() throws -> [String: Answer] {
        try JSONDecoder().decode([String: Answer].self, from: Data(contentsOf: Self.folder.appendingPathComponent("answers.json")))
    }

    private func path(_ name: String) -> String { Self.folder.appendingPathComponent(name + ".json").path }

    func testAKerasFileGivesKerasSequences() throws {
        let answers = try answers()
        for name in Self.cases {
            let tokenizer = try KerasTokenizerJSON.read(path: path(name))
            let answer = try XCTUnwrap(answers[name])
            XCTAssertEqual(tokenizer.textsToSequences(answer.queries), answer.sequences, name)
        }
    }

    /// The config of a tokenizer's JSON, with `word_docs` and `index_docs` (whose order
    /// Python takes from a set) read as dictionaries.
    private func comparable(_ text: String) throws -> [String: String] {
        let json = try OrderedJSON.parse(text)
        guard case .object(let members)? = json["config"] else { throw XCTSkip("no config") }
        var result: [String: String] = [:]
        for (key, value) in members {
            if ["word_docs", "index_docs"].contains(key), case .string(let inner) = value, case .object(let pairs) = try OrderedJSON.parse(inner) {
                result[key] = pairs.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ",")
            } else {
                result[key] = "\(value)"
            }
        }
        return result
    }

    func testEmbshWritesWhatKerasWritesForTheSameFit() throws {
        for (name, answer) in try answers() {
            let c = answer.config
            var tokenizer = try Tokenizer(config: TokenizerConfig(numWords: c.num_words, filters: c.filters ?? TokenizerConfig.defaultFilters,
                                                                  lower: c.lower ?? true, charLevel: c.char_level ?? false,
                                                                  oovToken: c.oov_token))
            try tokenizer.fit(texts: answer.texts)
            let keras = try String(contentsOfFile: path(name), encoding: .utf8)
            XCTAssertEqual(try comparable(KerasTokenizerJSON.encode(tokenizer)), try comparable(keras), name)
            XCTAssertEqual(try comparable(KerasTokenizerJSON.encode(try KerasTokenizerJSON.read(path: path(name)))),
                           try comparable(keras), "\(name): read and written back")
        }
    }

    func testTheDefaultCaseIsByteForByteKerasOutsideTheSetOrderedTables() throws {
        var tokenizer = try Tokenizer()
        try tokenizer.fit(texts: try XCTUnwrap(answers()["default"]).texts)
        let ours = KerasTokenizerJSON.encode(tokenizer), keras = try String(contentsOfFile: path("default"), encoding: .utf8)
        XCTAssertEqual(ours.prefix(upTo: ours.range(of: "\"word_docs\"")!.lowerBound),
                       keras.prefix(upTo: keras.range(of: "\"word_docs\"")!.lowerBound), "settings and word_counts")
        XCTAssertEqual(ours[ours.range(of: "\"index_word\"")!.lowerBound...], keras[keras.range(of: "\"index_word\"")!.lowerBound...])
    }

    func testBadFilesAreRefusedNamingWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-keras-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func reason(_ text: String) -> String? {
            let file = folder.appendingPathComponent("t.json")
            try? text.write(to: file, atomically: true, encoding: .utf8)
            do {
                _ = try KerasTokenizerJSON.read(path: file.path)
                return nil
            } catch let error as KerasTokenizerJSONError {
                return error.reason
            } catch {
                return "\(error)"
            }
        }
        let keras = try String(contentsOfFile: path("default"), encoding: .utf8)
        XCTAssertNil(reason(keras))
        XCTAssertNil(reason(PythonJSON.string(keras)), "json.dump(tokenizer.to_json(), f): a string holding the JSON")
        XCTAssertEqual(reason("{\"class_name\": \"Tokenizer\""), "not JSON at byte 26: expected '}'")
        XCTAssertEqual(reason("[1, 2]"), "not a Keras Tokenizer's JSON (no \"class_name\"; write it with tokenizer.to_json())")
        XCTAssertEqual(reason("{\"class_name\": \"TextVectorization\", \"config\": {}}"), "holds a TextVectorization, not a Tokenizer")
        XCTAssertEqual(reason(keras.replacingOccurrences(of: "\"document_count\": 6", with: "\"document_count\": -6")),
                       "document_count is not a whole number from 0 to \(Tokenizer.maximumCount)")
        XCTAssertEqual(reason(keras.replacingOccurrences(of: "\\\"the\\\": 1,", with: "\\\"the\\\": 2,")),
                       "word_index gives 'the' index 2, but its counts give 1 (the index must be the one fit_on_texts derives from word_counts)")
        XCTAssertEqual(reason(String(repeating: "[", count: 100_000)), "not JSON at byte 64: nested more than 64 deep")
        XCTAssertNotNil(reason(""), "an empty file")
    }
}
