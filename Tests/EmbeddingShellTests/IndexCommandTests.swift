import Foundation
import XCTest
import EmbeddingKit
@testable import EmbeddingFormats
@testable import EmbeddingShell

final class IndexCommandTests: XCTestCase {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // 2,000 clustered 16-d rows labelled w0…w1999, as a word2vec text file.
        let mixture = try GaussianMixture.table(rows: 2000, dim: 16, clusters: 40, seed: 3)
        let lines = (0 ..< mixture.rows).map { r in
            mixture.labels![r] + " " + (try! mixture.row(r)).map { String($0) }.joined(separator: " ")
        }
        try ("2000 16\n" + lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("mixture.txt"),
                                                                       atomically: true, encoding: .utf8)
        table = "import v \(folder.path)/mixture.txt"
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// The command that imports the clustered table as `v`.
    private var table = ""

    func testSavedIndexOpensMappedAndAnswersAsTheScan() throws {
        let path = folder.appendingPathComponent("s.session").path
        let (shell, out, err) = runScript("""
            \(table)
            index v threads=1
            nearest v w7 k=5
            nearest v w7 k=5 exact=true
            save \(path)
            """)
        XCTAssertEqual(shell.failures, 0, err)
        let answers = out.components(separatedBy: "rank").dropFirst()
        XCTAssertEqual(answers.count, 2)
        XCTAssertEqual(answers.first, answers.last)

        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path))[8], 3, "format 3: the graph has codes")
        let opened = try SessionFileReader.read(path: path)
        guard case .table(let table) = try XCTUnwrap(opened.objects.first).object else { return XCTFail("no table") }
        let index = try XCTUnwrap(table.neighborIndex)
        XCTAssertTrue(table.isBorrowingValues)
        XCTAssertEqual(index.parameters, IndexParameters())
        let built = try XCTUnwrap(try shell.session.table("v").neighborIndex)
        XCTAssertEqual(index.sections.map { Array($0) }, built.sections.map { Array($0) })
        XCTAssertEqual(try table.nearest(query: "w7", k: 5), try table.withoutIndex.nearest(query: "w7", k: 5))

        let (reopened, shown, showErr) = runScript("open \(path)\nshow v\nnearest v w7 k=5")
        XCTAssertEqual(reopened.failures, 0, showErr)
        XCTAssertTrue(shown.contains("index:       hnsw, m=16, ef_construction=100, ef=128, rerank=40"), shown)
        XCTAssertTrue(shown.hasSuffix(answers.first!), shown)
    }

    /// ef= and rerank= alone on an indexed table change how it searches (hnswlib's set_ef) and keep
    /// the graph, through a save and an open; any build setting builds again.
    func testSearchSettingsAloneTuneTheIndexWithoutARebuild() throws {
        let path = folder.appendingPathComponent("t.session").path
        let (shell, _, err) = runScript("\(table)\nindex v threads=1 ef=16\nindex v ef=300 rerank=7\nsave \(path)")
        XCTAssertEqual(shell.failures, 0, err)
        XCTAssertTrue(err.contains("tuned the index of v without rebuilding it: hnsw, m=16, ef_construction=100, ef=300, rerank=7"), err)
        let index = try XCTUnwrap(try shell.session.table("v").neighborIndex)
        XCTAssertEqual(index.parameters, IndexParameters(ef: 300, rerank: 7))
        let built = try NeighborIndex.build(try shell.session.table("v").withoutIndex, parameters: IndexParameters(), threads: 1)
        XCTAssertEqual(index.sections.map { Array($0) }, built.sections.map { Array($0) }, "the graph built at first")
        let (reopened, shown, showErr) = runScript("open \(path)\nshow v\nindex v m=8\nshow v")
        XCTAssertEqual(reopened.failures, 0, showErr)
        XCTAssertTrue(shown.contains("index:       hnsw, m=16, ef_construction=100, ef=300, rerank=7"), shown)
        XCTAssertTrue(shown.contains("index:       hnsw, m=8, ef_construction=100, ef=128, rerank=40"), shown)
        XCTAssertTrue(showErr.contains("indexed 2000 of 2000 rows of v (hnsw, m=8"), showErr)
    }

    func testAnyChangeToTheTableDropsItsIndex() throws {
        let vectors = "\(Self.fixtures)/vectors/small-word2vec.txt"
        let (shell, out, err) = runScript("""
            import v \(vectors)
            index v
            normalize v
            show v
            index v method=int8
            import v \(vectors) --replace
            show v
            index v method=float16
            word2vec v file=\(Self.fixtures)/corpus/topics.txt dim=8 epochs=1 min_count=1 threads=1 --replace
            show v
            """)
        XCTAssertEqual(shell.failures, 0, err)
        XCTAssertEqual(out.components(separatedBy: "table:       v").count, 4, out)
        XCTAssertFalse(out.contains("index:"), out)
        XCTAssertNil(try shell.session.table("v").neighborIndex)
    }

    func testBadParametersAndTablesAreRefusedAndChangeNothing() throws {
        let (shell, _, err) = runScript("""
            table plain rows=20 dim=4
            index plain
            table zeros rows=3 dim=4 init=zeros
            import v \(Self.fixtures)/vectors/small-word2vec.txt
            index v m=1
            index v m=129
            index v ef=0
            index v ef_construction=100001
            index v rerank=-1
            index v method=pq
            index v threads=0
            """)
        XCTAssertEqual(shell.failures, 8, err)
        XCTAssertTrue(err.contains("cannot index plain: the table has no words to search for"), err)
        XCTAssertTrue(err.contains("m must be an integer from 2 to 128 (got \"1\")"), err)
        XCTAssertTrue(err.contains("method must be one of hnsw, int8, float16 (got \"pq\")"), err)
        XCTAssertNil(try shell.session.table("v").neighborIndex)
        XCTAssertNil(try shell.session.table("plain").neighborIndex)
    }

    func testCtrlCDuringTheBuildLeavesTheTableWithoutIndex() throws {
        let checks = Counter()
        let importing = Counter()
        _ = runScript(table, shell: Shell(sink: BufferSink(), interruption: Interruption { importing.next() < 0 }))
        let importChecks = importing.next() - 1
        // Stop at the build's second poll, after its first batch of rows.
        let shell = Shell(sink: BufferSink(), interruption: Interruption { checks.next() > importChecks + 1 })
        let (_, out, err) = runScript("\(table)\nindex v\necho next", shell: shell)
        XCTAssertTrue(err.contains("interrupted"), err)
        XCTAssertTrue(out.hasSuffix("next\n"), out)
        XCTAssertEqual(shell.failures, 1)
        XCTAssertNil(try shell.session.table("v").neighborIndex)
    }

    /// A file of embsh before the graph's codes (its index five arrays after the norms) opens,
    /// and its graph is searched on the float32 rows.
    func testAnIndexSavedWithoutCodesOpensAndAnswersAsTheScan() throws {
        let path = folder.appendingPathComponent("old.session").path
        let (shell, _, err) = runScript("\(table)\nindex v threads=1")
        XCTAssertEqual(shell.failures, 0, err)
        var table = try shell.session.table("v")
        let index = try XCTUnwrap(table.neighborIndex)
        try withExtendedLifetime(index) {  // the old index borrows the built one's arrays
            try table.attach(try NeighborIndex(parameters: index.parameters, rows: index.rows, dim: index.dim, entry: index.entry,
                                               maxLevel: index.maxLevel, sections: Array(index.sections.dropLast()), owner: shell))
            try SessionFileWriter.write(SessionArchive(objects: [("v", .table(table))]), to: path)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path))[8], 2, "written as the format main's embsh reads")

        let (reopened, out, openErr) = runScript("open \(path)\nnearest v w7 k=5\nnearest v w7 k=5 exact=true")
        XCTAssertEqual(reopened.failures, 0, openErr)
        XCTAssertEqual(try reopened.session.table("v").neighborIndex?.sections.count, 5)
        let answers = out.components(separatedBy: "rank").dropFirst()
        XCTAssertEqual(answers.count, 2)
        XCTAssertEqual(answers.first, answers.last)
    }

    func testADamagedIndexInASessionFileIsRefusedClearly() throws {
        let path = folder.appendingPathComponent("s.session").path
        let (shell, _, err) = runScript("\(table)\nindex v threads=1\nsave \(path)")
        XCTAssertEqual(shell.failures, 0, err)
        let index = try XCTUnwrap(try shell.session.table("v").neighborIndex)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // The level-0 lists are the index's largest array: damage one of their bytes.
        let links = index.sections[3]
        let needle = Array(links.prefix(64))
        let at = try XCTUnwrap((0 ..< bytes.count - 64).first { bytes[$0 ..< $0 + 64].elementsEqual(needle) })
        bytes[at + 5] ^= 0x40
        let damaged = folder.appendingPathComponent("damaged.session").path
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let (other, _, openErr) = runScript("\(table)\nopen \(damaged)\nshow v")
        XCTAssertEqual(other.failures, 1, openErr)
        XCTAssertTrue(openErr.contains("is damaged: the checksum of the index of table 'v' does not match"), openErr)
        XCTAssertNil(try other.session.table("v").neighborIndex, "the session is unchanged")
    }
}
