/// Padded sequences as one row-major block of word indices, checked against a model.
struct SequenceMatrix: Sendable {
    let ids: [Int32]
    let count: Int
    let length: Int

    /// Throws `ModelError` for no sequences, sequences of different or zero length, a length
    /// other than the model's `input_length` (or, when it is open, too short for a conv1d or
    /// pooling window), or an index outside the embedding.
    init(_ sequences: [[Int]], config: ModelConfig) throws(ModelError) {
        guard let first = sequences.first else { throw .badData("no samples") }
        let length = first.count
        guard length > 0 else { throw .badData("sequences are empty (maxlen 0?)") }
        if let inputLength = config.inputLength, inputLength != length {
            throw .lengthMismatch(length: length, inputLength: inputLength)
        }
        if config.inputLength == nil {
            // An open input_length: the layers' windows must still fit sequences this long.
            _ = try ModelConfig(layers: config.layers, inputLength: length)
        }
        let inputDim = config.inputDim
        var ids: [Int32] = []
        ids.reserveCapacity(sequences.count * length)
        for (s, sequence) in sequences.enumerated() {
            guard sequence.count == length else {
                throw .badData("sequence \(s) has length \(sequence.count) but sequence 0 has \(length); pad them to one length")
            }
            for index in sequence {
                guard index >= 0 && index < inputDim else {
                    throw .indexOutOfRange(index: index, sample: s, inputDim: inputDim)
                }
                ids.append(Int32(index))
            }
        }
        self.ids = ids
        self.count = sequences.count
        self.length = length
    }

    private init(ids: [Int32], count: Int, length: Int) {
        self.ids = ids
        self.count = count
        self.length = length
    }

    /// The sequences in `range`.
    func rows(_ range: Range<Int>) -> SequenceMatrix {
        SequenceMatrix(ids: Array(ids[range.lowerBound * length ..< range.upperBound * length]), count: range.count, length: length)
    }

    /// Labels checked against the output layer: 0 or 1 for a sigmoid, 0..<N for a softmax.
    static func labels(_ labels: [Int], count: Int, config: ModelConfig) throws(ModelError) -> [Int32] {
        guard labels.count == count else { throw .badData("\(count) sequences but \(labels.count) labels") }
        let classes = config.classCount
        for (s, label) in labels.enumerated() where label < 0 || label >= classes {
            throw .badLabel(label: label, sample: s, expected: config.loss == .binaryCrossentropy
                ? "a dense(1,sigmoid) output needs labels 0 and 1"
                : "the dense(\(classes),softmax) output needs labels 0 to \(classes - 1)")
        }
        return labels.map { Int32($0) }
    }
}
