/// Accumulates documents into a copy of a tokenizer's counts; `finish()` gives the fitted
/// tokenizer. Memory grows with the vocabulary, not with the number of documents, and the
/// original tokenizer is untouched until the caller stores the result.
public struct TokenizerFitter: Sendable {
    private let config: TokenizerConfig
    private let scanner: TokenScanner
    private var vocabulary: Vocabulary
    private var documentCount: Int
    /// Documents added by this fitter.
    public private(set) var documents = 0
    /// Tokens (word occurrences) added by this fitter.
    public private(set) var words = 0

    init(_ tokenizer: Tokenizer) {
        config = tokenizer.config
        scanner = tokenizer.scanner
        vocabulary = tokenizer.vocabulary
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
        let document = documentCount
        var added = 0
        scanner.forEachToken(in: text) { token, hash in
            vocabulary.count(token, hash: hash, document: document)
            added += 1
        }
        words += added
    }

    /// The tokenizer with everything added, its word index rebuilt.
    public func finish() -> Tokenizer {
        Tokenizer(config: config, vocabulary: vocabulary, documentCount: documentCount, scanner: scanner)
    }
}
