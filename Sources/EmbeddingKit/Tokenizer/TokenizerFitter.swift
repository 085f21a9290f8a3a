/// Accumulates documents into a copy of a tokenizer's counts; `finish()` gives the fitted
/// tokenizer. Memory grows with the vocabulary, not with the number of documents, and the
/// original tokenizer is untouched until the caller stores the result. Copies of a fitter
/// share the counts being accumulated.
public struct TokenizerFitter {
    private let config: TokenizerConfig
    private let scanner: TokenScanner
    private let table: FitTable
    private var documentCount: Int
    /// Documents added by this fitter.
    public private(set) var documents = 0
    /// Tokens (word occurrences) added by this fitter.
    public private(set) var words = 0

    init(_ tokenizer: Tokenizer) {
        config = tokenizer.config
        scanner = tokenizer.scanner
        table = FitTable(tokenizer.vocabulary)
        documentCount = tokenizer.documentCount
    }

    /// Adds one document.
    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(utf8: $0) }
    }

    /// Adds one document given as valid UTF-8 bytes.
    public mutating func add(utf8 text: UnsafeBufferPointer<UInt8>) {
        documentCount += 1
        documents += 1
        words += table.add(text, document: documentCount, scanner: scanner)
    }

    /// The tokenizer with everything added, its word index rebuilt.
    public func finish() -> Tokenizer {
        Tokenizer(config: config, vocabulary: table.makeVocabulary(), documentCount: documentCount, scanner: scanner)
    }
}
