import XCTest
@testable import EmbeddingKit

/// An embedding that starts from a table of pre-trained vectors and may be frozen (issue 15).
final class PretrainedEmbeddingTests: XCTestCase {
    private let texts = ["the cat sat on the mat", "the dog sat", "a good film", "a bad film", "good good cat", "bad dog"]
    private let labels = [1, 0, 1, 0, 1, 0]

    private func fitted() throws -> Tokenizer {
        var tokenizer = try Tokenizer()
        try tokenizer.fit(texts: texts)
        return tokenizer
    }

    /// Vectors for `words`, row r filled with r + 1 and its negation (easy to recognise).
    private func table(_ words: [String], dim: Int = 2) throws -> EmbeddingTable {
        let values = words.indices.flatMap { r in (0 ..< dim).map { Float(r + 1) * ($0 % 2 == 0 ? 1 : -1) } }
        return try EmbeddingTable(rows: words.count, dim: dim, values: values, labels: words)
    }

    private func model(_ spec: String) throws -> SequentialModel {
        SequentialModel(config: try ModelConfig(parsing: [spec, "gap", "dense(1,sigmoid)"], inputLength: 6), seed: 1)
    }

    func testRowsFollowTheWordIndexWithZerosForMissedWordsAndPadding() throws {
        let tokenizer = try fitted()
        var model = try model("embedding(20,2,weights=vectors)")
        let vectors = try table(["dog", "the", "unused", "cat"])
        let match = try model.loadEmbedding(from: vectors, tableName: "vectors") { tokenizer.word(at: $0) }
        let weights = try model.embeddingWeights()
        func row(_ i: Int) -> [Float] { Array(weights.values[i * 2 ..< i * 2 + 2]) }
        XCTAssertEqual(row(0), [0, 0], "padding")
        for word in ["the", "cat", "dog"] {
            XCTAssertEqual(row(tokenizer.index(of: word)!), try vectors.row(forWord: word), word)
        }
        XCTAssertEqual(row(tokenizer.index(of: "sat")!), [0, 0], "a word the table lacks")
        XCTAssertEqual(row(15), [0, 0], "beyond the word index")
        let words = tokenizer.wordIndexCount
        XCTAssertEqual(match.found, 3)
        XCTAssertEqual(match.missed, words - 3)
        let missed = (1 ... words).compactMap { tokenizer.word(at: $0) }.filter { !["the", "cat", "dog"].contains($0) }
        XCTAssertEqual(match.missedExamples, Array(missed.prefix(SequentialModel.missedExampleCount)), "in index order")
    }

    func testOnlyIndicesBelowInputDimAreMatched() throws {
        let tokenizer = try fitted()
        var model = try model("embedding(3,2,weights=v)")
        let match = try model.loadEmbedding(from: try table(["the", "sat", "cat"]), tableName: "v") { tokenizer.word(at: $0) }
        XCTAssertEqual(match.found + match.missed, 2, "indices 1 and 2 only")
    }

    func testAFrozenEmbeddingIsUnchangedByTrainingAndCountedAsNonTrainable() throws {
        let tokenizer = try fitted()
        var model = try model("embedding(20,4,trainable=false,weights=v)")
        XCTAssertEqual(model.summary.trainableParameters, 5)
        XCTAssertEqual(model.summary.nonTrainableParameters, 80)
        XCTAssertEqual(model.summary.totalParameters, 85)
        _ = try model.loadEmbedding(from: try table(["the", "cat", "dog", "good", "bad", "film"], dim: 4), tableName: "v") {
            tokenizer.word(at: $0)
        }
        let sequences = try padSequences(tokenizer.textsToSequences(texts), maxlen: 6)
        let before = model.weights
        for optimizer in [Optimizer.adam(learningRate: 0.05), .sgd(learningRate: 0.5, momentum: 0.9)] {
            _ = try model.fit(sequences: sequences, labels: labels, options: TrainingOptions(epochs: 5, batchSize: 2, optimizer: optimizer))
        }
        XCTAssertEqual(model.weights[0], before[0], "the frozen embedding")
        XCTAssertNotEqual(model.weights[1], before[1], "the dense kernel still learns")

        var trainable = try self.model("embedding(20,4,weights=v)")
        _ = try trainable.loadEmbedding(from: try table(["the", "cat", "dog", "good", "bad", "film"], dim: 4), tableName: "v") {
            tokenizer.word(at: $0)
        }
        XCTAssertEqual(trainable.weights[0], before[0], "the same start")
        _ = try trainable.fit(sequences: sequences, labels: labels, options: TrainingOptions(epochs: 5, batchSize: 2))
        XCTAssertNotEqual(trainable.weights[0], before[0], "a trainable embedding moves from the pre-trained start")
        XCTAssertEqual(trainable.summary.nonTrainableParameters, 0)
    }

    func testMismatchesAreRefusedLeavingTheModelAsItWas() throws {
        let tokenizer = try fitted()
        var model = try model("embedding(20,2,weights=v)")
        let before = model.weights
        func reason(_ table: EmbeddingTable) -> String? {
            do {
                _ = try model.loadEmbedding(from: table, tableName: "v") { tokenizer.word(at: $0) }
                return nil
            } catch {
                guard case .incompatibleLayer(0, "embedding(20,2,weights=v)", let reason) = error else { return "\(error)" }
                return reason
            }
        }
        XCTAssertEqual(reason(try table(["the"], dim: 3)), "weights=v holds vectors of 3 values, but output_dim is 2")
        XCTAssertEqual(reason(try EmbeddingTable(rows: 2, dim: 2, values: [1, 2, 3, 4])),
                       "weights=v has no words to match the tokenizer's against (its rows are unlabelled)")
        XCTAssertEqual(reason(try table(["zebra", "yak"]))?.hasPrefix("weights=v holds none of the tokenizer's"), true)
        XCTAssertEqual(model.weights, before)
    }
}
