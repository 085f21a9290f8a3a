import EmbeddingFuzzTargets
import Foundation
import XCTest

/// Replays the fuzz targets' inputs without sanitizers, so that `swift test` alone covers
/// what fuzzing found: `Tests/Fuzz/seeds/TARGET/` (valid inputs, each must be accepted) and
/// `Tests/Fuzz/regressions/TARGET/` (inputs that once crashed, hung or grabbed memory; a
/// crash fails the run). `Tests/Fuzz/pending/TARGET/` holds findings not fixed yet: not
/// replayed until they are moved to `regressions`.
final class FuzzRegressionTests: XCTestCase {
    static let inputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")
    /// libFuzzer's `-timeout` in `Scripts/fuzz`: an input that runs longer is a finding.
    static let timeLimit = 10.0

    func testEveryTargetAcceptsEachOfItsSeeds() throws {
        for target in FuzzTarget.allCases {
            let seeds = try Self.files(in: "seeds", target)
            XCTAssertFalse(seeds.isEmpty, "no seeds for \(target.rawValue)")
            for seed in seeds {
                let bytes = try Data(contentsOf: seed)
                XCTAssertLessThanOrEqual(bytes.count, target.maxLength, seed.path)
                XCTAssertEqual(Self.run(target, bytes), .accepted, seed.path)
            }
        }
    }

    func testSavedRegressionInputsRunWithinTheTimeLimit() throws {
        for target in FuzzTarget.allCases {
            for input in try Self.files(in: "regressions", target) {
                let start = Date()
                let outcome = Self.run(target, try Data(contentsOf: input))
                XCTAssertLessThan(Date().timeIntervalSince(start), Self.timeLimit, input.path)
                XCTAssertNotEqual(outcome, .skipped, "\(input.path) is not tried by the target, so it proves nothing")
            }
        }
    }

    func testInputFoldersAreNamedAfterTargets() throws {
        for kind in ["seeds", "regressions", "pending"] {
            let folder = Self.inputs.appendingPathComponent(kind)
            guard FileManager.default.fileExists(atPath: folder.path) else { continue }
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                XCTAssertNotNil(FuzzTarget(rawValue: name), "\(kind)/\(name) is not a fuzz target")
            }
        }
    }

    func testTheShellTargetSkipsPathsAndCostlySizesButTriesAbsurdOnes() {
        XCTAssertEqual(Self.run(.shell, "import v /dev/zero"), .skipped)
        XCTAssertEqual(Self.run(.shell, "fit tok file=~/corpus.txt"), .skipped)
        XCTAssertEqual(Self.run(.shell, "table t rows=1000 dim=4"), .skipped)
        XCTAssertEqual(Self.run(.shell, "table t rows=999 dim=4"), .accepted)
        XCTAssertEqual(Self.run(.shell, "table t rows=9223372036854775808 dim=4"), .refused)
        XCTAssertEqual(Self.run(.shell, "nearest nothing king"), .refused)
    }

    func testTheShellTargetStartsEachInputFromTheSameSessionAndFiles() {
        XCTAssertEqual(Self.run(.shell, "drop vec\nexport emb corpus.txt\nsave s.session"), .accepted)
        XCTAssertEqual(Self.run(.shell, "nearest vec king k=1\nfit tok file=corpus.txt\nopen s.session"), .refused)
        XCTAssertEqual(Self.run(.shell, "nearest vec king k=1\nfit tok file=corpus.txt"), .accepted)
    }

    func testTheShellDictionaryHoldsCommandsOptionKeysAndObjectNames() {
        let dictionary = Set(FuzzTarget.shell.dictionary)
        XCTAssertTrue(dictionary.isSuperset(of: ["nearest", "word2vec", "maxlen=", "restrict=", "tok", "vec", "corpus.txt"]),
                      dictionary.sorted().joined(separator: " "))
    }

    private static func files(in kind: String, _ target: FuzzTarget) throws -> [URL] {
        let folder = inputs.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private static func run(_ target: FuzzTarget, _ bytes: Data) -> FuzzOutcome {
        bytes.withUnsafeBytes { target.run($0) }
    }

    private static func run(_ target: FuzzTarget, _ text: String) -> FuzzOutcome {
        run(target, Data(text.utf8))
    }
}
