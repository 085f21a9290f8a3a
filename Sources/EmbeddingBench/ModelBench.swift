import Foundation
import EmbeddingKit

/// `embsh-bench model TRAIN_TSV TEST_TSV [--model NAME] [--epochs N] [--threads N]`: the
/// reference runs of issues 7 and 15. Tokenizer(num_words 10000, oov `<OOV>`), maxlen 40
/// (post padding and truncation for a and b, pre padding as Keras's examples for lstm and cnn),
/// batch 32, Adam, seed 1. Prints the median epoch time with the last epoch's loss and
/// accuracy, then the test loss and accuracy.
enum ModelBench {
    static let models: [String: (specs: [String], padding: Padding)] = [
        "a": (["embedding(10000,16)", "gap", "dense(16,relu)", "dense(1,sigmoid)"], .post),
        "b": (["embedding(10000,8)", "flatten", "dense(1,sigmoid)"], .post),
        "lstm": (["embedding(10000,32)", "lstm(32)", "dense(1,sigmoid)"], .pre),
        "cnn": (["embedding(10000,32)", "conv1d(64,5,relu)", "gmp", "dense(1,sigmoid)"], .pre),
    ]

    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard options.positional.count == 2 else {
            throw BenchError("usage: embsh-bench model TRAIN_TSV TEST_TSV [--model a|b|lstm|cnn] [--epochs N] [--threads N]")
        }
        let name = options.string("model") ?? "a"
        guard let (specs, padding) = models[name] else { throw BenchError("--model must be a, b, lstm or cnn") }
        let epochs = try options.int("epochs", default: 10)
        let threads = try options.int("threads", default: activeProcessors())
        let train = try read(options.positional[0]), test = try read(options.positional[1])
        let classes = Array(Set(train.labels)).sorted()
        guard classes.count == 2 else { throw BenchError("expected two labels, got \(classes)") }

        var tokenizer = try Tokenizer(config: TokenizerConfig(numWords: 10000, oovToken: "<OOV>"))
        try tokenizer.fit(texts: train.texts)
        func prepare(_ data: (texts: [String], labels: [String])) throws -> (sequences: [[Int]], labels: [Int]) {
            (try padSequences(tokenizer.textsToSequences(data.texts), maxlen: 40, padding: padding, truncating: .post),
             data.labels.map { classes.firstIndex(of: $0)! })
        }
        let (trainSequences, trainLabels) = try prepare(train), (testSequences, testLabels) = try prepare(test)

        var model = SequentialModel(config: try ModelConfig(parsing: specs, inputLength: 40), seed: 1)
        let report = try model.fit(sequences: trainSequences, labels: trainLabels,
                                   options: TrainingOptions(epochs: epochs, batchSize: 32, seed: 1, threads: threads))
        let seconds = report.epochs.map(\.seconds).sorted()
        emit(["measure": .text("train"), "model": .text(name), "epochs": .integer(seconds.count),
              "epoch_seconds": .number(seconds[seconds.count / 2]), "loss": .number(report.epochs.last!.loss),
              "accuracy": .number(report.epochs.last!.accuracy)])
        let start = now()
        let result = try model.evaluate(sequences: testSequences, labels: testLabels, threads: threads)
        emit(["measure": .text("test"), "model": .text(name), "seconds": .number(now() - start),
              "loss": .number(result.loss), "accuracy": .number(result.accuracy)])
    }

    /// `label<TAB>text` lines.
    static func read(_ path: String) throws -> (texts: [String], labels: [String]) {
        var texts: [String] = [], labels: [String] = []
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            labels.append(String(line[..<tab]))
            texts.append(String(line[line.index(after: tab)...]))
        }
        return (texts, labels)
    }
}
