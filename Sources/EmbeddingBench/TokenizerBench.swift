import EmbeddingFormats
import EmbeddingKit

/// `embsh-bench tokenizer CORPUS [--repeats N] [--threads N]`: the floor (reading the file and splitting
/// its lines on spaces), then `fit_on_texts` and `texts_to_sequences` over the whole file
/// with a default tokenizer, as the `fit` command and model training run them.
enum TokenizerBench {
    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard let path = options.positional.first else { throw BenchError("usage: embsh-bench tokenizer CORPUS [--repeats N] [--threads N]") }
        let repeats = try options.int("repeats", default: 3)
        let threads = try options.int("threads", default: activeProcessors())

        let split = try medianTime(repeats: repeats) { try readAndSplit(path) }
        emit(["measure": .text("read+split"), "seconds": .number(split.seconds), "words": .integer(split.result)])

        let fit = try medianTime(repeats: repeats) { () -> (tokenizer: Tokenizer, report: FitReport) in
            var tokenizer = try Tokenizer()
            let report = try TokenizerFileFit.fit(&tokenizer, corpus: CorpusReader(path: path), threads: threads)
            return (tokenizer, report)
        }
        emit(["measure": .text("fit"), "seconds": .number(fit.seconds), "words": .integer(fit.result.report.words),
              "vocabulary": .integer(fit.result.tokenizer.vocabularySize)])

        let sequences = try medianTime(repeats: repeats) { () -> [[Int]] in
            var all: [[Int]] = []
            try TokenizerFileFit.forEachSequence(fit.result.tokenizer, corpus: CorpusReader(path: path), threads: threads) { all.append($0) }
            return all
        }
        emit(["measure": .text("texts_to_sequences"), "seconds": .number(sequences.seconds),
              "words": .integer(sequences.result.reduce(0) { $0 + $1.count })])
    }

    /// Reads the file line by line and splits each line on spaces; returns the number of pieces.
    static func readAndSplit(_ path: String) throws -> Int {
        var words = 0
        try LineReader(path: path).forEachLine { line, _ in
            var inWord = false
            for byte in line {
                if byte == UInt8(ascii: " ") {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                }
            }
        }
        return words
    }
}
