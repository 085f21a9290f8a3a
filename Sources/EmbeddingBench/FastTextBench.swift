import EmbeddingFormats
import EmbeddingKit
import Foundation

/// `embsh-bench fasttext train CORPUS [--arch sg|cbow] [--loss ns|hs] [--epochs 5] [--threads N] [--dim 100] [--bucket 2000000]
/// [--seed 1] [--wordsim FILE] [--simlex FILE] [--questions FILE] [--rare FILE] [--rare-simlex FILE] [--save FILE.bin]`: trains fastText subword vectors with
/// fastText's settings (window 5, negative 5 or hierarchical softmax, min_count 5, minn 3, maxn 6, alpha 0.05, sample 1e-4) and reports
/// speed and quality. `embsh-bench fasttext evaluate VECTORS …`: the same quality measures for a peer's model
/// (a fastText `.bin`, composing unseen words) or vectors (word2vec text). `--rare FILE`: word pairs (as WordSim's)
/// whose words are rare or absent, scored with gensim's `dummy4unknown` (a pair with a word that has no vector
/// scores 0), so a table that composes unseen words is compared with one that cannot; `--rare-simlex FILE` the same
/// for SimLex-999's pairs.
enum FastTextBench {
    static let usage = "usage: embsh-bench fasttext train CORPUS [--arch sg|cbow] [--loss ns|hs] [--epochs N] [--threads N] "
        + "[--dim N] [--bucket N] "
        + "[--seed N] [--wordsim FILE] [--simlex FILE] [--questions FILE] [--rare FILE] [--rare-simlex FILE] [--save FILE] "
        + "| evaluate VECTORS [--wordsim FILE] [--simlex FILE] [--questions FILE] [--rare FILE] [--rare-simlex FILE]"

    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard options.positional.count == 2 else { throw BenchError(usage) }
        let path = options.positional[1]
        switch options.positional[0] {
        case "train":
            var config = FastText.defaultConfig()
            guard let arch = Word2VecArchitecture(rawValue: options.string("arch") ?? "sg") else { throw BenchError(usage) }
            config.architecture = arch
            switch options.string("loss") ?? "ns" {
            case "ns": break
            case "hs": (config.hierarchicalSoftmax, config.negative) = (true, 0)
            default: throw BenchError(usage)
            }
            config.epochs = try options.int("epochs", default: 5)
            config.threads = try options.int("threads", default: activeProcessors())
            config.dim = try options.int("dim", default: 100)
            config.seed = UInt64(try options.int("seed", default: 1))
            let settings = SubwordSettings(bucket: try options.int("bucket", default: 2_000_000))
            let result = try FastText.train(corpus: CorpusReader(path: path), config: config, subwords: settings)
            emit(["measure": .text("train"), "seconds": .number(result.seconds), "training_seconds": .number(result.trainingSeconds),
                  "words": .integer(result.words), "vocab_size": .integer(result.vocabulary.count), "loss": .number(result.loss)])
            if let out = options.string("save") { try VectorFileWriter.write(result.table, to: out, format: .fasttextBin) }
            try quality(result.table, options)
        case "evaluate":
            try quality(VectorFileReader.read(path: path).table, options)
        default:
            throw BenchError(usage)
        }
    }

    static func quality(_ table: EmbeddingTable, _ options: BenchOptions) throws {
        try Word2VecBench.quality(table, options)
        for (option, measure) in [("rare", "rare"), ("rare-simlex", "rare_simlex")] {
            guard let file = options.string(option) else { continue }
            try rarePairs(table, text: String(contentsOfFile: file, encoding: .utf8), measure: measure)
        }
    }

    /// Spearman over every pair of `text` (word TAB word TAB score), a pair without a vector for one of
    /// its words scoring 0; with the number of pairs that had both vectors.
    static func rarePairs(_ table: EmbeddingTable, text: String, measure: String) throws {
        var human: [Double] = [], model: [Double] = []
        var covered = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count >= 3, let score = Double(fields[2]) else { continue }
            let vectors = [fields[0], fields[1]].map { word -> [Float]? in
                let lower = word.lowercased()
                if let row = table.index(of: lower) { return try? table.row(row) }
                return table.composedVector(lower)
            }
            human.append(score)
            if let a = vectors[0], let b = vectors[1], let cosine = try? EmbeddingTable.similarity(a, b) {
                model.append(Double(cosine))
                covered += 1
            } else {
                model.append(0)
            }
        }
        emit(["measure": .text(measure), "spearman": .number(Statistics.spearman(human, model)), "pairs": .integer(human.count),
              "covered": .integer(covered)])
    }
}
