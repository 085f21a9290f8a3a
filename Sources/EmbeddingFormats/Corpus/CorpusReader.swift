import Dispatch
import EmbeddingKit

/// One document of a corpus file; its bytes are valid only during the callback.
public struct CorpusDocument {
    /// 1-based line number in the file.
    public let line: Int
    /// The document text as valid UTF-8 (invalid bytes already replaced by U+FFFD).
    public let text: UnsafeBufferPointer<UInt8>
    /// fastText labels without the `__label__` prefix; empty for other formats.
    public let labels: [String]

    /// The text as a string.
    public var string: String { String(decoding: text, as: UTF8.self) }
}

/// What a pass over a corpus file saw.
public struct CorpusReport: Equatable, Sendable {
    /// Lines in the file.
    public var lines: Int
    /// Documents handed over.
    public var documents: Int
    /// Bad lines skipped (only with `skipBad`).
    public var skippedLines: Int
    /// First line with invalid UTF-8 (replaced by U+FFFD), if any.
    public var firstInvalidUTF8Line: Int?

    public init(lines: Int = 0, documents: Int = 0, skippedLines: Int = 0, firstInvalidUTF8Line: Int? = nil) {
        self.lines = lines
        self.documents = documents
        self.skippedLines = skippedLines
        self.firstInvalidUTF8Line = firstInvalidUTF8Line
    }

    /// Adds what a later part of the same file saw.
    mutating func add(_ later: CorpusReport) {
        documents += later.documents
        skippedLines += later.skippedLines
        firstInvalidUTF8Line = firstInvalidUTF8Line ?? later.firstInvalidUTF8Line
    }
}

/// Streams the documents of a `lines`, `tsv` or `fasttext` file.
public struct CorpusReader: Sendable {
    public let path: String
    public let format: CorpusFormat
    /// The TSV column holding the text, 1-based.
    public let column: Int
    /// Skip and count bad lines (missing column, missing label) instead of failing.
    public let skipBad: Bool
    /// Bytes of whole lines read at a time, and handed to one thread by `forEachBlock`.
    public let blockSize: Int
    /// Longer lines are an error (`CorpusError.lineTooLong`).
    public let maxLineBytes: Int
    /// 1 MiB: large enough to amortise handing a block to a thread, small enough that the last
    /// round of blocks leaves little work to one core (fit on 34 MB: 2.1× → 1.8–2.0× the time
    /// of reading and splitting the file, against 4 MiB blocks).
    public static let defaultBlockSize = 1 << 20

    /// Throws `CorpusError.invalidColumn` for a column below 1.
    public init(path: String, format: CorpusFormat = .lines, column: Int = 1, skipBad: Bool = false,
                blockSize: Int = CorpusReader.defaultBlockSize, maxLineBytes: Int = CorpusError.maxLineBytes) throws {
        guard column >= 1 else { throw CorpusError.invalidColumn(column) }
        self.path = path
        self.format = format
        self.column = column
        self.skipBad = skipBad
        self.blockSize = blockSize
        self.maxLineBytes = maxLineBytes
    }

    /// Calls `body` with each document in file order. Throws `CorpusError` (unreadable or
    /// empty file, bad line without `skipBad`), `Interrupted`, or what `body` throws.
    @discardableResult
    public func forEachDocument(interruption: Interruption = .never,
                                _ body: (CorpusDocument) throws -> Void) throws -> CorpusReport {
        let reader = try LineBlockReader(path: path, blockSize: blockSize, maxLineBytes: maxLineBytes)
        var report = CorpusReport()
        while let block = try reader.next() {
            try interruption.checkpoint()
            try documents(in: block, report: &report, body)
            reader.recycle(block)
        }
        return try finished(report, reader)
    }

