import Foundation
import XCTest

/// Issue 13: what a hostile or careless user types or names — devices and pipes where files
/// belong, absurd sizes, settings that blow training up — gives a clear error and exit status 1,
/// never a crash, a hang or a multi-GB allocation. Each case runs under `timeout`, so a hang
/// fails the test instead of stopping the suite.
final class HostileInputTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "the cat sat on the mat\nthe dog sat on the log\n".write(to: directory.appendingPathComponent("tiny.txt"),
                                                                    atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs embsh with `commands` (each a `-c`) under a 60 s timeout; the status is 124 on a hang.
    private func run(_ commands: [String], stdin: String? = nil) throws -> Embsh.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["60", Embsh.binary.path] + commands.flatMap { ["-c", $0] }
        process.currentDirectoryURL = directory
        let output = Pipe(), errors = Pipe(), input = Pipe()
        (process.standardOutput, process.standardError, process.standardInput) = (output, errors, input)
        try process.run()
        if let stdin { try input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Embsh.Result(stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                            status: process.terminationStatus)
    }

    private func assertRefused(_ command: String, saying expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try run(["tokenizer tok", "model m embedding(10,4) gap dense(1,sigmoid)", command, "echo alive"])
        XCTAssertEqual(result.status, 1, "\(command): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(expected), "\(command): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stdout.hasSuffix("alive\n"), "\(command): the shell goes on", file: file, line: line)
    }

    func testDevicesWhereFilesBelongAreRefusedAtOnce() throws {
        for command in ["word2vec w file=/dev/zero", "fit tok file=/dev/zero", "train m data=/dev/zero tokenizer=tok",
                        "run /dev/zero", "evaluate m data=/dev/zero"] {
            try assertRefused(command, saying: "/dev/zero: is a character device, not a regular file")
        }
    }

    func testAFifoWithoutAWriterNeverHangs() throws {
        let fifo = directory.appendingPathComponent("fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for command in ["word2vec w file=fifo", "fit tok file=fifo", "train m data=fifo tokenizer=tok"] {
            try assertRefused(command, saying: "fifo: is a pipe (FIFO), not a regular file")
        }
        // A script may come from a pipe (`-f <(…)`); one nobody writes to is simply empty.
        let result = try run(["run fifo", "echo alive"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "alive\n")
    }

    func testAFileWithoutLineEndsIsAnErrorNamingTheLine() throws {
        let path = directory.appendingPathComponent("zeros.txt")
        FileManager.default.createFile(atPath: path.path, contents: nil)
        let handle = try FileHandle(forWritingTo: path)
        let block = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        for _ in 0 ..< 17 { handle.write(block) }
        try handle.close()
        let script = try run(["run zeros.txt", "echo alive"])
        XCTAssertEqual(script.status, 1)
        XCTAssertTrue(script.stderr.contains("zeros.txt:1: embsh: error: line 1 is longer than 16.0 MB"), script.stderr)
        XCTAssertEqual(script.stdout, "alive\n")
    }

    func testAbsurdSizesAreUsageErrorsOrRefusedBeforeAllocating() throws {
        try assertRefused("pad 1,2,3 maxlen=9223372036854775807", saying: "maxlen must be an integer from 0 to 1000000")
        try assertRefused("tokenize tok \"the cat\" maxlen=4294967296", saying: "maxlen must be an integer from 0 to 1000000")
        try assertRefused("table t rows=50 dim=100000000", saying: "dim must be an integer from 1 to 100000")
        try assertRefused("table t rows=1000000000 dim=100000", saying: "this machine can give now; lower the number of rows")
        try assertRefused("time time time echo x", saying: "time: a command to time, not 'time' itself")
    }

    func testTrainingThatBlowsUpStopsWithWhatToLower() throws {
        let corpus = (0 ..< 50).map { _ in "the cat sat on the mat\nthe dog sat on the log\n" }.joined()
        try corpus.write(to: directory.appendingPathComponent("tiny50.txt"), atomically: true, encoding: .utf8)
        for arch in ["sg", "cbow"] {
            try assertRefused("word2vec w file=tiny50.txt min_count=1 alpha=5 arch=\(arch) threads=1",
                              saying: "training diverged: the loss per example reached")
        }
    }

    func testAnEvaluationFileOfTheOtherKindIsNamedAsSuch() throws {
        try ": capital\nathens greece baghdad iraq\n".write(to: directory.appendingPathComponent("q.txt"), atomically: true,
                                                           encoding: .utf8)
        let result = try run(["word2vec w file=tiny.txt min_count=1 epochs=1", "evaluate w pairs=q.txt", "echo alive"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no word pairs: none of the 2 lines other than comments"), result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix("alive\n"))
    }

    func testATableWithNaNAndHugeValuesAnswersOrExplains() throws {
        try "a 0.1 nan 0.3\nb inf 0.2 0.1\nc 0.3 0.2 0.1\nd 1e30 1e30 1e30\ne -0.1 0.2 0.5\nf 0.5 0.5 0.5\n"
            .write(to: directory.appendingPathComponent("odd.txt"), atomically: true, encoding: .utf8)
        let setup = "import t odd.txt format=glove allow_nonfinite=true"
        let huge = try run([setup, "similarity t d f", "normalize t", "lookup t d"])
        XCTAssertEqual(huge.status, 0, huge.stderr)
        XCTAssertTrue(huge.stdout.contains("cosine(d, f): 1.000000"), huge.stdout)
        XCTAssertTrue(huge.stdout.contains("0.5774"), "d normalised to 1/√3: \(huge.stdout)")
        for (command, word) in [("similarity t a c", "a"), ("nearest t b", "b"), ("plot t a b c d e f", "a")] {
            let result = try run([setup, command, "echo alive"])
            XCTAssertEqual(result.status, 1, command)
            XCTAssertTrue(result.stderr.contains("'\(word)' has NaN or infinite values"), "\(command): \(result.stderr)")
            XCTAssertTrue(result.stdout.hasSuffix("alive\n"))
        }
    }
}
