import Foundation
import XCTest

/// `export` of vectors and words files on a disk that fills up (simulated with the file size
/// limit, `ulimit -f`, in the shell that starts embsh) and through a symbolic link.
final class ExportReplaceTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Three words of 50,000 letters with 2 values each, `offset` added to the values.
    func writeLongWords(_ name: String, offset: Int) throws {
        let text = ["a", "b", "c"].enumerated().map { "\(String(repeating: $1, count: 50_000)) \($0 + offset) \($0 + offset + 1)\n" }
        try text.joined().write(to: directory.appendingPathComponent(name), atomically: false, encoding: .utf8)
    }

    func contents(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    /// The words file (150 KB) exceeds the size limit (64 blocks), the vectors file does not:
    /// neither file is replaced, the old pair still imports, and the message says so.
    func testAWordsFileThatCannotBeWrittenLeavesTheOldPair() throws {
        try writeLongWords("old.txt", offset: 0)
        try writeLongWords("new.txt", offset: 7)
        let first = try Embsh.run(["-c", "import t old.txt", "-c", "export t v.tsv", "-c", "export t v.npy"], in: directory)
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try ["v.tsv", "v.npy", "v-metadata.tsv"].map(contents)
        let limited = Process()
        limited.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Ignoring SIGXFSZ makes a write beyond the limit fail with EFBIG instead of killing embsh.
        limited.arguments = ["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" -c 'import t new.txt' -c 'export t v.tsv' -c 'export t v.npy'",
                             Embsh.binary.path]
        limited.currentDirectoryURL = directory
        let errors = Pipe()
        limited.standardError = errors
        limited.standardOutput = FileHandle.nullDevice
        try limited.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        limited.waitUntilExit()
        XCTAssertEqual(limited.terminationReason, .exit)
        XCTAssertEqual(limited.terminationStatus, 1)
        let failure = "embsh: error: cannot write v-metadata.tsv: \(String(cString: strerror(EFBIG))) (no file was changed)\n"
        XCTAssertTrue(stderr.hasSuffix(failure + failure), stderr)
        XCTAssertEqual(try ["v.tsv", "v.npy", "v-metadata.tsv"].map(contents), before)
        let check = try Embsh.run(["-c", "import a v.tsv", "-c", "import b v.npy"], in: directory)
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }, [])
    }

    func testExportThroughASymbolicLinkReplacesItsTargetAndSaysSo() throws {
        try writeLongWords("old.txt", offset: 0)
        try "old\n".write(to: directory.appendingPathComponent("real.txt"), atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(directory.appendingPathComponent("real.txt").path, 0o600), 0)
        XCTAssertEqual(symlink("real.txt", directory.appendingPathComponent("link.txt").path), 0)
        let result = try Embsh.run(["-c", "import t old.txt", "-c", "export t link.txt format=glove", "-c", "export t /dev/null"],
                                   in: directory)
        XCTAssertTrue(result.stderr.contains("to link.txt as GloVe text, 146.5 KiB; link.txt is a symbolic link: "
                                             + "replaced the file it leads to, real.txt\n"), result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("embsh: error: cannot write /dev/null: is a character device, not a regular file: "
                                              + "refusing to replace it (any existing file is unchanged)\n"), result.stderr)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("link.txt").path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeSymbolicLink)
        let real = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("real.txt").path)
        XCTAssertEqual((real[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let written = String(decoding: try contents("real.txt"), as: UTF8.self)
        XCTAssertEqual(written.split(separator: "\n").map { $0.split(separator: " ").last }, ["1.0", "2.0", "3.0"])
    }
}
