import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingShell

/// Words outside a subword table in the shell's queries, against the `fasttext` wheel's own
/// vectors of its model (`Tests/Fixtures/fasttext/generate.py`).
final class FastTextCommandTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    private static let model = fixtures.appendingPathComponent("fasttext/tiny.bin").path

    private struct Answers: Decodable { var vectors: [String: [Float]] }

    private func wheel(_ word: String) throws -> [Float] {
        let answers = try JSONDecoder().decode(Answers.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("fasttext/answers.json")))
        return try XCTUnwrap(answers.vectors[word], word)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testUnseenWordsAreComposedWithANoteInEveryQuery() throws {
        let (shell, out, err) = runScript("import ft \(Self.model)\nsimilarity ft cats dogma", format: .json)
        XCTAssertEqual(shell.failures, 0, err)
        let score = try XCTUnwrap(try json(String(out.split(separator: "\n").last!))["score"] as? Double)
        XCTAssertEqual(Float(score), try EmbeddingTable.similarity(try wheel("cats"), try wheel("dogma")), accuracy: 1e-6)
        let noted = runScript("import ft \(Self.model)\nsimilarity ft cats dogma")
        XCTAssertTrue(noted.err.contains("composed from n-grams (not in the table): 'cats', 'dogma'"), noted.err)

        let lookup = runScript("import ft \(Self.model)\nlookup ft cat cats", format: .json)
        let rows = try XCTUnwrap(try json(String(lookup.out.split(separator: "\n").last!))["rows"] as? [[Double]])
        for (a, b) in zip(rows[1], try wheel("cats")) { XCTAssertEqual(Float(a), b, accuracy: 1e-6) }

        for query in ["nearest ft parked k=3", "nearest ft parked - cat + dogma k=3", "analogy ft cat cats dog",
                      "analogy ft cat cats dogma method=mul k=2", "explain ft \"the cats\" via=tok"] {
            let (shell, out, err) = runScript("import ft \(Self.model)\ntokenizer tok\nfit tok \"the cats\"\n" + query)
            XCTAssertEqual(shell.failures, 0, "\(query): \(err)")
            XCTAssertTrue(query.hasPrefix("explain") || err.contains("composed from n-grams"), "\(query): \(out) \(err)")
        }
        let explain = runScript("import ft \(Self.model)\ntokenizer tok\nfit tok \"the cats\"\nexplain ft \"the cats\" via=tok")
        XCTAssertTrue(explain.out.contains("cats: composed from 12 n-grams: <c→12 <ca→247"), explain.out)
    }

    /// `explain` through a tokenizer whose indices are not the table's rows builds W by word, as
    /// Keras's pre-trained matrix is built: a seen word's row, an unseen word composed from its
    /// n-grams (the wheel's vector), padding zeros; and a plain labelled table gives zeros for
    /// the words it lacks.
    func testExplainLooksWordsUpByWordAndComposesUnseenOnes() throws {
        let run = runScript("import ft \(Self.model)\ntokenizer tok\nfit tok \"the cats zqxcat\"\nexplain ft \"the cats zqxcat\" via=tok",
                            format: .json)
        XCTAssertEqual(run.shell.failures, 0, run.err)
        let object = try json(String(run.out.split(separator: "\n").last!))
        XCTAssertEqual(object["by_word"] as? Bool, true)
        let tokens = try XCTUnwrap(object["tokens"] as? [[String: Any]])
        let the = try XCTUnwrap(run.shell.session.table("ft").index(of: "the"))
        XCTAssertEqual(tokens[0]["table_row"] as? Int, the)
        XCTAssertEqual(tokens[1]["table_row"] as? String, "composed")
        let rows = try XCTUnwrap((object["lookup"] as? [String: Any])?["rows"] as? [[Double]])
        let table = try run.shell.session.table("ft")
        XCTAssertEqual(rows[0].map(Float.init), try table.row(the))
        for (a, b) in zip(rows[1], try wheel("cats")) { XCTAssertEqual(Float(a), b, accuracy: 1e-6) }
        XCTAssertEqual(rows[2].map(Float.init), table.composedVector("zqxcat"))
        let product = try XCTUnwrap((object["product"] as? [String: Any])?["vector"] as? [Double])
        XCTAssertEqual(product, rows[0])
        let cosine = try XCTUnwrap((object["similarities"] as? [[String: Any]])?.first?["cosine"] as? Double)
        XCTAssertEqual(Float(cosine), try EmbeddingTable.similarity(try table.row(the), try wheel("cats")), accuracy: 1e-5)

        let plain = runScript("import plain \(Self.fixtures.appendingPathComponent("vectors/small-word2vec.txt").path)\n"
            + "tokenizer tok num_words=1000000000\nfit tok \"dog dog mouse the\"\nexplain plain \"the mouse dog\" via=tok", format: .json)
        XCTAssertEqual(plain.shell.failures, 0, plain.err)
        let plainObject = try json(String(plain.out.split(separator: "\n").last!))
        XCTAssertEqual((plainObject["tokens"] as? [[String: Any]])?.map { "\($0["table_row"]!)" }, ["0", "zeros", "2"])
        XCTAssertEqual((plainObject["lookup"] as? [String: Any])?["rows"] as? [[Double]], [[1, 0], [0, 0], [-1e-3, 25]])
        XCTAssertEqual((plainObject["one_hot"] as? [String: Any])?["shape"] as? [Int], [3, 4], "W has a row per index the tokenizer gives, not num_words")
    }

    /// An embedding started from a subword table takes an unseen word's composed vector, as
    /// `wv[word]` gives for gensim's FastText, and the note counts those words.
    func testPretrainedEmbeddingRowsComposeUnseenWords() throws {
        let run = runScript("import ft \(Self.model)\ntokenizer tok\nfit tok \"the cats zqxcat\"\n"
            + "model m embedding(4,8,weights=ft) gap dense(1,sigmoid) tokenizer=tok seed=1\nextract m as=rows")
        XCTAssertEqual(run.shell.failures, 0, run.err)
        XCTAssertTrue(run.err.contains("1 of 3 words found, 2 composed from n-grams"), run.err)
        let rows = try run.shell.session.table("rows"), table = try run.shell.session.table("ft")
        XCTAssertEqual(try rows.row(1), try table.row(forWord: "the"))
        for (a, b) in zip(try rows.row(2), try wheel("cats")) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        XCTAssertEqual(try rows.row(3), table.composedVector("zqxcat"))
        XCTAssertEqual(try rows.row(0), [Float](repeating: 0, count: 8), "padding")
    }

    func testAWordWithNoVectorIsStillAnErrorAndPlainTablesAreUnchanged() {
        // A table without n-gram vectors composes nothing: an unknown word stays an error.
        let (shell, _, err) = runScript("import plain \(Self.fixtures.appendingPathComponent("vectors/small-word2vec.txt").path)\nsimilarity plain the cats")
        XCTAssertEqual(shell.failures, 1)
        XCTAssertTrue(err.contains("not in the table") || err.contains("unknown") || err.contains("'cats'"), err)
        XCTAssertFalse(err.contains("composed"), err)
    }

    func testTrainsAndRefusesBadSubwordSettings() throws {
        let corpus = Self.fixtures.appendingPathComponent("corpus/topics.txt").path
        let (shell, out, err) = runScript("fasttext ft file=\(corpus) dim=8 min_count=1 epochs=1 threads=1 bucket=100", format: .json)
        XCTAssertEqual(shell.failures, 0, err)
        let object = try json(out)
        XCTAssertEqual(object["buckets"] as? Int, 100)
        XCTAssertEqual(object["vocab_size"] as? Int, 16 + 1, "with fastText's </s>")
        XCTAssertNotNil(try shell.session.table("ft").subwords)
        let bad = runScript("fasttext ft file=\(corpus) minn=5 maxn=3")
        XCTAssertEqual(bad.shell.failures, 1)
        XCTAssertTrue(bad.err.contains("maxn must be 0 or from minn to 100 (got 3)"), bad.err)
        XCTAssertFalse(bad.shell.session.contains("ft"))
    }

    /// hs=true trains hierarchical softmax alone (fastText's -loss hs), exported with loss 1; a
    /// negative= beside it is refused, changing nothing.
    func testHierarchicalSoftmaxAlone() throws {
        let corpus = Self.fixtures.appendingPathComponent("corpus/topics.txt").path
        let run = runScript("fasttext ft file=\(corpus) dim=8 min_count=1 epochs=1 threads=1 bucket=100 hs=true")
        XCTAssertEqual(run.shell.failures, 0, run.err)
        XCTAssertTrue(run.err.contains("characters; sg, hs, 1 epoch,"), run.err)
        XCTAssertEqual(try run.shell.session.table("ft").subwords?.training.loss, 1)
        let bad = runScript("fasttext ft file=\(corpus) hs=true negative=5")
        XCTAssertEqual(bad.shell.failures, 1)
        XCTAssertTrue(bad.err.contains("hs=true trains hierarchical softmax alone"), bad.err)
        XCTAssertFalse(bad.shell.session.contains("ft"))
        XCTAssertEqual(runScript("fasttext ft file=\(corpus) dim=8 min_count=1 epochs=1 bucket=100 hs=true negative=0").shell.failures, 0)
    }

    /// fastText's classifier defaults minn=0 maxn=0 train plain word vectors, keeping one bucket
    /// row whatever bucket= says (fastText keeps none); minn 0 with n-grams counts as 1.
    func testNoNgramsKeepNoBuckets() throws {
        let corpus = Self.fixtures.appendingPathComponent("corpus/topics.txt").path
        let run = runScript("fasttext ft file=\(corpus) dim=8 min_count=1 epochs=1 minn=0 maxn=0\n"
            + "fasttext ft2 file=\(corpus) dim=8 min_count=1 epochs=1 minn=0 maxn=2 bucket=100 seed=3 threads=1\n"
            + "fasttext ft1 file=\(corpus) dim=8 min_count=1 epochs=1 minn=1 maxn=2 bucket=100 seed=3 threads=1")
        XCTAssertEqual(run.shell.failures, 0, run.err)
        XCTAssertTrue(run.err.contains("17 words × 8 without n-grams (maxn=0"), run.err)
        let plain = try XCTUnwrap(try run.shell.session.table("ft").subwords)
        XCTAssertEqual(plain.settings.bucket, 1)
        XCTAssertEqual(plain.ngrams.count, 8)
        XCTAssertEqual(try run.shell.session.table("ft2").values, try run.shell.session.table("ft1").values)
    }

    func testAStopKeepsThePartialTableWithItsNgramsAndAStoppedReplaceKeepsTheOld() throws {
        let corpus = Self.fixtures.appendingPathComponent("corpus/topics.txt").path
        let train = "fasttext ft file=\(corpus) dim=8 min_count=1 epochs=4 threads=1 bucket=100"
        let checks = Counter()
        let shell = Shell(sink: BufferSink(), interruption: Interruption { checks.next() >= 5 })
        let (_, _, err) = runScript(train, shell: shell)
        XCTAssertEqual(shell.failures, 0, err)
        XCTAssertTrue(err.contains("stopped at 25.0%: ft holds the vectors trained so far (partial)"), err)
        XCTAssertNotNil(try shell.session.table("ft").composedVector("cats"))

        let old = try shell.session.table("ft").values
        let again = Counter()
        let stopping = Shell(sink: BufferSink(), interruption: Interruption { again.next() >= 5 })
        stopping.session = shell.session
        let replaced = runScript(train + " replace=true", shell: stopping)
        XCTAssertEqual(stopping.failures, 1)
        XCTAssertTrue(replaced.err.contains("ft keeps its old vectors"), replaced.err)
        XCTAssertEqual(try stopping.session.table("ft").values, old)
    }
}
