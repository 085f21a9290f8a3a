#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmbeddingKit

/// Reads a file in large chunks with `read(2)` and hands each line over as bytes, without
/// copying it into a `String`.
public struct LineReader: Sendable {
    /// The default read size, 1 MiB.
    public static let defaultChunkSize = 1 << 20

    /// What a pass over the file saw.
    public struct Summary: Equatable, Sendable {
        /// Number of lines, counting a last line without newline.
        public var lines: Int
        /// Number of bytes read.
        public var bytes: Int

        public init(lines: Int, bytes: Int) {
            self.lines = lines
            self.bytes = bytes
        }
    }

    public let path: String
    private let chunkSize: Int
    private let maxLineBytes: Int

    /// A reader of `path` reading `chunkSize` bytes at a time; longer lines than `maxLineBytes`
    /// are an error.
    public init(path: String, chunkSize: Int = LineReader.defaultChunkSize, maxLineBytes: Int = CorpusError.maxLineBytes) {
        self.path = path
        self.chunkSize = max(1, chunkSize)
        self.maxLineBytes = maxLineBytes
    }

    /// Calls `body` with each line (without its LF, nor a CR just before it or at the end of
    /// the file) and its 1-based number. The bytes are valid only during the call.
    /// Polls `interruption` after each chunk; throws `CorpusError` if the file cannot be read or
    /// a line is longer than `maxLineBytes`.
    @discardableResult
    public func forEachLine(interruption: Interruption = .never,
                            _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws -> Summary {
        let fd: Int32
        do { fd = try InputFile.open(path) } catch { throw CorpusError.file(error) }
        defer { close(fd) }
        var capacity = chunkSize
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var pending = 0
        var summary = Summary(lines: 0, bytes: 0)

        func emit(_ start: Int, _ end: Int) throws {
            var end = end
            if end > start && buffer[end - 1] == 13 { end -= 1 }
            summary.lines += 1
            try body(UnsafeBufferPointer(start: buffer + start, count: end - start), summary.lines)
        }

        while true {
            if pending > maxLineBytes {
                throw CorpusError.lineTooLong(path: path, line: summary.lines + 1, limit: maxLineBytes)
            }
            if pending * 2 > capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: pending)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + pending, capacity - pending)
            if n < 0 {
                if errno == EINTR { continue }
                throw CorpusError.file(.fromErrno(errno, path: path))
            }
            if n == 0 { break }
            summary.bytes += n
            try interruption.checkpoint()
            let end = pending + n
            var start = 0
            var from = pending
            while from < end, let hit = memchr(buffer + from, 10, end - from) {
                let newline = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                try emit(start, newline)
                start = newline + 1
                from = start
            }
            pending = end - start
            if pending > 0 && start > 0 { memmove(buffer, buffer + start, pending) }
        }
        if pending > 0 { try emit(0, pending) }
        return summary
    }
}
