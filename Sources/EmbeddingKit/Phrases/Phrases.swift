import Foundation

/// How applying a phrase model to a corpus went.
public struct PhrasingReport: Equatable, Sendable {
    public var lines = 0
    /// Words read, and tokens written (a phrase is one token).
    public var wordsIn = 0
    public var tokensOut = 0
    /// Phrases joined over all stages.
    public var phrasesJoined = 0

    public init() {}
}

/// Learns collocations from a corpus and joins them into single tokens (`new york` →
/// `new_york`), with the semantics of gensim's `Phrases` (and word2vec.c's word2phrase for the
/// default scoring).
public enum Phrases {
    /// Counts the corpus once per pass (each pass reading the previous passes' output) and keeps,
    /// per pass, every bigram (connector words inside included) scoring above the threshold.
    /// Counting is gensim's `_learn_vocab`: a word counts as itself, and with the previous word
    /// (and the connector words between them) as a bigram; when more than `maxVocabSize`
    /// entries are held after a sentence, the rarest are pruned. The phrases kept are those
    /// `Phrases[…]` would join in the corpus itself, scored with the counts of their two words.
    /// Throws `PhrasesError`, `Interrupted` or the corpus's read errors.
    public static func learn(corpus: some Word2VecCorpus, config: PhrasesConfig, interruption: Interruption = .never,
                             progress: (_ pass: Int) -> Void = { _ in }) throws -> PhraseModel {
        try config.validate()
        var stages: [PhraseStage] = []
        for pass in 1 ... config.passes {
            progress(pass)
            let counter = PhraseCounter(config: config, previous: PhraseApplier(stages: stages, config: config))
            try corpus.forEachLine(parts: [counter], split: .consecutiveBlocks, interruption: interruption,
                                   work: { counter, line in counter.add(line: line) },
                                   afterBlock: { counter in if let refusal = counter.refusal { throw refusal } })
            if let refusal = counter.refusal { throw refusal }
            stages.append(try counter.stage())
        }
        return try PhraseModel(config: config, stages: stages)
    }

    /// Writes each line of `corpus` with the model's phrases joined (words separated by single
    /// spaces, one output line per input line) through `write`, in order, working on `threads`
    /// threads. Throws `Interrupted`, the corpus's read errors or what `write` throws.
    public static func apply(_ model: PhraseModel, corpus: some Word2VecCorpus, threads: Int = 1,
                             interruption: Interruption = .never,
                             write: (UnsafeRawBufferPointer) throws -> Void) throws -> PhrasingReport {
        let parts = (0 ..< max(1, threads)).map { _ in PhrasingPart(model) }
        var report = PhrasingReport()
        try corpus.forEachLine(parts: parts, split: .consecutiveBlocks, interruption: interruption, work: { part, line in part.add(line: line) },
                               afterBlock: { part in
            try write(UnsafeRawBufferPointer(part.output.bytes))
            report.lines += part.report.lines
            report.wordsIn += part.report.wordsIn
            report.tokensOut += part.report.tokensOut
            report.phrasesJoined += part.applier.joined
            part.output.removeAll()
            part.report = PhrasingReport()
            part.applier.joined = 0
        })
        return report
    }

    /// The connector words as a table, for membership tests on bytes.
    static func connectorTable(_ connectors: PhraseConnectors) -> WordTable {
        let table = WordTable(capacity: 16)
        for var word in connectors.words { word.withUTF8 { table.add($0) } }
        return table
    }
}

/// One thread's share of `Phrases.apply`: its applier and the output of its current block.
private final class PhrasingPart: @unchecked Sendable {
    let applier: PhraseApplier
    let output = ByteBuffer()
    var report = PhrasingReport()

    init(_ model: PhraseModel) { applier = PhraseApplier(stages: model.stages, config: model.config) }

    func add(line: UnsafeBufferPointer<UInt8>) {
        report.lines &+= 1
        forEachWord(in: line) { _ in report.wordsIn &+= 1 }
        let phrased = applier.apply(line)
        forEachWord(in: phrased) { _ in report.tokensOut &+= 1 }
        output.append(phrased)
        output.append(10)
    }
}
