import EmbeddingKit

extension TokenizerFileFit {
    /// Adapts `vectorizer` on every document of the file, as Keras's `adapt()` on its lines:
    /// a new vocabulary, the same whatever the number of threads. `words` in the report counts
    /// tokens (n-grams included). On any error (including `Interrupted`) the vectorizer is
    /// left unchanged.
    @discardableResult
    public static func adapt(_ vectorizer: inout TextVectorizer, corpus reader: CorpusReader, threads: Int = 1,
                             interruption: Interruption = .never) throws -> FitReport {
        var adapter = vectorizer.makeAdapter()
        let (parts, report) = try reader.forEachBlock(threads: threads, interruption: interruption,
                                                      makePart: { adapter.makePart() },
                                                      work: { part, _, document in part.add(utf8: document.text) })
        adapter.merge(parts)
        vectorizer = try adapter.finish()
        return FitReport(lines: report.lines, documents: adapter.documents, words: adapter.tokens,
                         skippedLines: report.skippedLines, firstInvalidUTF8Line: report.firstInvalidUTF8Line)
    }
}
