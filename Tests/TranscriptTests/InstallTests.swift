import Foundation
import XCTest

/// `Scripts/install PREFIX` as a user runs it: afterwards `embsh` works from any directory with
/// PREFIX/bin on PATH, and the man page, the Markdown reference and the completions are in
/// place. It installs the release binary `Scripts/test` built (`EMBSH_INSTALL_BINARY`): building
/// one here would wait on the build this test runs in, so plain `swift test` skips it.
final class InstallTests: XCTestCase {
    func testInstallIntoAPrefixThenRunFromAnotherDirectory() throws {
        guard let binary = ProcessInfo.processInfo.environment["EMBSH_INSTALL_BINARY"] else {
            throw XCTSkip("EMBSH_INSTALL_BINARY is not set (Scripts/test sets it to the release build)")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-install-\(UUID().uuidString)")
        let prefix = work.appendingPathComponent("prefix"), elsewhere = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let sh = URL(fileURLWithPath: "/bin/sh")

        let install = try Embsh.run(["-c", "Scripts/install '\(prefix.path)'"], in: Embsh.root,
                                    environment: ["EMBSH_INSTALL_BINARY": binary], executable: sh)
        XCTAssertEqual(install.status, 0, install.stderr)
        XCTAssertTrue(install.stderr.contains("is not on PATH"), install.stderr)

        let path = prefix.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let run = try Embsh.run(["-c", #"embsh -c 'tokenizer t' -c 'fit t "a b b"' -c 'vocab t' --format csv"#], in: elsewhere,
                                environment: ["PATH": path], executable: sh)
        XCTAssertEqual(run.stdout, "index,word,count,docs\n1,b,2,1\n2,a,1,1\n", run.stderr)
        XCTAssertEqual(run.status, 0)

        let share = prefix.appendingPathComponent("share")
        let committed = Embsh.root.appendingPathComponent("Sources/embsh/embsh.docc")
        for (installed, source) in [("man/man1/embsh.1", "embsh.1"), ("doc/embsh/Commands.md", "Commands.md"),
                                    ("doc/embsh/FileFormats.md", "FileFormats.md")] {
            XCTAssertEqual(try? Data(contentsOf: share.appendingPathComponent(installed)),
                           try Data(contentsOf: committed.appendingPathComponent(source)), installed)
        }
        for (file, marker) in [("bash-completion/completions/embsh", "-F _embsh embsh"), ("zsh/site-functions/_embsh", "#compdef embsh"),
                               ("fish/vendor_completions.d/embsh.fish", "complete -c 'embsh'")] {
            let text = (try? String(contentsOf: share.appendingPathComponent(file), encoding: .utf8)) ?? ""
            XCTAssertTrue(text.contains(marker) && text.contains("format"), "\(file): \(text.prefix(200))")
        }
    }
}
