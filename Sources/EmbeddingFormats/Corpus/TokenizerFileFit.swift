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

/// Fits a tokenizer on a corpus file, and turns a file into index sequences, streaming:
/// memory grows with the vocabulary, not with the file.
public enum TokenizerFileFit {
    /// Fits `tokenizer` on every document of the file. On any error (including
    /// `Interrupted`) the tokenizer is left unchanged.
    @discardableResult
    public static func fit(_ tokenizer: inout Tokenizer, path: String, format: CorpusFormat = .lines,
                           column: Int = 1, skipBad: Bool = false,
                           interruption: Interruption = .never) throws -> FitReport {
        let reader = try CorpusReader(path: path, format: format, column: column, skipBad: skipBad)
        var fitter = tokenizer.makeFitter()
        let report = try reader.forEachDocument(interruption: interruption) { fitter.add(utf8: $0.text) }
        tokenizer = fitter.finish()
        return FitReport(lines: report.lines, documents: fitter.documents, words: fitter.words,
                         skippedLines: report.skippedLines, firstInvalidUTF8Line: report.firstInvalidUTF8Line)
    }

    /// Calls `body` with the index sequence (`texts_to_sequences`) of each document of the
    /// file, and the document itself. Both are valid only during the call (one buffer is
    /// reused for every document): `Array(sequence)` keeps a sequence.
    @discardableResult
    public static func forEachSequence(_ tokenizer: Tokenizer, path: String, format: CorpusFormat = .lines,
                                       column: Int = 1, skipBad: Bool = false,
                                       interruption: Interruption = .never,
                                       _ body: (UnsafeBufferPointer<Int>, CorpusDocument) throws -> Void) throws -> CorpusReport {
        let reader = try CorpusReader(path: path, format: format, column: column, skipBad: skipBad)
        var sequence: [Int] = []
        return try reader.forEachDocument(interruption: interruption) { document in
            sequence.removeAll(keepingCapacity: true)
            tokenizer.appendSequence(utf8: document.text, to: &sequence)
            try sequence.withUnsafeBufferPointer { try body($0, document) }
        }
    }
}
