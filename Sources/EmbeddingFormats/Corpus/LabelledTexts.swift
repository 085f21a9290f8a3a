import EmbeddingKit

/// Texts with class labels for training and evaluating models, read from
/// `label<TAB>text` lines, CSV with a header row, or fastText `__label__x text` lines.
public struct LabelledTexts: Sendable {
    public var labels: [String] = []
    public var texts: [String] = []

    public enum Format: String, CaseIterable, Sendable {
        case tsv, csv, fasttext
    }

    public init() {}

    /// Reads `path`. For CSV, `labelColumn`/`textColumn` name header columns (or give
    /// 1-based numbers); defaults `label` and `text`. Bad lines are errors naming the line.
    public init(path: String, format: Format = .tsv, labelColumn: String? = nil, textColumn: String? = nil) throws {
        switch format {
        case .tsv:
            try CorpusReader(path: path).forEachDocument { document in
                guard let tab = document.text.firstIndex(of: 9) else {
                    throw CorpusError.missingColumn(path: path, line: document.line, column: 2, columns: 1)
                }
                labels.append(String(decoding: UnsafeBufferPointer(rebasing: document.text[..<tab]), as: UTF8.self))
                texts.append(String(decoding: UnsafeBufferPointer(rebasing: document.text[(tab + 1)...]), as: UTF8.self))
            }
        case .fasttext:
            try CorpusReader(path: path, format: .fasttext).forEachDocument { document in
                labels.append(document.labels[0])
                texts.append(document.string)
            }
        case .csv:
            var columns: (label: Int, text: Int)?
            try CorpusReader(path: path).forEachDocument { document in
                let fields = CSV.fields(document.string)
                guard let columns else {
                    columns = (try CSV.column(labelColumn ?? "label", in: fields, path: path),
                               try CSV.column(textColumn ?? "text", in: fields, path: path))
                    return
                }
                guard max(columns.label, columns.text) < fields.count else {
                    throw CorpusError.missingColumn(path: path, line: document.line, column: max(columns.label, columns.text) + 1,
                                                    columns: fields.count)
                }
                labels.append(fields[columns.label])
                texts.append(fields[columns.text])
            }
        }
        guard !texts.isEmpty else { throw CorpusError.emptyFile(path: path) }
    }

    public var count: Int { texts.count }
}

/// Splitting one CSV line (RFC 4180 quoting, without quoted newlines).
enum CSV {
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else {
                            quoted = false
                            if next == "," { fields.append(field); field = "" } else { field.append(next) }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }

    /// The 0-based index of column `name` (a header name, or a 1-based number).
    static func column(_ name: String, in header: [String], path: String) throws -> Int {
        if let index = header.firstIndex(of: name) { return index }
        if let number = Int(name), number >= 1, number <= header.count { return number - 1 }
        throw CorpusError.unknownColumn(path: path, name: name, header: header)
    }
}
