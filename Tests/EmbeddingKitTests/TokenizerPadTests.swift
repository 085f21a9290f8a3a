import XCTest
import EmbeddingKit

final class TokenizerPadTests: XCTestCase {
    func testPaddingAndTruncatingSides() throws {
        XCTAssertEqual(try padSequences([[1, 2, 3], [4]], maxlen: 2, padding: .post, truncating: .post, value: 9),
                       [[1, 2], [4, 9]])
        XCTAssertEqual(try padSequences([[1, 2, 3], [4]], maxlen: 2), [[2, 3], [0, 4]])
        XCTAssertEqual(try padSequences([[1, 2, 3], []], padding: .post), [[1, 2, 3], [0, 0, 0]])
    }

    func testEdgeCases() throws {
        XCTAssertEqual(try padSequences([]), [])
        XCTAssertEqual(try padSequences([[], []]), [[], []])
        XCTAssertEqual(try padSequences([[1, 2]], maxlen: 0), [[]])
        XCTAssertThrowsError(try padSequences([[1]], maxlen: -1)) {
            XCTAssertEqual($0 as? TokenizerError, .invalidMaxlen(-1))
        }
        XCTAssertThrowsError(try padSequences([[1, 1 << 40]])) {
            XCTAssertEqual($0 as? TokenizerError, .valueOutOfInt32Range(1 << 40))
        }
    }
}
