import Foundation
import XCTest
@testable import EmbeddingKit

/// keras_preprocessing 1.1.2's own answers (`Tests/Fixtures/gensim/answers.json`, made by its
/// `generate.py`) for an OOV token that is also a fitted word, and for sequences holding 0 and
/// indices beyond the vocabulary.
final class TokenizerOOVParityTests: XCTestCase {
    func testWordIndexAndSequencesToTextsAsKeras() throws {
        let url = KeyedVectorParityTests.fixtures.appendingPathComponent("answers.json")
        let all = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(all["keras_tokenizer"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 3)
        for c in cases {
            var tokenizer = try Tokenizer(config: TokenizerConfig(oovToken: (c["config"] as! [String: String])["oov_token"]))
            try tokenizer.fit(texts: c["fit_texts"] as! [String])
            let wordIndex = (c["word_index"] as! [[Any]]).map { "\($0[0]):\($0[1])" }
            XCTAssertEqual(tokenizer.wordIndex.map { "\($0.word):\($0.index)" }, wordIndex, "\(c)")
            for pair in c["index_word"] as! [[Any]] { XCTAssertEqual(tokenizer.word(at: pair[0] as! Int), pair[1] as? String) }
            XCTAssertEqual(tokenizer.textsToSequences(["the unk cat", "a dog"]), c["texts_to_sequences"] as! [[Int]])
            XCTAssertEqual(tokenizer.sequencesToTexts(c["sequences"] as! [[Int]]), c["sequences_to_texts"] as! [String], "\(c)")
        }
    }
}
