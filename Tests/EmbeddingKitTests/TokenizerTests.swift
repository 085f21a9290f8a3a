import XCTest
@testable import EmbeddingKit

/// Hand-made cases; expected values come from keras_preprocessing 1.1.2 and CPython 3.11.
final class TokenizerTests: XCTestCase {
    private func fitted(_ config: TokenizerConfig = TokenizerConfig(), texts: [String]) throws -> Tokenizer {
        var tokenizer = try Tokenizer(config: config)
        try tokenizer.fit(texts: texts)
        return tokenizer
    }

    func testDefaultTokenizingAndIndexOrder() throws {
        let t = try fitted(texts: ["Hello, World! hello", "world  of\tcode\r", ""])
        XCTAssertEqual(t.documentCount, 3)
        XCTAssertEqual(t.wordCounts.map(\.word), ["hello", "world", "of", "code\r"])
        XCTAssertEqual(t.wordCounts.map(\.count), [2, 2, 1, 1])
        XCTAssertEqual(t.wordDocs.map(\.count), [1, 2, 1, 1])
        XCTAssertEqual(t.wordIndex.map(\.word), ["hello", "world", "of", "code\r"])
        XCTAssertEqual(t.index(of: "world"), 2)
        XCTAssertEqual(t.word(at: 3), "of")
        XCTAssertNil(t.word(at: 0))
        XCTAssertNil(t.index(of: "zebra"))
        XCTAssertEqual(t.mostFrequent(2).map(\.word), ["hello", "world"])
        XCTAssertEqual(t.vocabularySize, 4)
        XCTAssertEqual(t.wordIndexCount, 4)
        XCTAssertEqual(t.textsToSequences(["WORLD, hello zebra"]), [[2, 1]])
    }

    func testOOVTokenAlsoInTextsTakesItsLaterIndex() throws {
        let t = try fitted(TokenizerConfig(oovToken: "x"), texts: ["a b b x", "b c"])
        XCTAssertEqual(t.wordIndex.map(\.word), ["b", "a", "x", "c"])
        XCTAssertEqual(t.wordIndex.map(\.index), [2, 3, 4, 5])
        XCTAssertEqual(t.oovIndex, 4)
        XCTAssertNil(t.word(at: 1))
        XCTAssertEqual(t.wordIndexCount, 4)
        XCTAssertEqual(t.documentFrequency(at: 2), 2)
        XCTAssertEqual(t.textsToSequences(["a z x c"]), [[3, 4, 4, 5]])
        XCTAssertEqual(t.sequencesToTexts([[0, 1, 2, 3, 4, 5, 9]]), ["x x b a x c x"])
        XCTAssertEqual(try t.textsToMatrix(["a z x c"], mode: .count).values, [0, 0, 0, 1, 2])
        XCTAssertEqual(t.indicesWithoutWord([[2, 0, 1, 9], [1, -1]]), [1, 9, -1])
        XCTAssertEqual(t.indicesWithoutWord([[2, 0, 5]]), [])
    }

    func testNumWordsWithOOV() throws {
        let t = try fitted(TokenizerConfig(numWords: 3, oovToken: "?"), texts: ["the cat the dog", "a cat"])
        XCTAssertEqual(t.wordIndex.map(\.word), ["?", "the", "cat", "dog", "a"])
        XCTAssertEqual(t.textsToSequences(["the cat a dog zebra"]), [[2, 1, 1, 1, 1]])
        XCTAssertEqual(t.sequencesToTexts([[1, 2, 3, 4, 0, 7]]), ["? the ? ? ? ?"])
        let freq = try t.textsToMatrix(["the cat a dog zebra", ""], mode: .freq)
        XCTAssertEqual(freq.rows, 2)
        XCTAssertEqual(freq.values, [0, 0.8, 0.2, 0, 0, 0])
        let tfidf = try t.textsToMatrix(["the cat a dog zebra", ""], mode: .tfidf)
        XCTAssertEqual(tfidf[0, 1], 2.621612309505728, accuracy: 1e-12)
        XCTAssertEqual(tfidf[0, 2], 0.6931471805599453, accuracy: 1e-12)
        XCTAssertEqual(Array(tfidf.row(1)), [0, 0, 0])
    }

    func testRankingWithLargeCountsKeepsFirstSeenOrderOnTies() throws {
        let t = try fitted(texts: [String(repeating: "b ", count: 70_001) + "d c a", String(repeating: "a ", count: 70_000), "c"])
        XCTAssertEqual(t.wordIndex.map(\.word), ["b", "a", "c", "d"])
        XCTAssertEqual(t.wordCounts.map(\.count), [70_001, 1, 2, 70_001])
    }

