import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

/// What `AtomicFile` replaces, and how: permissions kept, links followed deliberately, devices,
/// FIFOs and directories refused, and files that belong together put in place together.
final class AtomicFileTests: TemporaryDirectoryTestCase {
    func write(_ text: String, to path: String) throws -> String {
        try AtomicFile.write(to: path) { descriptor in
            try Array(text.utf8).withUnsafeBytes { try AtomicFile.writeAll(descriptor, $0, path: path) }
        }
    }

    func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        XCTAssertEqual(lstat(path, &info), 0)
        return info.st_mode
    }

    func testTheOldFilesPermissionsAndOwnerAreKept() throws {
        let file = path("secret.txt")
        try "old\n".write(toFile: file, atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(file, 0o600), 0)
        // As root, the owner can be kept too: give the file to another user first.
        let owner: uid_t = geteuid() == 0 ? 65534 : geteuid()
        if geteuid() == 0 { XCTAssertEqual(chown(file, owner, 65534), 0) }
        XCTAssertEqual(try write("new\n", to: file), file)
        XCTAssertEqual(try contents(file), "new\n")
        XCTAssertEqual(mode(file) & 0o7777, 0o600)
        var info = stat()
        XCTAssertEqual(stat(file, &info), 0)
        XCTAssertEqual(info.st_uid, owner)
        // A new file gets the usual permissions.
        _ = try write("x\n", to: path("new.txt"))
        XCTAssertEqual(mode(path("new.txt")) & 0o777, 0o644 & ~currentUmask())
    }

    func currentUmask() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return mask
    }

    func testASymbolicLinkIsFollowedAndKept() throws {
        let target = path("real.txt")
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink("real.txt", path("link.txt")), 0)
        XCTAssertEqual(symlink(path("link.txt"), path("chain.txt")), 0)
        XCTAssertEqual(try write("new\n", to: path("chain.txt")), directory + "/real.txt")
        XCTAssertEqual(mode(path("link.txt")) & S_IFMT, S_IFLNK)
        XCTAssertEqual(mode(path("chain.txt")) & S_IFMT, S_IFLNK)
        XCTAssertEqual(try contents(target), "new\n")
        // A link to nothing yet: the file it names is created.
        XCTAssertEqual(symlink("later.txt", path("dangling.txt")), 0)
        XCTAssertEqual(try write("made\n", to: path("dangling.txt")), directory + "/later.txt")
        XCTAssertEqual(try contents(path("later.txt")), "made\n")
        XCTAssertEqual(mode(path("dangling.txt")) & S_IFMT, S_IFLNK)
        // A loop of links.
        XCTAssertEqual(symlink("loop-b", path("loop-a")), 0)
        XCTAssertEqual(symlink("loop-a", path("loop-b")), 0)
        XCTAssertThrowsError(try write("x", to: path("loop-a"))) {
            XCTAssertEqual(($0 as? AtomicFileError)?.reason, String(cString: strerror(ELOOP)))
        }
    }

    func testDevicesFifosAndDirectoriesAreNotReplaced() throws {
        XCTAssertThrowsError(try write("x", to: "/dev/null")) {
            XCTAssertEqual("\($0)", "cannot write /dev/null: is a character device, not a regular file: refusing to replace it")
        }
        XCTAssertEqual(mode("/dev/null") & S_IFMT, S_IFCHR)
        let fifo = path("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertThrowsError(try write("x", to: fifo)) {
            XCTAssertEqual(($0 as? AtomicFileError)?.reason, "is a pipe (FIFO), not a regular file: refusing to replace it")
        }
        XCTAssertEqual(mode(fifo) & S_IFMT, S_IFIFO)
        XCTAssertEqual(symlink("/dev/null", path("null-link")), 0)
        XCTAssertThrowsError(try write("x", to: path("null-link")))
        XCTAssertThrowsError(try write("x", to: directory + "/")) { XCTAssertEqual(($0 as? AtomicFileError)?.reason, "is a directory") }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["fifo", "null-link"])
    }

    func testALinkLeftUnderTheTemporaryNameIsNotFollowed() throws {
        let victim = path("victim.txt")
        try "keep\n".write(toFile: victim, atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink(victim, path(".out.txt.tmp-\(getpid())")), 0)
        _ = try write("new\n", to: path("out.txt"))
        XCTAssertEqual(try contents(victim), "keep\n")
        XCTAssertEqual(try contents(path("out.txt")), "new\n")
    }

    func testStagedFilesAreReplacedTogetherOrNotAtAll() throws {
        let (a, b) = (path("a.txt"), path("b.txt"))
        try "old a\n".write(toFile: a, atomically: false, encoding: .utf8)
        try "old b\n".write(toFile: b, atomically: false, encoding: .utf8)
        // The second file fails while it is written: nothing was replaced.
        do {
            let first = try AtomicFile.stage(a) { try AtomicFile.writeAll($0, UnsafeRawBufferPointer(start: nil, count: 0), path: a) }
            XCTAssertThrowsError(try AtomicFile.stage(b) { _ in throw AtomicFileError(path: b, reason: "No space left on device") })
            _ = first
        }
        XCTAssertEqual(try contents(a), "old a\n")
        XCTAssertEqual(try contents(b), "old b\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["a.txt", "b.txt"])
        // The second cannot be put in place after the first was: said exactly.
        let staged = try [a, b].map { file in
            try AtomicFile.stage(file) { descriptor in
                try Array("new\n".utf8).withUnsafeBytes { try AtomicFile.writeAll(descriptor, $0, path: file) }
            }
        }
        unlink(staged[1].temporary)
        XCTAssertThrowsError(try AtomicFile.commit(staged)) {
            XCTAssertEqual($0 as? PartialReplaceError,
                           PartialReplaceError(replaced: [a], failure: AtomicFileError(path: b, errno: ENOENT)))
            XCTAssertEqual("\($0)", "\(a) replaced, but \(b) could not be (No such file or directory) and keeps its old content, "
                           + "which does not go with the new: write them again")
        }
        XCTAssertEqual(try contents(a), "new\n")
        XCTAssertEqual(try contents(b), "old b\n")
    }

    func testAVectorsFileAndItsWordsFileAreWrittenAsAPair() throws {
        let old = try EmbeddingTable(rows: 2, dim: 2, values: [1, 2, 3, 4], labels: ["a", "b"])
        let new = try EmbeddingTable(rows: 3, dim: 2, values: [5, 6, 7, 8, 9, 10], labels: ["c", "d", "e"])
        for format in [VectorFormat.tsv, .npy] {
            let vectors = path("v.\(format.rawValue)")
            try VectorFileWriter.write(old, to: vectors, format: format)
            let before = try Data(contentsOf: URL(fileURLWithPath: vectors))
            // A words file that cannot be written: the vectors file is not replaced either.
            XCTAssertThrowsError(try VectorFileWriter.write(new, to: vectors, format: format, words: path("no/dir/words.tsv"))) {
                XCTAssertEqual("\($0)", "cannot write \(self.path("no/dir/words.tsv")): No such file or directory")
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: vectors)), before, "\(format)")
            XCTAssertEqual(try VectorFileReader.read(path: vectors).table.labels, ["a", "b"], "\(format)")
            // The words file may not be the vectors file.
            let sameFile = directory + "/./v.\(format.rawValue)"
            XCTAssertThrowsError(try VectorFileWriter.write(new, to: vectors, format: format, words: sameFile)) {
                XCTAssertEqual($0 as? VectorWriteError, .wordsFileIsVectorsFile(path: sameFile))
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: vectors)), before, "\(format)")
        }
        // Through a link, the link's target is reported.
        XCTAssertEqual(symlink("v.tsv", path("link.tsv")), 0)
        let written = try VectorFileWriter.write(new, to: path("link.tsv"), format: .tsv, words: path("v-metadata.tsv"))
        XCTAssertEqual(written.files, [path("link.tsv"), path("v-metadata.tsv")])
        XCTAssertEqual(written.replaced, [path("v.tsv"), path("v-metadata.tsv")])
        XCTAssertEqual(try VectorFileReader.read(path: path("v.tsv")).table.labels, ["c", "d", "e"])
    }
}
