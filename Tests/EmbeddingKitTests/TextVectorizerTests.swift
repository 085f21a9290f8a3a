import XCTest
@testable import EmbeddingKit

/// Hand-worked TextVectorization behaviour: ordering, specials, output shapes and values,
/// settings Keras refuses, adaptation in parts, and stored states.
final class TextVectorizerTests: XCTestCase {
    private func adapted(_ config: TextVectorizerConfig, _ texts: [String]) throws -> TextVectorizer {
        var vectorizer = try TextVectorizer(config: config)
        try vectorizer.adapt(texts: texts)
        return vectorizer
    }

    private func adapted(_ texts: [String]) throws -> TextVectorizer {
        try adapted(TextVectorizerConfig(), texts)
    }

    func testVocabularyIsByCountThenBytesBothDescending() throws {
        // b and a twice, z, c and B once: counts first, then bytes high to low ('z' > 'c' > 'B').
        let vectorizer = try adapted(TextVectorizerConfig(standardize: .none), ["a b z", "b a c B"])
        XCTAssertEqual(vectorizer.vocabulary, ["", "[UNK]", "b", "a", "z", "c", "B"])
        XCTAssertEqual(vectorizer.count(at: 2), 2)
        XCTAssertEqual(vectorizer.documentFrequency(at: 2), 2)
        XCTAssertEqual(vectorizer.documentFrequency(at: 6), 1)
    }

    func testStandardizeIsASCIIOnlyAndSplitIsASCIIWhitespace() throws {
        let vectorizer = try adapted(["ÉCOLE Über,  A\u{00A0}B\tc\u{0B}d"])
        XCTAssertEqual(vectorizer.tokens("ÉCOLE Über,  A\u{00A0}B\tc\u{0B}d"), ["École", "Über", "a\u{00A0}b", "c", "d"])
        XCTAssertEqual(vectorizer.tokens("it's (ok)!"), ["its", "ok"])
    }

    func testNgramsAreJoinedBySpaceWidthByWidth() throws {
        let vectorizer = try TextVectorizer(config: TextVectorizerConfig(ngrams: [2, 1, 3]))
        XCTAssertEqual(vectorizer.tokens("a b c"), ["a b", "b c", "a", "b", "c", "a b c"])
        XCTAssertEqual(vectorizer.tokens("a"), ["a"])
        let characters = try TextVectorizer(config: TextVectorizerConfig(split: .character, ngrams: [2]))
        XCTAssertEqual(characters.tokens("é🙂x"), ["é 🙂", "🙂 x"])
    }

    func testIntOutputPadsAtTheEndToTheLongestOrTheSequenceLength() throws {
        let vectorizer = try adapted(["the cat", "the dog"])  // '' [UNK] the dog cat
        XCTAssertEqual(try vectorizer.intOutput(["the bird", "cat", ""]), [[2, 1], [4, 0], [0, 0]])
        let cut = try adapted(TextVectorizerConfig(outputSequenceLength: 3), ["the cat", "the dog"])
        XCTAssertEqual(try cut.intOutput(["cat the the dog", "dog"]), [[4, 2, 2], [3, 0, 0]])
        XCTAssertEqual(vectorizer.textsToSequences(["the the bird"]), [[2, 2, 1]])
    }

    func testMatrixModes() throws {
        let texts = ["the cat", "the dog"]  // [UNK] the dog cat
        let multiHot = try adapted(TextVectorizerConfig(outputMode: .multiHot), texts)
        XCTAssertEqual(Array(try multiHot.matrixOutput(["the the bird"]).row(0)), [1, 1, 0, 0])
        let count = try adapted(TextVectorizerConfig(outputMode: .count), texts)
        XCTAssertEqual(Array(try count.matrixOutput(["the the bird"]).row(0)), [1, 2, 0, 0])
        let padded = try adapted(TextVectorizerConfig(maxTokens: 6, outputMode: .count, padToMaxTokens: true), texts)
        XCTAssertEqual(try padded.matrixOutput(["cat"]).columns, 6)
        // idf = log(1 + 2 / (1 + df)): 'the' in both documents, 'dog' and 'cat' in one; [UNK] the mean.
        let tfidf = try adapted(TextVectorizerConfig(outputMode: .tfIdf), texts)
        let the = log(1 + 2.0 / 3), one = log(1 + 2.0 / 2)
        let row = Array(try tfidf.matrixOutput(["the the cat bird"]).row(0))
        let expected = [(the + 2 * one) / 3, 2 * the, 0, one]
        for (got, want) in zip(row, expected) { XCTAssertEqual(got, want, accuracy: 1e-6) }
    }

