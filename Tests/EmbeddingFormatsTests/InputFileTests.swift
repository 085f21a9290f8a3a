import Foundation
import XCTest
@testable import EmbeddingFormats

final class InputFileTests: XCTestCase {
    func testDevicesDirectoriesAndMissingFilesAreRefusedBeforeReading() {
        XCTAssertThrowsError(try InputFile.open("/dev/zero")) {
            XCTAssertEqual($0 as? InputFileError, .notRegular(path: "/dev/zero", kind: "a character device"))
        }
        XCTAssertThrowsError(try InputFile.open("/tmp")) { XCTAssertEqual($0 as? InputFileError, .isDirectory(path: "/tmp")) }
        XCTAssertThrowsError(try InputFile.open("/no/such/file")) {
            XCTAssertEqual("\($0)", "/no/such/file: no such file")
        }
    }

    /// A FIFO with no writer would block `open(2)` forever; it is refused at once, or, where
    /// pipes are accepted, opened without waiting (and reads as empty).
    func testAFifoWithoutWriterNeverBlocks() throws {
        let path = NSTemporaryDirectory() + "embsh-fifo-\(getpid())"
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        defer { unlink(path) }
        XCTAssertThrowsError(try InputFile.open(path)) {
            XCTAssertEqual($0 as? InputFileError, .notRegular(path: path, kind: "a pipe (FIFO)"))
        }
        let descriptor = try InputFile.open(path, allowPipes: true)
        defer { close(descriptor) }
        var byte: UInt8 = 0
        XCTAssertEqual(read(descriptor, &byte, 1), 0)
        XCTAssertNil(InputFile.size(of: descriptor))
    }

    func testARegularFileOpensWithItsSize() throws {
        let path = NSTemporaryDirectory() + "embsh-input-\(getpid()).txt"
        try Data("abc\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let descriptor = try InputFile.open(path)
        defer { close(descriptor) }
        XCTAssertEqual(InputFile.size(of: descriptor), 4)
    }
}
