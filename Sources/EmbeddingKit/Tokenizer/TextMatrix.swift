#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `texts_to_matrix` fills a row.
public enum MatrixMode: String, CaseIterable, Sendable {
    /// 1 where the word occurs.
    case binary
    /// Occurrences of the word.
    case count
    /// Occurrences divided by the sequence length.
    case freq
    /// `(1 + log(count)) * log(1 + documentCount / (1 + documentFrequency))`.
    case tfidf

    /// Parses a mode name; throws `TokenizerError.unknownMatrixMode` naming it.
    public init(parsing name: String) throws {
        guard let mode = MatrixMode(rawValue: name) else { throw TokenizerError.unknownMatrixMode(name) }
        self = mode
    }
}

/// A dense row-major matrix of Float64, as Keras's numpy result.
public struct TextMatrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// `rows * columns` values, row after row.
    public private(set) var values: [Double]

    /// A zero matrix; throws `MemoryError` when it would not fit in memory.
    init(rows: Int, columns: Int) throws {
        let cells = try MemoryBudget.reserve([rows, columns], elementSize: MemoryLayout<Double>.size,
                                             for: "a \(rows) × \(columns) matrix", lower: "give fewer texts or set num_words")
        self.rows = rows
        self.columns = columns
        values = Array(repeating: 0, count: cells)
    }

    /// The value at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row.
    public func row(_ row: Int) -> ArraySlice<Double> {
        values[row * columns ..< (row + 1) * columns]
    }
}

/// Memory of a one-hot style matrix compared with the same texts as int32 index sequences.
public struct MatrixFootprint: Equatable, Sendable {
    /// `rows * columns * 8` (Float64, as Keras).
    public let matrixBytes: Int
    /// 4 bytes per token of the unpadded sequences.
    public let sequenceBytes: Int
    /// 4 bytes per cell of the sequences padded to the longest.
    public let paddedSequenceBytes: Int

    /// The footprint of `sequences` as a matrix `columns` wide.
    public init(sequences: [[Int]], columns: Int) {
        matrixBytes = sequences.count * columns * 8
        sequenceBytes = sequences.reduce(0) { $0 + $1.count } * 4
        paddedSequenceBytes = sequences.count * (sequences.map(\.count).max() ?? 0) * 4
    }
}

extension Tokenizer {
    /// The matrix width: `num_words` if set, else `len(word_index) + 1`.
    public func matrixWidth() throws -> Int {
        if let n = config.numWords { return n }
        guard index.count > 0 else { throw TokenizerError.matrixNeedsWidth }
        return index.count + 1
    }

    /// `texts_to_matrix`.
    public func textsToMatrix(_ texts: [String], mode: MatrixMode) throws -> TextMatrix {
        try sequencesToMatrix(textsToSequences(texts), mode: mode)
    }

    /// `sequences_to_matrix`: indices at or beyond the width are ignored (but still count in
    /// the length used by freq); negative indices are ignored too. Throws `MemoryError` when the
    /// matrix would not fit in memory.
    public func sequencesToMatrix(_ sequences: [[Int]], mode: MatrixMode) throws -> TextMatrix {
        let width = try matrixWidth()
        if mode == .tfidf && documentCount == 0 { throw TokenizerError.tfidfNeedsFit }
        var matrix = try TextMatrix(rows: sequences.count, columns: width)
        var counts = [Int](repeating: 0, count: width)
        for (row, sequence) in sequences.enumerated() {
            for j in sequence where j >= 0 && j < width { counts[j] += 1 }
            for j in sequence where j >= 0 && j < width && counts[j] > 0 {
                let c = Double(counts[j])
                counts[j] = 0
                switch mode {
                case .binary: matrix[row, j] = 1
                case .count: matrix[row, j] = c
                case .freq: matrix[row, j] = c / Double(sequence.count)
                case .tfidf:
                    let idf = log(1 + Double(documentCount) / Double(1 + documentFrequency(at: j)))
                    matrix[row, j] = (1 + log(c)) * idf
                }
            }
        }
        return matrix
    }
}
