import EmbeddingFormats
import EmbeddingKit
import Foundation

/// `embsh-bench word2vec train CORPUS [--arch sg|cbow] [--epochs 5] [--threads N] [--dim 100]
/// [--negative 5] [--hs 0|1] [--wordsim FILE] [--questions FILE]`: trains with the other settings at
/// their defaults (window 5, min_count 5, sample 1e-3) and reports speed and quality.
/// `embsh-bench word2vec evaluate VECTORS --wordsim FILE --questions FILE`: the same quality
/// measures for a word2vec text file (a peer's vectors), with the project's own evaluation.
enum Word2VecBench {
    static let usage = "usage: embsh-bench word2vec train CORPUS [--arch sg|cbow] [--epochs N] [--threads N] [--dim N] [--negative N] [--hs 0|1] "
        + "[--wordsim FILE] [--questions FILE] | evaluate VECTORS [--wordsim FILE] [--questions FILE]"

    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard options.positional.count == 2 else { throw BenchError(usage) }
        let path = options.positional[1]
        switch options.positional[0] {
        case "train":
            var config = Word2VecConfig()
            guard let arch = Word2VecArchitecture(rawValue: options.string("arch") ?? "sg") else { throw BenchError(usage) }
            config.architecture = arch
            config.epochs = try options.int("epochs", default: 5)
            config.threads = try options.int("threads", default: activeProcessors())
            config.dim = try options.int("dim", default: 100)
            config.negative = try options.int("negative", default: 5)
            config.hierarchicalSoftmax = try options.int("hs", default: 0) != 0
            config.seed = UInt64(try options.int("seed", default: 1))
            let result = try Word2Vec.train(corpus: CorpusReader(path: path), config: config)
            emit(["measure": .text("train"), "seconds": .number(result.seconds), "training_seconds": .number(result.trainingSeconds),
                  "words": .integer(result.words), "vocab_size": .integer(result.vocabulary.count), "loss": .number(result.loss)])
            try quality(result.table, options)
        case "evaluate":
            try quality(VectorFileReader.read(path: path).table, options)
        default:
            throw BenchError(usage)
        }
    }

    /// WordSim-353 Spearman and questions-words accuracy (restrict 30,000), as `evaluate` computes them.
    static func quality(_ table: EmbeddingTable, _ options: BenchOptions) throws {
        // Word-pair similarity sets: WordSim-353 and, when given, SimLex-999.
        for measure in ["wordsim", "simlex"] {
            guard let file = options.string(measure) else { continue }
            let pairs = try table.evaluatePairs(text: String(contentsOfFile: file, encoding: .utf8))
            emit(["measure": .text(measure), "spearman": .number(pairs.spearman), "pairs": .integer(pairs.pairsUsed),
                  "oov_pairs": .integer(pairs.oovPairs)])
        }
        if let questions = options.string("questions") {
            let analogies = try table.evaluateAnalogies(text: String(contentsOfFile: questions, encoding: .utf8), restrictVocab: 30_000)
            emit(["measure": .text("analogies"), "accuracy": .number(analogies.accuracy), "questions": .integer(analogies.total.total),
                  "oov_questions": .integer(analogies.oovQuestions)])
        }
    }
}
