#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for the bytes of one block, reused from block to block (fresh pages for every
/// block would cost a page fault per 4 KiB).
final class BlockBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes in use.
    fileprivate(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The offset of the last LF in use, if any.
    fileprivate func lastNewline() -> Int? {
        var i = count - 1
        while i >= 0 && base[i] != 10 { i -= 1 }
        return i >= 0 ? i : nil
    }

    /// Makes room for at least `needed` bytes, keeping the ones in use.
    fileprivate func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(needed, capacity * 2))
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = max(needed, capacity * 2)
    }
}

/// A run of whole lines from a file, which another thread can work on until it is recycled.
struct LineBlock: @unchecked Sendable {
    let buffer: BlockBuffer
    /// 1-based number of the block's first line in the file.
    let firstLine: Int

    /// Calls `body` with each line (without its LF, nor a CR just before it) and its number.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows {
        let base = buffer.base
        let end = buffer.count
        var start = 0
        var line = firstLine
        while start < end {
            var stop = end
            if let hit = memchr(base + start, 10, end - start) {
                stop = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            }
            let next = stop + 1
            if stop > start && base[stop - 1] == 13 { stop -= 1 }
            try body(UnsafeBufferPointer(start: base + start, count: stop - start), line)
            line += 1
            start = next
        }
    }

    /// Number of lines in the block.
    var lineCount: Int {
        let base = buffer.base
        let end = buffer.count
        var count = 0
        var start = 0
        while start < end, let hit = memchr(base + start, 10, end - start) {
            count += 1
            start = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit)) + 1
        }
        return start < end ? count + 1 : count
    }
}

/// Reads a file as blocks of about `blockSize` bytes cut at line ends (a longer line makes
/// a longer block, up to `maxLineBytes`), numbering lines as it goes.
final class LineBlockReader {
    let path: String
    private let descriptor: Int32
    private let blockSize: Int
    private let maxLineBytes: Int
    /// The start of a line whose end has not been read yet.
    private var carry: [UInt8] = []
    private var spare: [BlockBuffer] = []
    private var nextLine = 1
    private var atEnd = false
    /// Bytes read so far.
    private(set) var bytesRead = 0

    /// Opens `path` (a regular file: see `InputFile`); throws `CorpusError.file` when it cannot.
    init(path: String, blockSize: Int, maxLineBytes: Int) throws {
        do { descriptor = try InputFile.open(path) } catch { throw CorpusError.file(error) }
        self.path = path
        self.blockSize = max(1, blockSize)
        self.maxLineBytes = maxLineBytes
    }

    deinit { close(descriptor) }

    /// Lines handed out so far.
    var linesSoFar: Int { nextLine - 1 }

    /// The next block, or nil at the end of the file. Its memory is reused once it is
    /// passed to `recycle`.
    func next() throws -> LineBlock? {
        let buffer = spare.popLast() ?? BlockBuffer(capacity: blockSize + blockSize / 4)
        buffer.count = 0
        buffer.reserve(carry.count)
        carry.withUnsafeBufferPointer { if let from = $0.baseAddress { buffer.base.update(from: from, count: $0.count) } }
        buffer.count = carry.count
        carry.removeAll(keepingCapacity: true)
        while !atEnd {
            // Up to the block size, then doubling while no line end has been found.
            let wanted = max(blockSize - buffer.count, buffer.count, 1)
            buffer.reserve(buffer.count + wanted)
            var received: Int
            repeat {
                received = read(descriptor, buffer.base + buffer.count, wanted)
            } while received < 0 && errno == EINTR
            if received < 0 { throw CorpusError.file(.fromErrno(errno, path: path)) }
            if received == 0 { atEnd = true }
            buffer.count += received
            bytesRead += received
            if buffer.count >= blockSize, let newline = buffer.lastNewline() {
                let cut = newline + 1
                carry.append(contentsOf: UnsafeBufferPointer(start: buffer.base + cut, count: buffer.count - cut))
                buffer.count = cut
                break
            }
            // Past the block size without a line end, the buffer holds one unfinished line.
            if buffer.count > maxLineBytes {
                throw CorpusError.lineTooLong(path: path, line: nextLine, limit: maxLineBytes)
            }
        }
        guard buffer.count > 0 else {
            spare.append(buffer)
            return nil
        }
        let block = LineBlock(buffer: buffer, firstLine: nextLine)
        nextLine += block.lineCount
        return block
    }

    /// Takes back a block no one reads any more, to reuse its memory.
    func recycle(_ block: LineBlock) {
        spare.append(block.buffer)
    }
}
