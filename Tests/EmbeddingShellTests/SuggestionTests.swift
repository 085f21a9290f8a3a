import XCTest
@testable import EmbeddingShell

final class SuggestionTests: XCTestCase {
    func testEditDistanceCountsSwapsAsOne() {
        XCTAssertEqual(editDistance("hepl", "help", limit: 3), 1)
        XCTAssertEqual(editDistance("nerest", "nearest", limit: 3), 1)
        XCTAssertEqual(editDistance("kitten", "sitting", limit: 5), 3)
        XCTAssertEqual(editDistance("", "abc", limit: 5), 3)
        XCTAssertEqual(editDistance("abcdef", "uvwxyz", limit: 2), 3, "gives up past the limit")
    }

    func testClosestMatchIgnoresFarCandidates() {
        XCTAssertEqual(closestMatch(to: "nerest", among: ["nearest", "normalize"]), "nearest")
        XCTAssertNil(closestMatch(to: "xyz", among: ["nearest", "help"]))
    }
}