    /// Runs `work` over the documents of the file on up to `threads` threads. The file is cut
    /// into blocks (a few MiB of whole lines); each thread has its own `Part` from `makePart`,
    /// and in each round part `i` works the `i`-th of the next `threads` blocks, so
    /// `afterBlock` (called in file order after each round) sees consecutive blocks in order.
    /// `work` gets the block number (0, 1, …) with each document. Returns the parts, in
    /// thread order. Memory: `threads` blocks at a time. Throws as `forEachDocument` does,
    /// for the first bad line in file order.
    public func forEachBlock<Part>(threads: Int, interruption: Interruption = .never,
                                   makePart: () -> Part,
                                   work: @escaping @Sendable (inout Part, Int, CorpusDocument) -> Void,
                                   afterBlock: (inout Part) throws -> Void = { _ in })
        throws -> (parts: [Part], report: CorpusReport) {
        let reader = try LineBlockReader(path: path, blockSize: blockSize, maxLineBytes: maxLineBytes)
        return try forEachBlock(readers: [reader], threads: threads, interruption: interruption, makePart: makePart, work: work,
                                afterBlock: afterBlock)
    }

    /// `forEachBlock`, the parts dividing the file as `split` says. With `.shares` part `i` reads
    /// only its own share of the file (`CorpusFile.shares`), as word2vec.c's and fastText's threads
    /// do: a round has one block of each share not yet read, `afterBlock` follows share order, and
    /// documents are numbered within their share, so only the text is for callers.
    func forEachBlock<Part>(split: CorpusSplit, threads: Int, interruption: Interruption, makePart: () -> Part,
                            work: @escaping @Sendable (inout Part, Int, CorpusDocument) -> Void,
                            afterBlock: (inout Part) throws -> Void) throws -> [Part] {
        let readers: [LineBlockReader]
        switch split {
        case .consecutiveBlocks:
            readers = [try LineBlockReader(path: path, blockSize: blockSize, maxLineBytes: maxLineBytes)]
        case .shares:
            let file = try CorpusFile(path: path)
            readers = try file.shares(count: max(1, threads), maxLineBytes: maxLineBytes).map {
                LineBlockReader(file: file, blockSize: blockSize, maxLineBytes: maxLineBytes, range: $0)
            }
        }
        return try forEachBlock(readers: readers, threads: threads, interruption: interruption, makePart: makePart, work: work,
                                afterBlock: afterBlock).parts
    }

    /// The rounds of `forEachBlock`: each round's blocks come from one reader in turn, or one from each reader.
    private func forEachBlock<Part>(readers: [LineBlockReader], threads: Int, interruption: Interruption, makePart: () -> Part,
                                    work: @escaping @Sendable (inout Part, Int, CorpusDocument) -> Void,
                                    afterBlock: (inout Part) throws -> Void) throws -> (parts: [Part], report: CorpusReport) {
        let lanes = Lanes(count: max(1, threads), makePart: makePart)
        let ahead = ReadAhead(readers, count: lanes.slots.count)
        var report = CorpusReport()
        var firstBlock = 0
        try ahead.read()
        while true {
            try interruption.checkpoint()
            let blocks = try ahead.take()
            if blocks.isEmpty { break }
            let round = firstBlock
            let run: @Sendable (Int) -> Void = { [self, blocks] i in
                // One more task than blocks: it reads the next round meanwhile.
                guard i < blocks.count else { return ahead.readCatchingErrors() }
                guard let block = blocks[i] else { return }
                let slot = lanes.slots.baseAddress! + i
                do {
                    try documents(in: block, report: &slot.pointee.report) { work(&slot.pointee.part, round + i, $0) }
                } catch {
                    slot.pointee.error = error
                }
            }
            DispatchQueue.concurrentPerform(iterations: blocks.count + 1, execute: run)
            for i in blocks.indices {
                guard let block = blocks[i] else { continue }
                if let error = lanes.slots[i].error { throw error }
                report.add(lanes.slots[i].report)
                lanes.slots[i].report = CorpusReport()
                try afterBlock(&lanes.slots[i].part)
                ahead.recycle(block, from: i)
            }
            firstBlock += blocks.count
        }
        if readers.allSatisfy({ $0.bytesRead == 0 }) { throw CorpusError.emptyFile(path: path) }
        report.lines = readers.reduce(0) { $0 + $1.linesSoFar }
        return (lanes.slots.map(\.part), report)
    }

    /// The documents of one block, in order.
    private func documents(in block: LineBlock, report: inout CorpusReport,
                           _ body: (CorpusDocument) throws -> Void) throws {
        try block.forEachLine { raw, line in
            if UTF8Repair.isValid(raw) {
                try handle(raw, line: line, report: &report, body)
            } else {
                if report.firstInvalidUTF8Line == nil { report.firstInvalidUTF8Line = line }
                var repaired = UTF8Repair.repaired(raw)
                try repaired.withUTF8 { try handle($0, line: line, report: &report, body) }
            }
        }
    }

