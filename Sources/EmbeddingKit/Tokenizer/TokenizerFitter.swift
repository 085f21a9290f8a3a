/// Accumulates documents into a copy of a tokenizer's counts; `finish()` gives the fitted
/// tokenizer. Memory grows with the vocabulary, not with the number of documents, and the
/// original tokenizer is untouched until the caller stores the result. Copies of a fitter
/// share the counts being accumulated.
public struct TokenizerFitter {
    private let config: TokenizerConfig
    private let scanner: TokenScanner
    private let table: FitTable
    private var documentCount: Int
    /// Set when a document came past `maxDocuments` (and was not counted).
    private var tooManyDocuments = false
    /// The most documents a tokenizer counts (per-word document counts are 32-bit).
    static let maxDocuments = Int(UInt32.max) - 1
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

    private init(partOf fitter: TokenizerFitter) {
        config = fitter.config
        scanner = fitter.scanner
        table = FitTable(Vocabulary())
        documentCount = 0
    }

    /// Adds one document.
    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(utf8: $0) }
    }

    /// Adds one document given as valid UTF-8 bytes; `block` numbers the part of a corpus
    /// it comes from when parts are counted separately (see `merge`).
    public mutating func add(utf8 text: UnsafeBufferPointer<UInt8>, block: Int = 0) {
        guard documentCount < Self.maxDocuments else {
            tooManyDocuments = true
            return
        }
        documentCount += 1
        documents += 1
        words += table.add(text, document: documentCount, block: block, scanner: scanner)
    }

    /// An empty fitter with the same settings, for counting part of a corpus on its own
    /// (on another thread); `merge` adds the parts back.
    public func makePart() -> TokenizerFitter {
        TokenizerFitter(partOf: self)
    }

    /// Adds parts (from `makePart`) that counted a corpus block by block, each document added
    /// with its block number; blocks are numbered in corpus order and each block was counted
    /// by one part. The result is as if the documents had been added here in corpus order.
    /// Consumes the parts.
    public mutating func merge(_ parts: [TokenizerFitter]) {
        table.merge(parts.map(\.table))
        for part in parts {
            tooManyDocuments = tooManyDocuments || part.tooManyDocuments || documentCount + part.documents > Self.maxDocuments
            documentCount += part.documents
            documents += part.documents
            words += part.words
        }
    }

    /// The tokenizer with everything added, its word index rebuilt; throws `WordTableError`
    /// when the vocabulary outgrew what a tokenizer can hold (nothing is changed then).
    public func finish() throws(WordTableError) -> Tokenizer {
        if tooManyDocuments { throw .tooManyDocuments(limit: Self.maxDocuments) }
        if let refusal = table.refusal { throw refusal }
        return Tokenizer(config: config, vocabulary: table.makeVocabulary(), documentCount: documentCount, scanner: scanner)
    }
}
