/// How a corpus file holds its documents.
public enum CorpusFormat: String, CaseIterable, Sendable {
    /// One document per line.
    case lines
    /// Tab-separated values; the document is one column (1-based, as `cut -f`).
    case tsv
    /// fastText: `__label__a __label__b text…`; the document is the text after the labels.
    case fasttext
}
