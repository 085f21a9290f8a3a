import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingShell

/// `project` never leaves a half-made page: a run stopped by Ctrl-C or refused for its input
/// keeps the old file as it was, a missing folder is refused before any work, and the shell
/// goes on with the next command.
final class ProjectCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private var page: String { folder.appendingPathComponent("page.html").path }
    private let table = "table emb rows=80 dim=8 init=normal seed=2"

    func testCtrlCDuringTSNEKeepsTheOldPageAndTheShellGoesOn() throws {
        try "old page".write(toFile: page, atomically: true, encoding: .utf8)
        let checks = Counter()
        // The 200th check falls inside the gradient steps (the neighbour search checks every 64 rows).
        let shell = Shell(sink: BufferSink(), interruption: Interruption { checks.next() >= 200 })
        let (_, out, err) = runScript("\(table)\nproject emb out=\(page) method=tsne perplexity=5\necho next", shell: shell)
        XCTAssertTrue(err.contains("interrupted"), err)
        XCTAssertTrue(out.hasSuffix("next\n"), out)
        XCTAssertEqual(shell.failures, 1)
        XCTAssertEqual(try String(contentsOfFile: page, encoding: .utf8), "old page")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["page.html"], "no temporary file left")
    }

    func testRefusedInputLeavesTheOldPageOrNoFile() throws {
        try "old page".write(toFile: page, atomically: true, encoding: .utf8)
        let missing = folder.appendingPathComponent("missing/page.html").path
        let (shell, _, err) = runScript("""
            \(table)
            project emb out=\(page) method=tsne perplexity=90
            project emb out=\(page) limit=1
            project emb out=\(missing)
            plot emb row unicorn out=\(page)
            """)
        XCTAssertEqual(shell.failures, 4, err)
        XCTAssertTrue(err.contains("t-SNE with perplexity 90 needs more than 91 vectors (got 80)"), err)
        XCTAssertTrue(err.contains("folder \(folder.path)/missing does not exist"), err)
        XCTAssertEqual(try String(contentsOfFile: page, encoding: .utf8), "old page")
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
    }

    func testAPageReplacesTheOldOneWhole() throws {
        try "old page".write(toFile: page, atomically: true, encoding: .utf8)
        let (shell, _, err) = runScript("\(table)\nproject emb out=\(page) method=tsne perplexity=5 iterations=250")
        XCTAssertEqual(shell.failures, 0, err)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        XCTAssertFalse(html.contains("src=") || html.contains("href=") || html.contains("http"), "nothing loaded from elsewhere")
    }
}
