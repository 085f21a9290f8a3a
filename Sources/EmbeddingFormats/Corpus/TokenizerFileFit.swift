import EmbeddingKit

/// What fitting a tokenizer on a file did.
public struct FitReport: Equatable, Sendable {
    /// Lines in the file.
    public var lines: Int
    /// Documents fitted.
    public var documents: Int
    /// Word (token) occurrences fitted.
    public var words: Int
    /// Bad lines skipped (only with `skipBad`).
    public var skippedLines: Int
    /// First line with invalid UTF-8 (replaced by U+FFFD), if any.
    public var firstInvalidUTF8Line: Int?

    public init(lines: Int, documents: Int, words: Int, skippedLines: Int, firstInvalidUTF8Line: Int?) {
        self.lines = lines
        self.documents = documents
        self.words = words
        self.skippedLines = skippedLines
        self.firstInvalidUTF8Line = firstInvalidUTF8Line
    }
}

/// Fits a tokenizer on a corpus file, and turns a file into index sequences, streaming
/// (memory grows with the vocabulary, not with the file) and on up to `threads` threads.
public enum TokenizerFileFit {
    /// Fits `tokenizer` on every document of the file, with the same result as fitting the
    /// documents one by one in order. On any error (including `Interrupted`) the tokenizer
    /// is left unchanged.
    @discardableResult
    public static func fit(_ tokenizer: inout Tokenizer, corpus reader: CorpusReader, threads: Int = 1,
                           interruption: Interruption = .never) throws -> FitReport {
        var fitter = tokenizer.makeFitter()
        let (parts, report) = try reader.forEachBlock(threads: threads, interruption: interruption,
                                                      makePart: { fitter.makePart() },
                                                      work: { part, block, document in part.add(utf8: document.text, block: block) })
        fitter.merge(parts)
        tokenizer = try fitter.finish()
        return FitReport(lines: report.lines, documents: fitter.documents, words: fitter.words,
                         skippedLines: report.skippedLines, firstInvalidUTF8Line: report.firstInvalidUTF8Line)
    }

    /// Calls `body` with the index sequence (`texts_to_sequences`) of each document of the
    /// file, in file order.
    @discardableResult
    public static func forEachSequence(_ tokenizer: Tokenizer, corpus reader: CorpusReader, threads: Int = 1,
                                       interruption: Interruption = .never,
                                       _ body: ([Int]) throws -> Void) throws -> CorpusReport {
        return try reader.forEachBlock(threads: threads, interruption: interruption,
                                       makePart: { SequencePart() },
                                       work: { part, _, document in part.add(tokenizer, document.text) },
                                       afterBlock: { part in
                                           try part.sequences.forEach(body)
                                           part.sequences.removeAll(keepingCapacity: true)
                                       }).report
    }
}

/// The sequences of one block of a file.
private final class SequencePart {
    var sequences: [[Int]] = []
    /// Reused while tokenizing, so each kept sequence is allocated once at its exact size.
    private var scratch = UnsafeMutablePointer<Int>.allocate(capacity: 1024)
    private var capacity = 1024

    deinit { scratch.deallocate() }

    func add(_ tokenizer: Tokenizer, _ text: UnsafeBufferPointer<UInt8>) {
        let needed = tokenizer.maximumSequenceLength(utf8Count: text.count)
        if needed > capacity {
            scratch.deallocate()
            capacity = max(needed, capacity * 2)
            scratch = .allocate(capacity: capacity)
        }
        let count = tokenizer.writeSequence(utf8: text, into: scratch)
        sequences.append(Array(UnsafeBufferPointer(start: scratch, count: count)))
    }
}
