import Foundation
import XCTest
import EmbeddingKit

final class ModelSummaryTests: XCTestCase {
    func testSummaryValuesOfTheTwoReferenceModels() throws {
        let a = ModelSummary(try ModelConfig(parsing: ["embedding(10000,16)", "gap", "dense(16,relu)", "dense(1,sigmoid)"],
                                             inputLength: 40))
        XCTAssertEqual(a.rows, [
            .init(name: "embedding", type: "Embedding", outputShape: "(None, 40, 16)", parameters: 160_000),
            .init(name: "global_average_pooling1d", type: "GlobalAveragePooling1D", outputShape: "(None, 16)", parameters: 0),
            .init(name: "dense", type: "Dense", outputShape: "(None, 16)", parameters: 272),
            .init(name: "dense_1", type: "Dense", outputShape: "(None, 1)", parameters: 17),
        ])
        XCTAssertEqual(a.totalParameters, 160_289)
        XCTAssertEqual(a.trainableParameters, 160_289)
        XCTAssertEqual(a.nonTrainableParameters, 0)
        XCTAssertEqual(ModelSummary.memorySize(parameters: a.totalParameters), "626.13 KB")
        XCTAssertEqual(ModelSummary.memorySize(parameters: 0), "0.00 B")
        XCTAssertEqual(ModelSummary.memorySize(parameters: 1 << 20), "4.00 MB")

        let b = ModelSummary(try ModelConfig(parsing: ["embedding(10000,8)", "flatten", "dense(1,sigmoid)"], inputLength: 40))
        XCTAssertEqual(b.rows.map(\.name), ["embedding", "flatten", "dense"])
        XCTAssertEqual(b.rows.map(\.outputShape), ["(None, 40, 8)", "(None, 320)", "(None, 1)"])
        XCTAssertEqual(b.rows.map(\.parameters), [80_000, 0, 321])
        XCTAssertEqual(ModelSummary.memorySize(parameters: b.totalParameters), "313.75 KB")

        let c = ModelSummary(try ModelConfig(parsing: ["embedding(50,4)", "dropout(0.1)", "gmp", "dense(8,tanh)",
                                                       "dropout(0.1)", "dense(3,softmax)"]))
        XCTAssertEqual(c.rows.map(\.name), ["embedding", "dropout", "global_max_pooling1d", "dense", "dropout_1", "dense_1"])
        XCTAssertEqual(c.rows.map(\.outputShape), ["(None, None, 4)", "(None, None, 4)", "(None, 4)", "(None, 8)", "(None, 8)", "(None, 3)"])
    }

    /// A model defined without input_length shows the length it was trained with, as Keras
    /// shows `(None, 40, 16)` once `fit` has built it; one given input_length keeps it.
    func testTrainedModelShowsItsSequenceLength() throws {
        let layers = ["embedding(10000,16)", "gap", "dense(16,relu)", "dense(1,sigmoid)"]
        var open = TextClassifier(model: SequentialModel(config: try ModelConfig(parsing: layers)))
        XCTAssertEqual(open.summary.rows[0].outputShape, "(None, None, 16)")
        open.maxlen = 40
        XCTAssertEqual(open.summary, ModelSummary(try ModelConfig(parsing: layers, inputLength: 40)))
        var fixed = TextClassifier(model: SequentialModel(config: try ModelConfig(parsing: layers, inputLength: 20)))
        fixed.maxlen = 40
        XCTAssertEqual(fixed.summary.rows[0].outputShape, "(None, 20, 16)")
    }

    /// Compares with `../shared/reference/keras-summary-{a,b}.txt` (Keras 3.15.1 output).
    func testSummaryMatchesKerasReferenceFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference")
        let models = [("keras-summary-a.txt", ["embedding(10000,16)", "gap", "dense(16,relu)", "dense(1,sigmoid)"]),
                      ("keras-summary-b.txt", ["embedding(10000,8)", "flatten", "dense(1,sigmoid)"])]
        for (file, specs) in models {
            let url = root.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("reference summary not found at \(url.path)") }
            let reference = try KerasSummaryText(String(contentsOf: url, encoding: .utf8))
            let summary = ModelSummary(try ModelConfig(parsing: specs, inputLength: 40))
            XCTAssertEqual(reference.modelName, summary.modelName, file)
            XCTAssertEqual(reference.rows.map(\.layer), summary.rows.map { "\($0.name) (\($0.type))" }, file)
            XCTAssertEqual(reference.rows.map(\.shape), summary.rows.map(\.outputShape), file)
            XCTAssertEqual(reference.rows.map(\.parameters), summary.rows.map(\.parameters), file)
            let total = "\(grouped(summary.totalParameters)) (\(ModelSummary.memorySize(parameters: summary.totalParameters)))"
            XCTAssertEqual(reference.totals["Total params"], total, file)
            XCTAssertEqual(reference.totals["Trainable params"], total, file)
            XCTAssertEqual(reference.totals["Non-trainable params"], "0 (0.00 B)", file)
        }
    }
}

/// `160289` as Keras prints it: `160,289`.
private func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    return String(digits.enumerated().flatMap { i, c in (i > 0 && (digits.count - i) % 3 == 0 ? [","] : []) + [c] })
}

/// The rows and totals of a `model.summary()` printout; a layer cell wrapped over several
/// lines is joined back with a space.
private struct KerasSummaryText {
    var modelName = ""
    var rows: [(layer: String, shape: String, parameters: Int)] = []
    var totals: [String: String] = [:]

    init(_ text: String) throws {
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Model: ") {
                modelName = line.dropFirst(7).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            } else if line.hasPrefix("│") {
                let cells = line.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }
                if cells[1].isEmpty, var last = rows.popLast() {
                    last.layer += " " + cells[0]
                    rows.append(last)
                } else {
                    rows.append((cells[0], cells[1], try XCTUnwrap(Int(cells[2].replacingOccurrences(of: ",", with: "")))))
                }
            } else if let colon = line.firstIndex(of: ":") {
                totals[line[..<colon].trimmingCharacters(in: .whitespaces)] =
                    line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
    }
}