    private func finished(_ report: CorpusReport, _ reader: LineBlockReader) throws -> CorpusReport {
        if reader.bytesRead == 0 { throw CorpusError.emptyFile(path: path) }
        var report = report
        report.lines = reader.linesSoFar
        return report
    }

    private func handle(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, report: inout CorpusReport,
                        _ body: (CorpusDocument) throws -> Void) throws {
        let document: CorpusDocument
        do {
            switch format {
            case .lines: document = CorpusDocument(line: line, text: bytes, labels: [])
            case .tsv: document = try tsvDocument(bytes, line: line)
            case .fasttext: document = try fastTextDocument(bytes, line: line)
            }
        } catch is CorpusError where skipBad {
            report.skippedLines += 1
            return
        }
        report.documents += 1
        try body(document)
    }

    private func tsvDocument(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws -> CorpusDocument {
        var start = 0
        var current = 1
        for i in bytes.indices where bytes[i] == 9 {
            if current == column { return CorpusDocument(line: line, text: UnsafeBufferPointer(rebasing: bytes[start ..< i]), labels: []) }
            current += 1
            start = i + 1
        }
        guard current == column else {
            throw CorpusError.missingColumn(path: path, line: line, column: column, columns: current)
        }
        return CorpusDocument(line: line, text: UnsafeBufferPointer(rebasing: bytes[start...]), labels: [])
    }

    private func fastTextDocument(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws -> CorpusDocument {
        let prefix = Array("__label__".utf8)
        var labels: [String] = []
        var i = 0
        while true {
            while i < bytes.count && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
            guard bytes.count - i >= prefix.count,
                  prefix.indices.allSatisfy({ bytes[i + $0] == prefix[$0] }) else { break }
            var end = i + prefix.count
            while end < bytes.count && bytes[end] != 32 && bytes[end] != 9 { end += 1 }
            labels.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + prefix.count) ..< end]), as: UTF8.self))
            i = end
        }
        guard !labels.isEmpty else { throw CorpusError.missingLabel(path: path, line: line) }
        return CorpusDocument(line: line, text: UnsafeBufferPointer(rebasing: bytes[i...]), labels: labels)
    }
}

/// The per-thread state of `forEachBlock`: each thread writes only its own slot.
private final class Lanes<Part>: @unchecked Sendable {
    struct Slot {
        var part: Part
        var report = CorpusReport()
        var error: Error?
    }

    /// Raw storage, so threads never touch a shared container.
    let slots: UnsafeMutableBufferPointer<Slot>

    init(count: Int, makePart: () -> Part) {
        slots = .allocate(capacity: count)
        for i in 0..<count { (slots.baseAddress! + i).initialize(to: Slot(part: makePart())) }
    }

    deinit {
        slots.baseAddress!.deinitialize(count: slots.count)
        slots.deallocate()
    }
}

/// The next round of blocks, read while the current round is being worked on: up to `count`
/// blocks from one reader, or one from each of several (an entry is nil where a reader is done).
private final class ReadAhead: @unchecked Sendable {
    private let readers: [LineBlockReader]
    private let count: Int
    private var blocks: [LineBlock?] = []
    private var error: Error?

    init(_ readers: [LineBlockReader], count: Int) {
        self.readers = readers
        self.count = count
    }

    /// Reads the next round.
    func read() throws {
        blocks = []
        if readers.count == 1 {
            while blocks.count < count, let block = try readers[0].next() { blocks.append(block) }
        } else {
            blocks = try readers.map { try $0.next() }
            if blocks.allSatisfy({ $0 == nil }) { blocks = [] }
        }
    }

    /// `read()`, keeping an error for `take()` to throw.
    func readCatchingErrors() {
        do { try read() } catch { self.error = error }
    }

    /// The blocks read last (empty at the end of the file).
    func take() throws -> [LineBlock?] {
        if let error { throw error }
        defer { blocks = [] }
        return blocks
    }

    /// Gives block `i` of a round back to the reader it came from.
    func recycle(_ block: LineBlock, from i: Int) {
        readers[readers.count == 1 ? 0 : i].recycle(block)
    }
}
