import Foundation
import XCTest
@testable import EmbeddingKit

/// fastText's hash and n-grams against the `fasttext` wheel and gensim themselves
/// (`Tests/Fixtures/fasttext/generate.py`).
final class SubwordTests: XCTestCase {
    struct Answers: Decodable {
        struct Subwords: Decodable {
            var ngrams: [String]
            var ids: [Int]
        }
        var dim: Int
        var minn: Int
        var maxn: Int
        var bucket: Int
        var words: [String]
        var hashes: [String: UInt32]
        var subwords: [String: Subwords]
        var vectors: [String: [Float]]
        var gensim_vectors: [String: [Float]]
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fasttext")

    static func answers() throws -> Answers {
        try JSONDecoder().decode(Answers.self, from: Data(contentsOf: folder.appendingPathComponent("answers.json")))
    }

    func testHashesEqualGensimsIncludingSignExtendedBytes() throws {
        let answers = try Self.answers()
        XCTAssertGreaterThan(answers.hashes.count, 10)
        for (word, hash) in answers.hashes { XCTAssertEqual(SubwordHash.hash(word), hash, word) }
        // The quirk itself: 0xC3 is XORed in as 0xFFFFFFC3.
        XCTAssertEqual(SubwordHash.hash("é"), (((2_166_136_261 ^ 0xFFFF_FFC3) &* 16_777_619) ^ 0xFFFF_FFA9) &* 16_777_619)
    }

    func testNgramsAndBucketsEqualTheWheels() throws {
        let answers = try Self.answers()
        let settings = SubwordSettings(minn: answers.minn, maxn: answers.maxn, bucket: answers.bucket)
        let nwords = answers.words.count
        XCTAssertGreaterThan(answers.subwords.count, 10)
        for (word, expected) in answers.subwords {
            let inVocabulary = answers.words.contains(word)
            // The wheel lists an in-vocabulary word itself first, with its own id.
            let ngrams = Array(expected.ngrams.dropFirst(inVocabulary ? 1 : 0))
            let ids = Array(expected.ids.dropFirst(inVocabulary ? 1 : 0))
            let found = settings.ngrams(of: word)
            XCTAssertEqual(found.map(\.ngram), ngrams, word)
            XCTAssertEqual(found.map { $0.bucket + nwords }, ids, word)
        }
    }

    func testLineEndTokenAndShortWordsHaveNoNgrams() {
        let settings = SubwordSettings(minn: 3, maxn: 6, bucket: 100)
        XCTAssertEqual(settings.buckets(of: "</s>"), [])
        XCTAssertEqual(settings.ngrams(of: "a").map(\.ngram), ["<a>"])
        XCTAssertEqual(SubwordSettings(minn: 4, maxn: 6, bucket: 100).ngrams(of: "a").map(\.ngram), [])
        XCTAssertEqual(SubwordSettings(minn: 3, maxn: 0, bucket: 100).buckets(of: "word"), [])
    }

    func testCompositionIsTheMeanOfOwnAndNgramRows() throws {
        let settings = SubwordSettings(minn: 3, maxn: 3, bucket: 4)
        let ngrams: [Float] = [1, 0, 0, 1, 2, 2, 4, 4]
        let subwords = try SubwordVectors(settings: settings, dim: 2, ngrams: ngrams)
        let buckets = settings.buckets(of: "ab")  // <ab, ab>
        XCTAssertEqual(buckets.count, 2)
        let expected = (0 ..< 2).map { j in buckets.reduce(Float(0)) { $0 + ngrams[$1 * 2 + j] } * 0.5 }
        XCTAssertEqual(subwords.compose("ab"), expected)
        let own: [Float] = [3, 3]
        let withOwn = own.withUnsafeBufferPointer { subwords.compose("ab", own: $0) }!
        XCTAssertEqual(withOwn[0], (3 + expected[0] * 2) / 3, accuracy: 1e-6)
        let recovered = withOwn.withUnsafeBufferPointer { subwords.ownRow(of: "ab", composed: $0) }
        XCTAssertEqual(recovered[0], 3, accuracy: 1e-5)
        XCTAssertEqual(subwords.compose("é"), Array(ngrams[settings.buckets(of: "é")[0] * 2 ..< settings.buckets(of: "é")[0] * 2 + 2]))
        XCTAssertNil(try SubwordVectors(settings: SubwordSettings(minn: 4, maxn: 4, bucket: 4), dim: 2, ngrams: ngrams).compose("a"))
    }

    func testSettingsRefuseAbsurdValues() {
        XCTAssertEqual(SubwordSettings(minn: -1, maxn: 6, bucket: 10).problem?.name, "minn")
        XCTAssertEqual(SubwordSettings(minn: 101, maxn: 0, bucket: 10).problem?.name, "minn")
        XCTAssertNil(SubwordSettings(minn: 0, maxn: 6, bucket: 10).problem, "0 counts as 1, as in fastText")
        XCTAssertEqual(SubwordSettings(minn: 0, maxn: 0, bucket: 2_000_000).bucket, 1, "no n-grams, one bucket row")
        XCTAssertEqual(SubwordSettings(minn: 4, maxn: 3, bucket: 10).problem?.name, "maxn")
        XCTAssertEqual(SubwordSettings(minn: 3, maxn: 6, bucket: 0).problem?.name, "bucket")
        XCTAssertNil(SubwordSettings(minn: 3, maxn: 0, bucket: 10).problem)
        XCTAssertThrowsError(try SubwordVectors(settings: SubwordSettings(minn: 3, maxn: 3, bucket: 4), dim: 2, ngrams: [1]))
    }
}
