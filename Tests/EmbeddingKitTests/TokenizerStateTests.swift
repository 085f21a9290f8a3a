import XCTest
import EmbeddingKit

final class TokenizerStateTests: XCTestCase {
    func testRoundTripKeepsEverything() throws {
        var tokenizer = try Tokenizer(config: TokenizerConfig(numWords: 4, oovToken: "x"))
        try tokenizer.fit(texts: ["a b b x", "b c", "Café e\u{301}"])
        let state = tokenizer.state
        XCTAssertEqual(state.words, ["a", "b", "x", "c", "café", "e\u{301}"])
        let restored = try Tokenizer(state: state)
        XCTAssertEqual(restored.state, state)
        XCTAssertEqual(restored.wordIndex.map(\.word), tokenizer.wordIndex.map(\.word))
        XCTAssertEqual(restored.wordIndex.map(\.index), tokenizer.wordIndex.map(\.index))
        XCTAssertEqual(restored.oovIndex, tokenizer.oovIndex)
        let texts = ["a c zebra b", "café"]
        XCTAssertEqual(restored.textsToSequences(texts), tokenizer.textsToSequences(texts))
    }

    func testInconsistentStatesAreRejected() throws {
        let config = TokenizerConfig()
        XCTAssertThrowsError(try Tokenizer(state: TokenizerState(config: config, documentCount: 1, words: ["a"],
                                                                 counts: [], documentCounts: [1])))
        XCTAssertThrowsError(try Tokenizer(state: TokenizerState(config: config, documentCount: 1, words: ["a", "a"],
                                                                 counts: [1, 1], documentCounts: [1, 1]))) {
            XCTAssertEqual($0 as? TokenizerError, .invalidState("duplicate word 'a'"))
        }
        XCTAssertThrowsError(try Tokenizer(state: TokenizerState(config: config, documentCount: 1, words: ["a"],
                                                                 counts: [1], documentCounts: [2])))
        XCTAssertThrowsError(try Tokenizer(state: TokenizerState(config: TokenizerConfig(numWords: 0), documentCount: 0,
                                                                 words: [], counts: [], documentCounts: []))) {
            XCTAssertEqual($0 as? TokenizerError, .invalidNumWords(0))
        }
    }
}
