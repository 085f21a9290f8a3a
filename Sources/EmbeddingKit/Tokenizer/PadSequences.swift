/// Where `padSequences` puts the padding.
public enum Padding: String, CaseIterable, Sendable {
    case pre, post

    /// Parses "pre" or "post"; throws `TokenizerError.unknownSide` naming anything else.
    public init(parsing name: String) throws {
        guard let side = Padding(rawValue: name) else { throw TokenizerError.unknownSide(name) }
        self = side
    }
}

/// Which end `padSequences` cuts from sequences longer than `maxlen`.
public enum Truncating: String, CaseIterable, Sendable {
    case pre, post

    /// Parses "pre" or "post"; throws `TokenizerError.unknownSide` naming anything else.
    public init(parsing name: String) throws {
        guard let side = Truncating(rawValue: name) else { throw TokenizerError.unknownSide(name) }
        self = side
    }
}

/// Keras `pad_sequences` (dtype int32): every sequence becomes exactly `maxlen` long
/// (`nil`: the longest), cut at the `truncating` end and filled with `value` at the
/// `padding` end. Empty input gives `[]`; `maxlen` 0 gives empty rows (Keras fails on those).
/// Throws `TokenizerError` for a negative `maxlen` or a value outside int32, `MemoryError` when
/// the padded rows would not fit in memory.
public func padSequences(_ sequences: [[Int]], maxlen: Int? = nil, padding: Padding = .pre,
                         truncating: Truncating = .pre, value: Int = 0) throws -> [[Int]] {
    if let maxlen, maxlen < 0 { throw TokenizerError.invalidMaxlen(maxlen) }
    if Int32(exactly: value) == nil { throw TokenizerError.valueOutOfInt32Range(value) }
    for sequence in sequences {
        for v in sequence where Int32(exactly: v) == nil { throw TokenizerError.valueOutOfInt32Range(v) }
    }
    let width = maxlen ?? sequences.map(\.count).max() ?? 0
    try MemoryBudget.reserve([sequences.count, width], elementSize: MemoryLayout<Int>.size,
                             for: "\(sequences.count) padded sequence\(sequences.count == 1 ? "" : "s") of \(width)",
                             lower: "lower maxlen")
    return sequences.map { sequence in
        let kept = sequence.count <= width ? sequence[...]
            : truncating == .pre ? sequence.suffix(width) : sequence.prefix(width)
        let fill = repeatElement(value, count: width - kept.count)
        return padding == .pre ? Array(fill) + kept : Array(kept) + fill
    }
}

/// Bounds on sequence lengths that options and session files are checked against.
public enum SequenceLimits {
    /// The longest sequence (`maxlen`, `input_length`) embsh accepts: far beyond any text
    /// model, small enough that one padded row stays a few megabytes.
    public static let maxLength = 1_000_000
}
