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

/// A corpus file open for reading, which several `LineBlockReader`s can share (each reads at
/// its own offset); closed when the last one is done with it.
final class CorpusFile: @unchecked Sendable {
    let path: String
    let descriptor: Int32

    /// Opens `path` (a regular file: see `InputFile`); throws `CorpusError.file` when it cannot.
    init(path: String) throws {
        do { descriptor = try InputFile.open(path) } catch { throw CorpusError.file(error) }
        self.path = path
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes at `offset` into `target`, retrying interrupted reads; 0 at the end.
    func read(into target: UnsafeMutableRawPointer, count: Int, at offset: Int) throws -> Int {
        while true {
            let received = pread(descriptor, target, count, off_t(offset))
            if received >= 0 { return received }
            if errno != EINTR { throw CorpusError.file(.fromErrno(errno, path: path)) }
        }
    }

    /// `count` consecutive byte ranges covering the file, each starting at a line start, the
    /// `i`-th at the first one from `i`·size/`count` on (as word2vec.c's and fastText's threads
    /// each start reading at their share of the file). A range is empty when a line spans its
    /// whole share; a line longer than `maxLineBytes` may be cut between two ranges, whose
    /// readers then report it as too long.
    func shares(count: Int, maxLineBytes: Int) throws -> [Range<Int>] {
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
                let received = try chunk.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: min($0.count, limit - offset), at: offset) }
                if received == 0 { break }
                if let j = chunk[..<received].firstIndex(of: 10) {
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

    /// Line ends before byte `offset`.
    func newlines(before offset: Int) throws -> Int {
        var count = 0, position = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while position < offset {
            let received = try chunk.withUnsafeMutableBytes { try read(into: $0.baseAddress!, count: min($0.count, offset - position), at: position) }
            if received == 0 { break }
            count += chunk[..<received].reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            position += received
        }
        return count
    }
}

/// Reads a file, or the bytes `range` of it (whole lines: see `CorpusFile.shares`), as blocks of
/// about `blockSize` bytes cut at line ends (a longer line makes a longer block, up to
/// `maxLineBytes`), numbering lines as it goes: from 1 at the start of the file, or of `range`.
final class LineBlockReader {
    private let file: CorpusFile
    private let blockSize: Int
    private let maxLineBytes: Int
    /// Where the range read starts in the file; where the next read starts; bytes left to read.
    private let start: Int
    private var offset: Int
    private var remaining: Int
    /// The start of a line whose end has not been read yet.
    private var carry: [UInt8] = []
    private var spare: [BlockBuffer] = []
    private var nextLine = 1
    private var atEnd = false
    /// Bytes read so far.
    private(set) var bytesRead = 0

    /// Opens `path` (a regular file: see `InputFile`); throws `CorpusError.file` when it cannot.
    convenience init(path: String, blockSize: Int, maxLineBytes: Int) throws {
        try self.init(file: CorpusFile(path: path), blockSize: blockSize, maxLineBytes: maxLineBytes)
    }

    init(file: CorpusFile, blockSize: Int, maxLineBytes: Int, range: Range<Int>? = nil) {
        self.file = file
        self.blockSize = max(1, blockSize)
        self.maxLineBytes = maxLineBytes
        start = range?.lowerBound ?? 0
        offset = start
        remaining = range?.count ?? Int.max
    }

    var path: String { file.path }

    /// Lines handed out so far.
    var linesSoFar: Int { nextLine - 1 }

    /// The next block, or nil at the end of the file. Its memory is reused once it is
    /// passed to `recycle`.
    func next() throws -> LineBlock? {
        // An empty range (or one read to its end) needs no buffer.
        if remaining == 0 && carry.isEmpty { return nil }
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
            let received = wanted > 0 ? try file.read(into: buffer.base + buffer.count, count: wanted, at: offset) : 0
            if received == 0 { atEnd = true }
            offset += received
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
                throw CorpusError.lineTooLong(path: path, line: try file.newlines(before: start) + nextLine, limit: maxLineBytes)
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