    func testRepeatedFitContinuesCounts() throws {
        var twice = try Tokenizer()
        try twice.fit(texts: ["a b"])
        let before = twice
        try twice.fit(texts: ["b c c"])
        let once = try fitted(texts: ["a b", "b c c"])
        XCTAssertEqual(twice.documentCount, 2)
        XCTAssertEqual(twice.wordIndex.map(\.word), once.wordIndex.map(\.word))
        XCTAssertEqual(twice.wordDocs.map(\.count), once.wordDocs.map(\.count))
        XCTAssertEqual(before.wordCounts.map(\.count), [1, 1], "fitting a copy leaves the original alone")
    }

    func testPythonLowercasingAndMultiCharacterSplit() throws {
        let t = try fitted(TokenizerConfig(filters: "!", split: "ab"), texts: ["xa!b Q\rw", "AΣ.B ΟΔΟΣ İx"])
        XCTAssertEqual(t.wordIndex.map(\.word), ["xa", "b q\rw", "aσ.b οδος i\u{307}x"])
        XCTAssertEqual(t.textsToSequences(["xa!b ΟΔΟΣ"]), [[1]])
        let sigma = try fitted(texts: ["ΟΔΟΣ ΣΑΣ AΣ.B ΣA Σ"])
        XCTAssertEqual(sigma.wordCounts.map(\.word), ["οδος", "σας", "aσ", "b", "σa", "σ"])
    }

    func testFiltersAndSplitApplyAfterLowercasing() throws {
        let scanner = { (config: TokenizerConfig, text: String) -> [String] in
            var words: [String] = []
            var text = text
            text.withUTF8 { TokenScanner(config).forEachBatch(in: $0) { words += $0.map { String(decoding: $0.bytes, as: UTF8.self) } } }
            return words
        }
        XCTAssertEqual(scanner(TokenizerConfig(filters: "A!", split: "X"), "aXbAc!d"), ["axbac", "d"])
        XCTAssertEqual(scanner(TokenizerConfig(filters: "a!", split: "X"), "aXbAc!d Ünï"), ["xb", "c", "d ünï"])
        XCTAssertEqual(scanner(TokenizerConfig(filters: "a!", lower: false, split: "X"), "aXbAc!d"), ["bAc", "d"])
    }

    func testCharLevelUsesScalars() throws {
        let t = try fitted(TokenizerConfig(charLevel: true), texts: ["Ab a", "İ"])
        XCTAssertEqual(t.wordIndex.map(\.word), ["a", "b", " ", "i", "\u{307}"])
        XCTAssertEqual(t.wordCounts.map(\.count), [2, 1, 1, 1, 1])
    }

