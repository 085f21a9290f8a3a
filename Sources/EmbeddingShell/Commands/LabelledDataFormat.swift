#if canImport(Glibc)
import Glibc
#endif
import EmbeddingFormats

extension LabelledTexts.Format {
    /// The format of labelled data at `path` when `format=` is not given: CSV for a `.csv`
    /// file, fastText when the file starts with `__label__`, else `label<TAB>text`. A file
    /// that cannot be read is left to the reader to report.
    static func inferred(path: String) -> Self {
        if path.lowercased().hasSuffix(".csv") { return .csv }
        let marker = Array("__label__".utf8)
        guard let descriptor = try? InputFile.open(path) else { return .tsv }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: marker.count)
        return read(descriptor, &head, head.count) == head.count && head == marker ? .fasttext : .tsv
    }
}