    func testAdaptReplacesTheVocabularyAndTextsWithoutTokensKeepIt() throws {
        var vectorizer = try adapted(["old words"])
        try vectorizer.adapt(texts: ["new"])
        XCTAssertEqual(vectorizer.vocabulary, ["", "[UNK]", "new"])
        XCTAssertEqual(vectorizer.documentCount, 1)
        try vectorizer.adapt(texts: ["", "  !!  "])
        XCTAssertEqual(vectorizer.vocabulary, ["", "[UNK]", "new"], "Keras keeps the vocabulary when adapt sees no token")
        let special = try adapted(TextVectorizerConfig(standardize: .none), ["[UNK] [UNK] x"])
        XCTAssertEqual(special.vocabulary, ["", "[UNK]", "x"])
        XCTAssertEqual(try special.intOutput(["[UNK] x"]), [[1, 2]])
    }

    func testMaxTokensCountsTheSpecialTokens() throws {
        XCTAssertEqual(try adapted(TextVectorizerConfig(maxTokens: 3), ["a a b"]).vocabulary, ["", "[UNK]", "a"])
        XCTAssertEqual(try adapted(TextVectorizerConfig(maxTokens: 2, outputMode: .count), ["a a b"]).vocabulary, ["[UNK]", "a"])
    }

    func testSettingsKerasRefuses() {
        func refused(_ config: TextVectorizerConfig) -> TextVectorizerError? {
            do { _ = try TextVectorizer(config: config); return nil } catch { return error }
        }
        XCTAssertEqual(refused(TextVectorizerConfig(maxTokens: 2)), .invalidMaxTokens(2, minimum: 3))
        XCTAssertEqual(refused(TextVectorizerConfig(maxTokens: 1, outputMode: .count)), .invalidMaxTokens(1, minimum: 2))
        XCTAssertEqual(refused(TextVectorizerConfig(padToMaxTokens: true)), .padNeedsMaxTokens)
        XCTAssertEqual(refused(TextVectorizerConfig(outputMode: .multiHot, outputSequenceLength: 4)), .sequenceLengthOutsideIntMode(.multiHot))
        XCTAssertEqual(refused(TextVectorizerConfig(outputSequenceLength: 0)), .invalidSequenceLength(0))
        XCTAssertEqual(refused(TextVectorizerConfig(ngrams: [])), .noNgramWidths)
        XCTAssertEqual(refused(TextVectorizerConfig(ngrams: [1, 65])), .invalidNgramWidth(65))
        XCTAssertNil(refused(TextVectorizerConfig(ngrams: [2])))
    }

    func testUseBeforeAdaptOrInTheWrongModeIsRefused() throws {
        let fresh = try TextVectorizer()
        XCTAssertThrowsError(try fresh.intOutput(["a"])) { XCTAssertEqual($0 as? TextVectorizerError, .notAdapted) }
        let bag = try adapted(TextVectorizerConfig(outputMode: .count), ["a"])
        XCTAssertThrowsError(try bag.intOutput(["a"])) { XCTAssertEqual($0 as? TextVectorizerError, .notIntMode(.count)) }
    }

    func testAdaptingInPartsGivesTheSameVocabulary() throws {
        let texts = (0 ..< 200).map { i in (0 ..< (i % 7 + 1)).map { "w\(($0 * i) % 13)" }.joined(separator: " ") }
        let whole = try adapted(TextVectorizerConfig(outputMode: .tfIdf), texts)
        var adapter = try TextVectorizer(config: TextVectorizerConfig(outputMode: .tfIdf)).makeAdapter()
        var parts = [adapter.makePart(), adapter.makePart(), adapter.makePart()]
        for (i, text) in texts.enumerated() { parts[i % 3].add(text) }
        adapter.merge(parts)
        let merged = try adapter.finish()
        XCTAssertEqual(merged.state, whole.state)
        XCTAssertEqual(try merged.matrixOutput(["w1 w2 w3"]), try whole.matrixOutput(["w1 w2 w3"]))
    }

    func testStateRoundTripsAndBadStatesAreRefused() throws {
        let vectorizer = try adapted(TextVectorizerConfig(maxTokens: 5, ngrams: [1, 2], outputMode: .tfIdf), ["a b a", "b c"])
        let restored = try TextVectorizer(state: vectorizer.state)
        XCTAssertEqual(restored.state, vectorizer.state)
        XCTAssertEqual(try restored.matrixOutput(["a b"]), try vectorizer.matrixOutput(["a b"]))
        func refused(_ change: (inout TextVectorizerState) -> Void) -> Bool {
            var state = vectorizer.state
            change(&state)
            return (try? TextVectorizer(state: state)) == nil
        }
        XCTAssertTrue(refused { $0.tokens[1] = $0.tokens[0] })
        XCTAssertTrue(refused { $0.tokens[0] = "[UNK]" })
        XCTAssertTrue(refused { $0.tokens[0] = "" })
        XCTAssertTrue(refused { $0.counts[0] = 0 })
        XCTAssertTrue(refused { $0.documentCounts[0] = 3 })
        XCTAssertTrue(refused { $0.counts.removeLast() })
        XCTAssertTrue(refused { $0.config.maxTokens = 2 })
        XCTAssertTrue(refused { $0.isAdapted = false })
        XCTAssertFalse(refused { $0.config.outputMode = .count })
    }
}
