import Foundation
import XCTest

/// The generated reference (Commands.md, Language.md, embsh.1) is what the binary generates
/// now: a change to a command, an option or a flag without regenerating it fails here.
final class ReferenceDocsTests: XCTestCase {
    static let folder = Embsh.root.appendingPathComponent("Sources/embsh/embsh.docc")
    static let regenerate = "regenerate it: swift run embsh --generate-docs Sources/embsh/embsh.docc"

    func testTheCommittedReferenceIsWhatTheCommandTableGenerates() throws {
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: fresh) }
        let result = try Embsh.run(["--generate-docs", fresh.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: fresh.path).sorted()
        XCTAssertEqual(names, ["Commands.md", "Language.md", "embsh.1"])
        for name in names {
            let generated = try String(contentsOf: fresh.appendingPathComponent(name), encoding: .utf8)
            let committed = try? String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertTrue(committed == generated, "\(name) is out of date; \(Self.regenerate)")
        }
    }

    /// Long unbreakable usage lines (`break` warnings) aside.
    func testTheManPageFormatsWithoutWarnings() throws {
        let groff = URL(fileURLWithPath: "/usr/bin/groff")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: groff.path), "groff is not installed")
        let process = Process()
        process.executableURL = groff
        process.arguments = ["-man", "-Tutf8", "-Wbreak", "-z", Self.folder.appendingPathComponent("embsh.1").path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let warnings = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(warnings, "")
        XCTAssertEqual(process.terminationStatus, 0)
    }

    func testHelpSaysWhereTheReferenceIs() throws {
        let help = try Embsh.run(["--help"])
        XCTAssertTrue(help.stdout.contains("'man embsh'"), help.stdout)
        XCTAssertTrue(help.stdout.replacingOccurrences(of: "\n", with: " ").contains("Sources/embsh/embsh.docc"), help.stdout)
    }
}
