import Foundation

/// Paths of the corpus fixtures (repo root is three levels up from this file).
enum CorpusFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/corpus")

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}
