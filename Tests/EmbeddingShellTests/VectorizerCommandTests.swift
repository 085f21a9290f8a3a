import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingShell

/// The vectorizer in the shell: a file fit equals the texts' fit at any thread count, bad
/// input leaves the session as it was, and commands taking a tokenizer take a vectorizer.
final class VectorizerCommandTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    private static let corpus = fixtures.appendingPathComponent("corpus/topics.txt").path

    private func vectorizer(_ shell: Shell, _ name: String) throws -> TextVectorizer {
        guard case .vectorizer(let vectorizer) = try shell.session.object(name) else { throw XCTSkip("not a vectorizer") }
        return vectorizer
    }

    func testAFileFitIsTheFitOfItsLinesAtAnyThreadCount() throws {
        let lines = try String(contentsOfFile: Self.corpus, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).dropLast()
        var expected = try TextVectorizer(config: TextVectorizerConfig(ngrams: [1, 2], outputMode: .tfIdf))
        try expected.adapt(texts: lines)
        for threads in [1, 2, 3] {
            let (shell, _, err) = runScript("set threads \(threads)\nvectorizer v ngrams=2 output_mode=tf_idf\nfit v file=\(Self.corpus)")
            XCTAssertEqual(shell.failures, 0, err)
            XCTAssertEqual(try vectorizer(shell, "v").state, expected.state, "threads=\(threads)")
        }
    }

    func testBadInputChangesNothing() throws {
        let (shell, _, _) = runScript("vectorizer v max_tokens=5\nfit v \"a b c\"")
        let before = try vectorizer(shell, "v").state
        let generation = shell.session.generation
        for line in ["vectorizer v", "vectorizer w max_tokens=1", "vectorizer w ngram=2", "vectorizer w output_mode=int pad_to_max_tokens=yes",
                     "fit v", "fit v \"x\" file=\(Self.corpus)", "fit v file=/nonexistent", "tokenize v \"a\" padding=post",
                     "matrix v \"a\"", "detokenize v 1", "export v out.json"] {
            XCTAssertFalse(shell.execute(line), line)
        }
        XCTAssertEqual(try vectorizer(shell, "v").state, before)
        XCTAssertEqual(shell.session.generation, generation)
        XCTAssertFalse(shell.session.contains("w"))
    }

    func testTrainingThroughAVectorizerPadsAtTheEndToItsSequenceLength() throws {
        let data = Self.fixtures.appendingPathComponent("classify/reviews-train.tsv").path
        let (shell, _, err) = runScript("""
            vectorizer v max_tokens=50 output_sequence_length=7
            model m embedding(50,4) gap dense(1,sigmoid) seed=1
            train m data=\(data) tokenizer=v epochs=1
            predict m "a lovely trip"
            """)
        XCTAssertEqual(shell.failures, 0, err)
        let model = try shell.session.model("m")
        XCTAssertEqual(model.maxlen, 7)
        XCTAssertEqual(model.padding, .post)
        XCTAssertEqual(model.truncating, .post)
        let fitted = try vectorizer(shell, "v")
        XCTAssertTrue((3 ... 50).contains(fitted.vocabularySize), "fitted on the data, within max_tokens")
        guard case .vectorizer(let copy)? = model.tokenizer else { return XCTFail("the model keeps a copy of the vectorizer") }
        XCTAssertEqual(copy.state, fitted.state)
        XCTAssertEqual(model.sequences(["a lovely trip"]), try fitted.intOutput(["a lovely trip"]).map { Array($0.prefix(7)) })
    }

    func testAMatrixVectorizerIsRefusedWhereSequencesAreNeeded() {
        let (shell, _, err) = runScript("""
            vectorizer bag output_mode=count
            fit bag "a b"
            table t vocab=bag dim=2
            """)
        XCTAssertEqual(shell.failures, 1)
        XCTAssertTrue(err.contains("output_mode is count, which gives a matrix; index sequences need output_mode=int"), err)
    }
}