    func testFastAndExactPathsAgree() throws {
        let configs = [
            TokenizerConfig(), TokenizerConfig(lower: false), TokenizerConfig(filters: ""),
            TokenizerConfig(filters: "!?.", split: "."), TokenizerConfig(charLevel: true),
            TokenizerConfig(filters: "", split: ","), TokenizerConfig(filters: "é!", split: " "),
            TokenizerConfig(filters: "A!z", split: "B"),
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = "aAbBzZ  ,.!?'\t\r\n-09`~_\u{0}".map(String.init) + ["é", "Σ", "İ", "ß", "日", "\u{1F600}"]
        for config in configs {
            let scanner = TokenScanner(config)
            for _ in 0 ..< 200 {
                let ascii = Bool.random(using: &generator)
                let text = Array((0 ..< Int.random(in: 0 ... 300, using: &generator))
                    .map { _ in ascii ? alphabet[Int.random(in: 0 ..< alphabet.count - 6, using: &generator)] : alphabet.randomElement()! }
                    .joined().utf8)
                var fast: [[UInt8]] = [], exact: [[UInt8]] = [], fastHashes: [UInt64] = [], exactHashes: [UInt64] = []
                text.withUnsafeBufferPointer { bytes in
                    scanner.forEachBatch(in: bytes) { tokens in
                        for token in tokens {
                            fast.append(Array(token.bytes))
                            fastHashes.append(token.hash)
                            XCTAssertEqual(token.head, wordHead(token.bytes))
                        }
                    }
                    scanner.exactTokens(bytes) { exact.append(Array($0)); exactHashes.append($1) }
                }
                XCTAssertEqual(fast, exact, "\(config) \(text)")
                XCTAssertEqual(fastHashes, exactHashes)
            }
        }
        let mixed = ["The Café, THE cafe; naïve Über-fast", "plain ASCII line, The cafe"]
        let t = try fitted(texts: mixed)
        XCTAssertEqual(t.textsToSequences(mixed), [[1, 3, 1, 2, 4, 5, 6], [7, 8, 9, 1, 2]])
    }

    func testPaddedHashEqualsPlainHash() {
        let bytes = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        bytes.withUnsafeBufferPointer { all in
            for n in 1 ... 24 {
                let word = UnsafeBufferPointer(rebasing: all[0 ..< n])
                let padded = WordHash.hashPadded(all.baseAddress!, count: n)
                XCTAssertEqual(padded.hash, WordHash.hash(word))
                XCTAssertEqual(padded.head, wordHead(word))
            }
        }
    }

    func testMostFrequentAndUnfittedOOV() throws {
        let t = try Tokenizer(config: TokenizerConfig(oovToken: "<OOV>"))
        XCTAssertEqual(t.oovIndex, 1)
        XCTAssertEqual(t.textsToSequences(["anything"]), [[1]])
        XCTAssertEqual(t.mostFrequent(5).count, 0)
        XCTAssertThrowsError(try t.textsToMatrix(["a"], mode: .tfidf)) {
            XCTAssertEqual($0 as? TokenizerError, .tfidfNeedsFit)
        }
        XCTAssertThrowsError(try Tokenizer().textsToMatrix(["a"], mode: .binary)) {
            XCTAssertEqual($0 as? TokenizerError, .matrixNeedsWidth)
        }
    }

    func testInvalidSettingsNameTheValue() throws {
        XCTAssertThrowsError(try Tokenizer(config: TokenizerConfig(numWords: 0))) {
            XCTAssertEqual($0 as? TokenizerError, .invalidNumWords(0))
            XCTAssertEqual("\($0)", "num_words must be at least 1, got 0")
        }
        XCTAssertThrowsError(try Tokenizer(config: TokenizerConfig(numWords: -4))) {
            XCTAssertEqual($0 as? TokenizerError, .invalidNumWords(-4))
        }
        XCTAssertThrowsError(try Tokenizer(config: TokenizerConfig(split: ""))) {
            XCTAssertEqual($0 as? TokenizerError, .emptySplit)
        }
        XCTAssertThrowsError(try MatrixMode(parsing: "onehot")) {
            XCTAssertEqual($0 as? TokenizerError, .unknownMatrixMode("onehot"))
            XCTAssertTrue("\($0)".contains("'onehot'"))
        }
        XCTAssertThrowsError(try Padding(parsing: "middle")) {
            XCTAssertEqual($0 as? TokenizerError, .unknownSide("middle"))
        }
        XCTAssertEqual(MatrixMode.allCases.map(\.rawValue), ["binary", "count", "freq", "tfidf"])
    }

    func testMatrixFootprint() {
        let footprint = MatrixFootprint(sequences: [[1, 2, 3], [4]], columns: 1000)
        XCTAssertEqual(footprint.matrixBytes, 2 * 1000 * 8)
        XCTAssertEqual(footprint.sequenceBytes, 16)
        XCTAssertEqual(footprint.paddedSequenceBytes, 24)
    }
}

final class TokenFateTests: XCTestCase {
    func testEachTokenSaysWhatBecameOfIt() throws {
        var withOOV = try Tokenizer(config: TokenizerConfig(numWords: 3, oovToken: "<unk>"))
        try withOOV.fit(texts: ["the cat the cat the dog"])
        // Indices: <unk> 1, the 2, cat 3, dog 4; num_words 3 keeps indices 1 and 2.
        let fates = withOOV.tokenFates("The CAT, a dog!")
        XCTAssertEqual(fates.map(\.token), ["the", "cat", "a", "dog"])
        XCTAssertEqual(fates.map(\.fate), [.kept(index: 2), .beyondNumWords(index: 3, oovIndex: 1), .unknown(oovIndex: 1),
                                           .beyondNumWords(index: 4, oovIndex: 1)])
        XCTAssertEqual(fates.compactMap(\.fate.sequenceIndex), withOOV.textsToSequences(["The CAT, a dog!"])[0])

        var plain = try Tokenizer(config: TokenizerConfig(numWords: 2))
        try plain.fit(texts: ["the cat the"])
        let dropped = plain.tokenFates("the cat sat")
        XCTAssertEqual(dropped.map(\.fate), [.kept(index: 1), .beyondNumWordsDropped(index: 2), .unknownDropped])
        XCTAssertEqual(dropped.compactMap(\.fate.sequenceIndex), plain.textsToSequences(["the cat sat"])[0])
    }

    /// Issue 13: the word tables number words and place their bytes in 32 bits; past that, or
    /// past memory, a vocabulary stops growing and the fit fails instead of wrapping or aborting.
    func testVocabularyGrowthHasStatedLimits() {
        XCTAssertNoThrow(try WordTableGrowth.check(words: 10, arenaBytes: 100, newBytes: 1 << 20))
        XCTAssertThrowsError(try WordTableGrowth.check(words: WordTableGrowth.maxWords + 1, arenaBytes: 100, newBytes: 0)) {
            XCTAssertEqual($0 as? WordTableError, .tooManyWords(limit: WordTableGrowth.maxWords))
        }
        XCTAssertThrowsError(try WordTableGrowth.check(words: 10, arenaBytes: WordTableGrowth.maxArenaBytes + 1, newBytes: 0)) {
            XCTAssertEqual($0 as? WordTableError, .tooManyBytes(limit: WordTableGrowth.maxArenaBytes))
        }
        XCTAssertThrowsError(try WordTableGrowth.check(words: 10, arenaBytes: 100, newBytes: Int.max)) {
            guard case .memory? = $0 as? WordTableError else { return XCTFail("\($0)") }
        }
    }
}
