import Foundation
import XCTest

/// Locates `/work/shared`-style data: `../shared` relative to the repository root.
enum SharedData {
    /// Repository root (two levels above this file's directory).
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `../shared/<relative>`, or `XCTSkip` when absent.
    static func path(_ relative: String) throws -> String {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("shared data not found: \(url.path)")
        }
        return url.path
    }

    /// `Tests/Fixtures/vectors/<name>` in this repository.
    static func fixture(_ name: String) -> String {
        repoRoot.appendingPathComponent("Tests/Fixtures/vectors").appendingPathComponent(name).path
    }
}
