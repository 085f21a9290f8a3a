import EmbeddingKit

/// The evaluation target: the input is a word-pair file and an analogy file at once (their
/// malformed lines are counted, not fatal), evaluated on a small table.
enum EvaluationFiles {
    static let table: EmbeddingTable = {
        let words = ["king", "queen", "man", "woman", "paris", "france", "rome", "italy"]
        let values = (0 ..< words.count * 3).map { Float(($0 * 7) % 11) / 10 - 0.5 }
        return try! EmbeddingTable(rows: words.count, dim: 3, values: values, labels: words)
    }()

    static func evaluate(_ input: UnsafeRawBufferPointer) -> FuzzOutcome {
        let text = String(decoding: input, as: UTF8.self)
        let pairs = attempt { _ = try table.evaluatePairs(text: text, restrictVocab: 6, interruption: deadline()) }
        let analogies = attempt { _ = try table.evaluateAnalogies(text: text, restrictVocab: 6, interruption: deadline()) }
        return pairs == .accepted || analogies == .accepted ? .accepted : .refused
    }
}
