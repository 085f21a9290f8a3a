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

/// Reads a file, or the bytes `range` of it (whole lines: see `shares`), as blocks of about
/// `blockSize` bytes cut at line ends (a longer line makes a longer block, up to
/// `maxLineBytes`), numbering lines as it goes: from 1 at the start of the file, or of `range`.
final class LineBlockReader {
    let path: String
    private let descriptor: Int32
    private let blockSize: Int
    private let maxLineBytes: Int
    /// Where the bytes read start in the file, and how many are left to read.
    private let start: Int
    private var remaining: Int
    /// The start of a line whose end has not been read yet.
    private var carry: [UInt8] = []
    private var spare: [BlockBuffer] = []
    private var nextLine = 1
    private var atEnd = false
    /// Bytes read so far.
    private(set) var bytesRead = 0

    /// Opens `path` (a regular file: see `InputFile`); throws `CorpusError.file` when it cannot.
    init(path: String, blockSize: Int, maxLineBytes: Int, range: Range<Int>? = nil) throws {
        do { descriptor = try InputFile.open(path) } catch { throw CorpusError.file(error) }
        self.path = path
        self.blockSize = max(1, blockSize)
        self.maxLineBytes = maxLineBytes
        start = range?.lowerBound ?? 0
        remaining = range?.count ?? Int.max
        if start > 0 && lseek(descriptor, off_t(start), SEEK_SET) < 0 {
            let code = errno
            close(descriptor)
            throw CorpusError.file(.fromErrno(code, path: path))
        }
    }

    /// `count` consecutive byte ranges covering the file at `path`, each starting at a line start,
    /// the `i`-th at the first one from `i`·size/`count` on (as word2vec.c's and fastText's
    /// threads each start reading at their share of the file). A range is empty when a line
    /// spans its whole share; a line longer than `maxLineBytes` may be cut between two ranges,
    /// whose readers then report it as too long.
    static func shares(of path: String, count: Int, maxLineBytes: Int) throws -> [Range<Int>] {
        let descriptor: Int32
        do { descriptor = try InputFile.open(path) } catch { throw CorpusError.file(error) }
        defer { close(descriptor) }
        let size = InputFile.size(of: descriptor) ?? 0
        var bounds = [0]
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        for i in 1 ..< max(1, count) {
            // The line start at or after the share's first byte: just past a LF from one byte before it.
            let share = Int((Double(size) * Double(i) / Double(count)).rounded(.down))
            var offset = share - 1
            let limit = min(size, share + maxLineBytes)
            var bound = share == 0 ? 0 : limit
            scan: while share > 0 && offset < limit {
                let received = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, min($0.count, limit - offset), off_t(offset)) }
                if received < 0 && errno == EINTR { continue }
                if received < 0 { throw CorpusError.file(.fromErrno(errno, path: path)) }
                if received == 0 { break }
                for j in 0 ..< received where chunk[j] == 10 {
                    bound = offset + j + 1
                    break scan
                }
                offset += received
            }
            bounds.append(max(bound, bounds[bounds.count - 1]))
        }
        bounds.append(max(size, bounds[bounds.count - 1]))
        return (0 ..< max(1, count)).map { bounds[$0] ..< bounds[$0 + 1] }
    }

    /// The line number in the whole file of line `line` of the range read.
    private func lineInFile(_ line: Int) -> Int {
        guard start > 0 else { return line }
        var newlines = 0, offset = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while offset < start {
            let received = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, min($0.count, start - offset), off_t(offset)) }
            if received < 0 && errno == EINTR { continue }
            if received <= 0 { break }
            for j in 0 ..< received where chunk[j] == 10 { newlines += 1 }
            offset += received
        }
        return newlines + line
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
            let wanted = min(max(blockSize - buffer.count, buffer.count, 1), remaining)
            buffer.reserve(buffer.count + wanted)
            var received = 0
            if wanted > 0 {
                repeat {
                    received = read(descriptor, buffer.base + buffer.count, wanted)
                } while received < 0 && errno == EINTR
                if received < 0 { throw CorpusError.file(.fromErrno(errno, path: path)) }
            }
            if received == 0 { atEnd = true }
            remaining -= received
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
                throw CorpusError.lineTooLong(path: path, line: lineInFile(nextLine), limit: maxLineBytes)
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
