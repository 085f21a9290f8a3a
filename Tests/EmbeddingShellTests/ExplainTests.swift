import XCTest
@testable import EmbeddingShell

final class ExplainTests: XCTestCase {
    /// The walk-through fits an 80-column terminal, for small and wide tables alike.
    func testEveryLineFitsEightyColumns() {
        let run = runScript("""
            explain
            tokenizer tok num_words=8 oov="<unk>"
            fit tok "the quick brown fox jumps over the lazy dog" "a dog and a fox"
            table small vocab=tok dim=4
            table wide rows=1000 dim=300
            explain small "The quick brown fox jumps over the lazy dog, and a cat!" via=tok
            explain wide "the quick brown fox jumps over the lazy dog" via=tok
            """)
        XCTAssertEqual(run.shell.failures, 0, run.err)
        for line in run.out.split(separator: "\n") {
            XCTAssertLessThanOrEqual(displayWidth(String(line)), 80, String(line))
        }
        XCTAssertTrue(run.out.contains("(1 at position 2 of 1000)"))
        XCTAssertTrue(run.out.contains("The same numbers: a lookup is this product"))
    }
}
