import EmbeddingKit

/// What a command produced, as data: the human view as blocks, and the machine view as
/// one JSON object with the field names of the interface contract. Renderers decide the
/// bytes; commands never print.
public struct Report: Sendable {
    /// Blocks shown by the table renderer, in order.
    public var blocks: [Block]
    /// The single JSON object printed in JSON mode.
    public var json: JSON

    /// Memory a report takes per cell of a large matrix it shows: the cell, its JSON value and text.
    static let bytesPerCell = 48

    /// Throws `MemoryError` when a report of a rows × columns matrix (`what`) would not fit.
    static func reserveCells(_ rows: Int, _ columns: Int, of what: String, lower hint: String) throws {
        try MemoryBudget.reserve([rows, columns], elementSize: bytesPerCell, for: "the report of \(what)", lower: hint)
    }

    public init(_ blocks: [Block] = [], json: JSON) {
        self.blocks = blocks
        self.json = json
    }

    /// A report that is just a short message, e.g. "dropped t".
    public static func note(_ text: String, json: JSON) -> Report {
        Report([.note(text)], json: json)
    }
}

/// One piece of a report's human view.
public enum Block: Sendable {
    /// Plain text (lines), always shown.
    case text(String)
    /// A confirmation ("created table t: …"): on stderr, hidden by `--quiet`, left out in JSON
    /// (whose object carries the same facts).
    case note(String)
    /// Something the user should know although the command worked: on stderr as
    /// `embsh: warning: …`, `{"warning": …}` in JSON, never hidden.
    case warning(String)
    /// A line on stderr that `--quiet` does not hide and JSON carries as a field instead: the
    /// time `time` measured.
    case status(String)
    /// Rows under a header, aligned by the table renderer and written as CSV by the CSV one.
    case table(TextTable)
    /// `key: value` pairs, aligned.
    case fields([(String, String)])
}

/// A table of cells with a header row.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[Cell]]

    public init(headers: [String], rows: [[Cell]]) {
        self.headers = headers
        self.rows = rows
    }
}

/// One cell: text is left-aligned, numbers right-aligned and formatted with the session's precision.
public enum Cell: Sendable, ExpressibleByStringLiteral {
    case text(String)
    case int(Int)
    case number(Double)

    public init(stringLiteral value: String) { self = .text(value) }
}
