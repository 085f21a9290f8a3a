import EmbeddingKit

/// A 64-bit checksum of a byte range, for detecting damaged session files. Large inputs are
/// hashed on all cores: 1 MiB chunks are hashed independently (four interleaved lanes, in
/// the manner of xxHash64) and the chunk hashes combined in order.
enum Checksum {
    private static let chunkSize = 1 << 20
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let chunks = (bytes.count + chunkSize - 1) / chunkSize
        guard chunks > 1 else { return finish(chunk(bytes), length: bytes.count) }
        let hashes = Parallel.mapChunks(count: chunks, minimumPerChunk: 1) { range in
            range.map { i in chunk(UnsafeRawBufferPointer(rebasing: bytes[i * chunkSize ..< min((i + 1) * chunkSize, bytes.count)])) }
        }.joined()
        return finish(hashes.reduce(0) { round($0, $1) }, length: bytes.count)
    }

    @inline(__always)
    private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = lane &+ word &* prime2
        return ((mixed << 31) | (mixed >> 33)) &* prime1
    }

    private static func chunk(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes = (prime1 &+ prime2, prime2, UInt64(0), 0 &- prime1)
        var offset = 0
        while offset + 32 <= bytes.count {
            lanes.0 = round(lanes.0, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            lanes.1 = round(lanes.1, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            lanes.2 = round(lanes.2, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            lanes.3 = round(lanes.3, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        var hash = round(round(round(lanes.0, lanes.1), lanes.2), lanes.3)
        while offset < bytes.count {
            hash = round(hash, UInt64(bytes[offset]))
            offset += 1
        }
        return hash
    }

    private static func finish(_ hash: UInt64, length: Int) -> UInt64 {
        var h = hash ^ UInt64(length)
        h ^= h >> 33
        h &*= prime2
        h ^= h >> 29
        return h
    }
}
