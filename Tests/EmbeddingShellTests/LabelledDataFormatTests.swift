import EmbeddingFormats
import Foundation
import XCTest
@testable import EmbeddingShell

/// Without `format=`, `train` and `evaluate` tell the data format from the file.
final class LabelledDataFormatTests: XCTestCase {
    static let classify = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/classify")

    private func path(_ name: String) -> String { Self.classify.appendingPathComponent(name).path }

    func testTheFormatFollowsTheExtensionOrTheFastTextLabels() {
        XCTAssertEqual(LabelledTexts.Format.inferred(path: path("reviews.csv")), .csv)
        XCTAssertEqual(LabelledTexts.Format.inferred(path: "data.CSV"), .csv, "by name, before the file is read")
        XCTAssertEqual(LabelledTexts.Format.inferred(path: path("reviews-train-fasttext.txt")), .fasttext)
        XCTAssertEqual(LabelledTexts.Format.inferred(path: path("reviews-train.tsv")), .tsv)
        XCTAssertEqual(LabelledTexts.Format.inferred(path: path("missing.txt")), .tsv, "the reader reports a missing file")
    }

    func testTrainAndEvaluateReadCSVAndFastTextWithoutFormat() {
        let setup = "tokenizer tok num_words=50\nmodel m embedding(50,4) gap dense(1,sigmoid)\n"
        let csv = runScript(setup + "train m data=\(path("reviews.csv")) tokenizer=tok epochs=1\nevaluate m data=\(path("reviews.csv"))")
        XCTAssertEqual(csv.shell.failures, 0, csv.err)
        XCTAssertTrue(csv.out.contains("texts"), csv.out)
        let fastText = runScript(setup + "train m data=\(path("reviews-train-fasttext.txt")) tokenizer=tok epochs=1")
        XCTAssertEqual(fastText.shell.failures, 0, fastText.err)
        XCTAssertTrue(fastText.err.contains("on the 40 training texts"), fastText.err)
        let forced = runScript(setup + "train m data=\(path("reviews.csv")) format=tsv tokenizer=tok epochs=1")
        XCTAssertTrue(forced.err.contains("no column 2"), "format= wins: \(forced.err)")
    }
}
