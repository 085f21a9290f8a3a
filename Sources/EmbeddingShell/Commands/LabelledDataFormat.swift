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

/// How `train` and `evaluate` read labelled texts: the format and, for CSV, the columns.
enum LabelledDataOptions {
    static let format = Option.choice("format", LabelledTexts.Format.self,
                                      help: "data format (default: csv for a .csv file, fasttext when it starts with __label__, else tsv)")
    static let labelColumn = Option.text("label_column", help: "CSV: the label column (header name or number; default label)")
    static let textColumn = Option.text("text_column", help: "CSV: the text column (default text)")
    static let all: [any OptionDeclaration] = [format, labelColumn, textColumn]

    /// The labelled texts of `path` as these options say to read them.
    static func read(_ path: String, _ arguments: Arguments) throws -> LabelledTexts {
        do {
            return try LabelledTexts(path: path, format: arguments[format] ?? .inferred(path: path),
                                     labelColumn: arguments[labelColumn], textColumn: arguments[textColumn])
        } catch let error as CorpusError {
            throw ShellError.message(error.description, offset: nil)
        }
    }
}
