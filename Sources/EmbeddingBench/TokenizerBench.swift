import EmbeddingFormats
import EmbeddingKit

/// `embsh-bench tokenizer CORPUS [--repeats N] [--threads N]`: the floor (reading the file and splitting
/// its lines on spaces), `fit_on_texts` and `texts_to_sequences` over the whole file with a
/// default tokenizer (as the `fit` command and model training run them), and `adapt` of a default
/// TextVectorization (as `fit` runs it for a vectorizer), in N alternating rounds.
enum TokenizerBench {
    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard let path = options.positional.first else { throw BenchError("usage: embsh-bench tokenizer CORPUS [--repeats N] [--threads N]") }
        let repeats = try options.int("repeats", default: 3)
        let threads = try options.int("threads", default: activeProcessors())

        // Rounds of split, fit, texts_to_sequences, so that a change in the machine's load
        // between measures hits all three alike; each result is the median over the rounds.
        var splits: [Double] = [], fits: [Double] = [], sequenceTimes: [Double] = [], adapts: [Double] = []
        var adapted = (report: FitReport(lines: 0, documents: 0, words: 0, skippedLines: 0, firstInvalidUTF8Line: nil), vocabulary: 0)
        var words = 0, report = FitReport(lines: 0, documents: 0, words: 0, skippedLines: 0, firstInvalidUTF8Line: nil)
        var tokenizer = try Tokenizer(), sequenceWords = 0
        for _ in 0 ..< max(1, repeats) {
            let split = try medianTime(repeats: 1) { try readAndSplit(path) }
            splits.append(split.seconds)
            words = split.result
            let fit = try medianTime(repeats: 1) { () -> (tokenizer: Tokenizer, report: FitReport) in
                var tokenizer = try Tokenizer()
                let report = try TokenizerFileFit.fit(&tokenizer, corpus: CorpusReader(path: path), threads: threads)
                return (tokenizer, report)
            }
            fits.append(fit.seconds)
            (tokenizer, report) = fit.result
            let sequences = try medianTime(repeats: 1) { () -> [[Int]] in
                var all: [[Int]] = []
                try TokenizerFileFit.forEachSequence(tokenizer, corpus: CorpusReader(path: path), threads: threads) { all.append($0) }
                return all
            }
            sequenceTimes.append(sequences.seconds)
            sequenceWords = sequences.result.reduce(0) { $0 + $1.count }
            let adapt = try medianTime(repeats: 1) { () -> (report: FitReport, vocabulary: Int) in
                var vectorizer = try TextVectorizer()
                let report = try TokenizerFileFit.adapt(&vectorizer, corpus: CorpusReader(path: path), threads: threads)
                return (report, vectorizer.vocabularySize)
            }
            adapts.append(adapt.seconds)
            adapted = adapt.result
        }
        emit(["measure": .text("read+split"), "seconds": .number(median(splits)), "words": .integer(words)])
        emit(["measure": .text("fit"), "seconds": .number(median(fits)), "words": .integer(report.words),
              "vocabulary": .integer(tokenizer.vocabularySize)])
        emit(["measure": .text("texts_to_sequences"), "seconds": .number(median(sequenceTimes)), "words": .integer(sequenceWords)])
        emit(["measure": .text("adapt"), "seconds": .number(median(adapts)), "words": .integer(adapted.report.words),
              "vocabulary": .integer(adapted.vocabulary)])
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
