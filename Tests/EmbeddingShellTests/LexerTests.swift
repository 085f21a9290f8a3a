import XCTest
@testable import EmbeddingShell

final class LexerTests: XCTestCase {
    private func words(_ line: String) throws -> [String] {
        guard case .tokens(let tokens) = try Lexer.lex(line) else { XCTFail("unexpected continuation"); return [] }
        return tokens.map(\.text)
    }

    private func tokens(_ line: String) throws -> [Token] {
        guard case .tokens(let tokens) = try Lexer.lex(line) else { XCTFail("unexpected continuation"); return [] }
        return tokens
    }

    func testBlanksSeparateWordsAndOffsetsPointAtThem() throws {
        let found = try tokens("  nearest\tglove  king ")
        XCTAssertEqual(found.map(\.text), ["nearest", "glove", "king"])
        XCTAssertEqual(found.map(\.offset), [2, 10, 17])
        XCTAssertEqual(found.map(\.wasQuoted), [false, false, false])
    }

    func testDoubleQuotesResolveEscapes() throws {
        XCTAssertEqual(try words(#"echo "a \"b\" \\ c\n\td""#), ["echo", "a \"b\" \\ c\n\td"])
        XCTAssertEqual(try words(#"echo "keep \q""#), ["echo", "keep \\q"])
    }

    func testSingleQuotesAreLiteral() throws {
        XCTAssertEqual(try words(#"echo 'a \n "b" # c'"#), ["echo", #"a \n "b" # c"#])
    }

    func testAdjacentQuotedPartsJoinOneWord() throws {
        let found = try tokens(#"echo ab"c d"'e'"#)
        XCTAssertEqual(found.map(\.text), ["echo", "abc de"])
        XCTAssertTrue(found[1].wasQuoted)
    }

    func testCommentsStartOutsideQuotesAtAWord() throws {
        XCTAssertEqual(try words("ls # list everything"), ["ls"])
        XCTAssertEqual(try words("# only a comment"), [])
        XCTAssertEqual(try words(##"echo "# not a comment" C#"##), ["echo", "# not a comment", "C#"])
    }

    func testOptionsAreUnquotedKeysFollowedByEquals() throws {
        let found = try tokens(#"tokenizer t num_words=100 filters="a b" "x=y" 3=4 a-b=c"#)
        XCTAssertEqual(found[2].option?.key, "num_words")
        XCTAssertEqual(found[2].option?.value, "100")
        XCTAssertEqual(found[3].option?.key, "filters")
        XCTAssertEqual(found[3].option?.value, "a b")
        XCTAssertNil(found[4].option, "a quoted word is always positional")
        XCTAssertTrue(found[4].wasQuoted)
        XCTAssertNil(found[5].option, "keys start with a letter or _")
        XCTAssertNil(found[6].option, "keys have no dashes")
    }

    func testEmptyValueAndEmptyQuotedWord() throws {
        let found = try tokens(#"x k= """#)
        XCTAssertEqual(found[1].option?.value, "")
        XCTAssertEqual(found[2].text, "")
        XCTAssertTrue(found[2].wasQuoted)
    }

    func testTrailingBackslashAsksForContinuation() throws {
        XCTAssertEqual(try Lexer.lex(#"nearest glove \"#), .needsContinuation)
        XCTAssertEqual(try Lexer.lex(#"nearest glove\"#), .needsContinuation)
        XCTAssertEqual(try words(#"echo "a\\""#), ["echo", "a\\"])
    }

    func testUnclosedQuotesNameTheirPosition() {
        XCTAssertThrowsError(try Lexer.lex(#"echo "abc"#)) { error in
            XCTAssertEqual(error as? LexError, .unclosedQuote(quote: "\"", offset: 5))
        }
        XCTAssertThrowsError(try Lexer.lex("echo x 'abc")) { error in
            XCTAssertEqual(error as? LexError, .unclosedQuote(quote: "'", offset: 7))
        }
    }

    func testNonASCIIAndGarbageNeverCrash() throws {
        XCTAssertEqual(try words("echo café 日本"), ["echo", "café", "日本"])
        let garbage = String(decoding: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        _ = try? Lexer.lex(garbage)
        let long = "echo " + String(repeating: "x", count: 1 << 20)
        XCTAssertEqual(try words(long).last?.count, 1 << 20)
    }
}
