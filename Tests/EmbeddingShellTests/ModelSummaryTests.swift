import Foundation
import XCTest
@testable import EmbeddingShell

/// `summary` prints the table Keras's `model.summary()` prints for the same model.
final class ModelSummaryTests: XCTestCase {
    private static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference")

    private func summary(_ layers: String) -> String {
        let run = runScript("model m \(layers) input_length=40\nset quiet true\nsummary m")
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

    func testShapesCountsAndWrappedTypeNames() {
        let text = summary("embedding(100,4) gmp dropout(0.5) dense(3,softmax)")
        XCTAssertTrue(text.contains("│ embedding (Embedding)           │ (None, 40, 4)          │           400 │"), text)
        XCTAssertTrue(text.contains("│ global_max_pooling1d            │ (None, 4)              │             0 │\n"
            + "│ (GlobalMaxPooling1D)            │                        │               │"), text)
        XCTAssertTrue(text.contains("│ dense (Dense)                   │ (None, 3)              │            15 │"), text)
        XCTAssertTrue(text.contains(" Total params: 415 (1.62 KB)"), text)
    }
}
