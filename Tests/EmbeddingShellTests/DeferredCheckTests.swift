import Foundation
import XCTest
import EmbeddingKit
@testable import EmbeddingFormats
@testable import EmbeddingShell

/// Blocks whose checksums `open` leaves for later (large ones; every one here, with
/// `deferChecksAbove: 0`): damage is caught when `check` or `save` runs them, and until then a
/// damaged graph gives errors or wrong neighbours, never a crash.
final class DeferredCheckTests: XCTestCase {
    private var folder: URL!
    private var path = ""
    private var built: NeighborIndex!
    private static let rows = 2000, dim = 16

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-deferred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var table = try GaussianMixture.table(rows: Self.rows, dim: Self.dim, clusters: 40, seed: 3)
        try table.attach(NeighborIndex.build(table, parameters: IndexParameters(), threads: 1))
        built = table.neighborIndex
        path = folder.appendingPathComponent("s.session").path
        try SessionFileWriter.write(SessionArchive(objects: [("v", .table(table))]), to: path)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Where the table's values and each index array start in the file (each aligned to 64 after the one before).
    private var offsets: (values: Int, sections: [Int]) {
        func aligned(_ n: Int) -> Int { (n + 63) / 64 * 64 }
        var position = 64 + Self.rows * Self.dim * 4
        let sections = built.sections.map { bytes -> Int in
            position = aligned(position)
            defer { position += bytes.count }
            return position
        }
        return (64, sections)
    }

    private func damaged(_ change: (inout [UInt8]) -> Void) throws -> String {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        let damaged = folder.appendingPathComponent("damaged.session").path
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        return damaged
    }

    private func shell(opening path: String) throws -> Shell {
        let shell = Shell(sink: BufferSink())
        shell.session = try Session(archive: SessionFileReader.read(path: path, deferChecksAbove: 0), path: path)
        return shell
    }

    func testAnIntactFilePassesItsDeferredChecks() throws {
        let shell = try shell(opening: path)
        XCTAssertEqual(try shell.session.table("v").deferredChecks.count, 1 + built.sections.count)
        let copy = folder.appendingPathComponent("copy.session").path
        let (_, out, err) = runScript("nearest v w7 k=3\ncheck\ncheck v\nsave \(copy)", format: .json, shell: shell)
        XCTAssertEqual(shell.failures, 0, err)
        XCTAssertTrue(out.contains(#""checked":["v"],"blocks":7"#), out)
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy))

        let small = runScript("open \(path)\ncheck")
        XCTAssertTrue(small.err.contains("v: nothing left to check (open checked every block)"), small.err)
    }

    func testTamperedValuesAreCaughtWhenTheChecksRun() throws {
        let damaged = try damaged { $0[offsets.values + 4 * 123 + 2] ^= 0x10 }
        let (opened, _, openErr) = runScript("open \(damaged)")
        XCTAssertEqual(opened.failures, 1, "a small block is checked as the file opens")
        XCTAssertTrue(openErr.contains("the checksum of table 'v' does not match"), openErr)

        let shell = try shell(opening: damaged)
        let copy = folder.appendingPathComponent("copy.session").path
        let (_, out, err) = runScript("nearest v w7 k=3\nshow v\ncheck\nshow v\nnormalize v\nsave \(copy)", shell: shell)
        XCTAssertTrue(out.contains("rank"), "a query before the check answers: " + err)
        XCTAssertTrue(out.contains("unverified:  7 blocks of its file ("), "show counts the blocks left unread: " + out)
        XCTAssertEqual(out.components(separatedBy: "unverified:").count, 2, "check ran them all: " + out)
        XCTAssertTrue(out.contains("\(damaged) is damaged: the checksum of table 'v' does not match"), out)
        XCTAssertEqual(shell.failures, 2, err)
        XCTAssertTrue(err.contains("\(damaged) is damaged: the checksum of table 'v' does not match"), err)
        XCTAssertTrue(err.contains("\(copy): not saved: \(damaged) is damaged"), "changed values came from damaged ones: " + err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy))
    }

    func testATamperedIndexIsCaughtByCheckAndDroppedWithIt() throws {
        let damaged = try damaged { $0[offsets.sections[3] + 4 * 40] ^= 0x01 }
        let shell = try shell(opening: damaged)
        let (_, _, err) = runScript("check\nindex v drop=true\ncheck", shell: shell)
        XCTAssertEqual(shell.failures, 1, err)
        XCTAssertTrue(err.contains("the checksum of the index of table 'v' does not match"), err)
        XCTAssertTrue(err.contains("v: 1 block"), "without the index only the values are left: " + err)
    }

    func testATamperedGraphNeverCrashesASearch() throws {
        let (_, sections) = offsets
        let m0 = 2 * IndexParameters().m
        let hostile: [Int32] = [-1, Int32.min, Int32.max, Int32(Self.rows), Int32(Self.rows - 1), 0, Int32(m0 + 1), 7]
        var rng = Xoshiro256StarStar(seed: 5)
        var failures = 0
        for round in 0 ..< 60 {
            let damaged = try damaged { bytes in
                for _ in 0 ..< 1 + round % 20 {
                    // Level-0 lists, upper lists, levels, upper-list offsets or codes; counts, ids or scales.
                    let section = [1, 2, 3, 3, 4, 5][Int(rng.next() % 6)]
                    let length = built.sections[section].count
                    guard length >= 4 else { continue }
                    let at = sections[section] + Int(rng.next() % UInt64(length / 4)) * 4
                    let value = hostile[Int(rng.next() % UInt64(hostile.count))]
                    withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(at ..< at + 4, with: $0) }
                }
            }
            let archive: SessionArchive
            do { archive = try SessionFileReader.read(path: damaged, deferChecksAbove: 0) } catch { failures += 1; continue }
            guard case .table(let table) = archive.objects[0].object else { return XCTFail("no table") }
            for word in ["w0", "w7", "w1999", "w1000"] {
                do {
                    let hits = try table.nearest(query: word, k: 10)
                    XCTAssertLessThanOrEqual(hits.count, 10)
                    XCTAssertTrue(hits.allSatisfy { (0 ..< Self.rows).contains($0.row) && $0.word == "w\($0.row)" })
                } catch let error as IndexError {
                    XCTAssertTrue(error.description.contains("damaged"), error.description)
                    failures += 1
                }
            }
            XCTAssertFalse(table.deferredChecks.allSatisfy { $0.verify() }, "round \(round): the damage is found by the checks")
        }
        XCTAssertGreaterThan(failures, 0, "some damage is refused as it is read")
    }
}
