import Foundation

/// An integrity check of borrowed data left for later (e.g. the checksum of a large block of a
/// session file, which `open` does not read), run at most once: `verify()` runs it the first
/// time and returns the same answer after.
public final class DeferredCheck: @unchecked Sendable {
    /// What to say when the check fails.
    public let failure: String
    /// The bytes the check reads.
    public let byteCount: Int
    private let body: () -> Bool
    private let lock = NSLock()
    private var result: Bool?

    /// A check of `byteCount` bytes that `body` performs (true: the data is intact), with the
    /// message to give when it fails (e.g. "big.session is damaged: the checksum of table 'v' does not match").
    public init(byteCount: Int, failure: String, _ body: @escaping () -> Bool) {
        self.byteCount = byteCount
        self.failure = failure
        self.body = body
    }

    /// What the check found: nil before it runs, then whether the data is intact.
    public var outcome: Bool? { lock.withLock { result } }

    /// Runs the check the first time; true when the data is intact.
    public func verify() -> Bool {
        lock.withLock {
            if let result { return result }
            let passed = body()
            result = passed
            return passed
        }
    }
}
