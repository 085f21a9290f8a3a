/// Counts the tokens of documents for `TextVectorizer.adapt` (Keras `adapt()`); `finish()`
/// gives the adapted vectorizer. Memory grows with the distinct tokens, not with the number
/// of documents. Copies of an adapter share the counts being accumulated.
public struct TextVectorizerAdapter {
    private let vectorizer: TextVectorizer
    private let counts = TokenCounts()
    /// Documents added by this adapter.
    public private(set) var documents = 0
    /// Tokens (n-grams included) added by this adapter.
    public private(set) var tokens = 0

    init(_ vectorizer: TextVectorizer) {
        self.vectorizer = vectorizer
    }

    /// Adds one document.
    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(utf8: $0) }
    }

    /// Adds one document given as valid UTF-8 bytes.
    public mutating func add(utf8 text: UnsafeBufferPointer<UInt8>) {
        documents += 1
        tokens += counts.add(text, document: documents, pipeline: vectorizer.pipeline)
    }

    /// An empty adapter with the same settings, to count part of a corpus on another thread;
    /// `merge` adds the parts back (the vocabulary does not depend on document order).
    public func makePart() -> TextVectorizerAdapter {
        TextVectorizerAdapter(vectorizer)
    }

    /// Adds the counts of parts made by `makePart`.
    public mutating func merge(_ parts: [TextVectorizerAdapter]) {
        for part in parts {
            counts.merge(part.counts)
            documents += part.documents
            tokens += part.tokens
        }
    }

    /// The vectorizer adapted on every document added, as Keras's `finalize_state`: tokens
    /// ordered by count, then by their bytes, both descending; '' and '[UNK]' left out; cut
    /// to `max_tokens`. Without a single token the vocabulary stays as it was (Keras keeps
    /// it). Throws `TextVectorizerError.tooManyTokens` when the distinct tokens outgrew a table.
    public func finish() throws(TextVectorizerError) -> TextVectorizer {
        if counts.overflowed { throw .tooManyTokens(limit: TokenTable.maxCount) }
        guard counts.table.count > 0 else { return vectorizer }
        let table = counts.table
        var special = Set<Int>()
        for token in ["", TextVectorizer.oovToken] {
            var token = token
            let id = token.withUTF8 { table.find($0) }
            if id >= 0 { special.insert(id) }
        }
        var ids = (0 ..< table.count).filter { !special.contains($0) }
        let tokenCounts = counts.counts
        ids.sort { a, b in
            tokenCounts[a] != tokenCounts[b] ? tokenCounts[a] > tokenCounts[b] : table.bytesPrecede(b, a)
        }
        if let maxTokens = vectorizer.config.maxTokens {
            ids = Array(ids.prefix(max(0, maxTokens - vectorizer.config.tokenStart)))
        }
        var kept = TokenTable()
        for id in ids { table.withToken(id) { _ = kept.append($0, hash: table.hash(id)) } }
        return TextVectorizer(config: vectorizer.config, table: kept, counts: ids.map { tokenCounts[$0] },
                              documentCounts: ids.map { counts.docs[$0] }, documentCount: documents, isAdapted: true)
    }
}

/// The counting state of an adaptation in progress: every distinct token with its count and
/// the number of documents holding it.
final class TokenCounts {
    private(set) var table = TokenTable()
    private(set) var counts: [Int] = []
    private(set) var docs: [Int] = []
    /// The last document (numbered by the adapter) that counted each token in `docs`.
    private var lastDocument: [Int] = []
    /// Set when a new token found the table full (it was not counted).
    private(set) var overflowed = false
    private let scratch = TokenScratch()

    /// Counts the tokens of one document; returns how many there were. The state is moved
    /// into locals for the loop (no copy, and no run-time exclusivity checks per token).
    func add(_ text: UnsafeBufferPointer<UInt8>, document: Int, pipeline: VectorizerPipeline) -> Int {
        var (table, counts, docs, lastDocument) = (self.table, self.counts, self.docs, self.lastDocument)
        (self.table, self.counts, self.docs, self.lastDocument) = (TokenTable(), [], [], [])
        defer { (self.table, self.counts, self.docs, self.lastDocument) = (table, counts, docs, lastDocument) }
        var tokens = 0
        var overflowed = false
        pipeline.forEachToken(in: text, scratch: scratch) { token in
            tokens += 1
            let (hash, head) = WordHash.hashPadded(token.baseAddress!, count: token.count)
            var id = table.find(token, hash: hash, head: head)
            if id < 0 {
                guard table.count < TokenTable.maxCount else { overflowed = true; return }
                id = table.append(token, hash: hash)
                counts.append(0)
                docs.append(0)
                lastDocument.append(0)
            }
            counts[id] += 1
            if lastDocument[id] != document {
                lastDocument[id] = document
                docs[id] += 1
            }
        }
        self.overflowed = self.overflowed || overflowed
        return tokens
    }

    /// Adds another part's counts.
    func merge(_ other: TokenCounts) {
        overflowed = overflowed || other.overflowed
        for otherID in 0 ..< other.table.count {
            other.table.withToken(otherID) { token in
                let hash = other.table.hash(otherID)
                var id = table.find(token, hash: hash, head: wordHead(token))
                if id < 0 {
                    guard table.count < TokenTable.maxCount else { overflowed = true; return }
                    id = table.append(token, hash: hash)
                    counts.append(0)
                    docs.append(0)
                    lastDocument.append(0)
                }
                counts[id] += other.counts[otherID]
                docs[id] += other.docs[otherID]
            }
        }
    }
}
