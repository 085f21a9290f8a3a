import XCTest
@testable import EmbeddingKit

final class InterruptionTests: XCTestCase {
    func testCheckpointThrowsOnlyOnceRequested() throws {
        XCTAssertNoThrow(try Interruption.never.checkpoint())
        let stop = Interruption { true }
        XCTAssertThrowsError(try stop.checkpoint()) { XCTAssertEqual($0 as? Interrupted, Interrupted()) }
    }
}
