import Foundation
import XCTest
@testable import EmbeddingShell

/// `summary` prints the table Keras's `model.summary()` prints for the same model.
final class ModelSummaryTests: XCTestCase {
    private static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference")

    private func summary(_ layers: String, inputLength: String = "input_length=40") -> String {
        let run = runScript("model m \(layers) \(inputLength)\nset quiet true\nsummary m")
        XCTAssertEqual(run.shell.failures, 0, run.err)
        return String(run.out.components(separatedBy: "quiet = true\n").last!)
    }

    func testTheReferenceModelsMatchKerasExactly() throws {
        for (name, layers) in [("a", "embedding(10000,16) gap dense(16,relu) dense(1,sigmoid)"),
                               ("b", "embedding(10000,8) flatten dense(1,sigmoid)")] {
            let file = Self.reference.appendingPathComponent("keras-summary-\(name).txt")
            guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
                throw XCTSkip("../shared/reference is absent")
            }
            XCTAssertEqual(summary(layers).trimmingCharacters(in: .newlines), expected.trimmingCharacters(in: .newlines), name)
        }
    }

    /// Each `## name: LAYERS input_length=N` line of `text`, with the layer list as `model`
    /// takes it, builds a model whose summary is the text that follows.
    private func checkSummaries(_ text: String, count: Int) {
        let sections = text.components(separatedBy: "\n## ").dropFirst()
        XCTAssertEqual(sections.count, count)
        for section in sections {
            let header = section.prefix { $0 != "\n" }
            let model = header.split(separator: ":", maxSplits: 1)[1].split(separator: " ")
            let expected = section.dropFirst(header.count).trimmingCharacters(in: .newlines)
            XCTAssertEqual(summary(model.dropLast().joined(separator: " "), inputLength: String(model.last!))
                .trimmingCharacters(in: .newlines), expected, String(header))
        }
    }

    /// Summaries Keras printed for models with every sequence layer (Tests/Fixtures/keras/summaries).
    func testConvolutionPoolingAndRecurrentModelsMatchKerasExactly() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras/summaries/summaries.txt")
        checkSummaries(try String(contentsOf: file, encoding: .utf8), count: 4)
    }

    func testTheIssueReferenceModelsMatchKerasExactly() throws {
        let file = Self.reference.appendingPathComponent("keras-summaries-recurrent-conv.txt")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw XCTSkip("../shared/reference is absent")
        }
        checkSummaries(text, count: 5)
    }

    func testShapesCountsAndWrappedTypeNames() {
        let text = summary("embedding(100,4) gmp dropout(0.5) dense(3,softmax)")
        XCTAssertTrue(text.contains("│ embedding (Embedding)           │ (None, 40, 4)          │           400 │"), text)
        XCTAssertTrue(text.contains("│ global_max_pooling1d            │ (None, 4)              │             0 │\n"
            + "│ (GlobalMaxPooling1D)            │                        │               │"), text)
        XCTAssertTrue(text.contains("│ dense (Dense)                   │ (None, 3)              │            15 │"), text)
        XCTAssertTrue(text.contains(" Total params: 415 (1.62 KB)"), text)
    }
}
