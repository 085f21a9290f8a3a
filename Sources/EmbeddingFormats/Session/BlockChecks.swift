import EmbeddingKit

/// How a reader checks the checksums of a session file's blocks of table values and index
/// arrays: a block up to `deferAbove` bytes now, a larger one later (a `DeferredCheck` that
/// keeps the file's bytes alive through `owner`).
struct BlockChecks {
    let path: String
    let owner: AnyObject
    let deferAbove: Int

    /// Throws `checksumMismatch` when `bytes` is small enough to check now and fails; returns
    /// the check left for later otherwise (none when it was checked).
    func check(_ bytes: UnsafeRawBufferPointer, _ checksum: UInt64, part: String) throws -> [DeferredCheck] {
        let failure = SessionFileError.checksumMismatch(path: path, part: part)
        guard bytes.count > deferAbove else {
            guard Checksum.of(bytes) == checksum else { throw failure }
            return []
        }
        let owner = self.owner
        return [DeferredCheck(byteCount: bytes.count, failure: failure.description) {
            withExtendedLifetime(owner) { Checksum.of(bytes) == checksum }
        }]
    }
}
