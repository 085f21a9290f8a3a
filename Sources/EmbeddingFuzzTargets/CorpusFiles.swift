import EmbeddingFormats
import EmbeddingKit

/// The corpus and labelled-data targets: the input is a file, read from disk as `fit`,
/// `word2vec`, `train` and `evaluate` read theirs.
enum CorpusFiles {
    /// Small blocks and chunks, so that even a short input crosses their boundaries.
    static let blockSize = 64

    /// Reads the input as each corpus format (strict and skipping bad lines), line by line,
    /// and fits a tokenizer on it on two threads; the outcome is the plain lines read's.
    static func read(_ input: UnsafeRawBufferPointer) -> FuzzOutcome {
        let path = Scratch.write(input, to: "corpus.txt")
        var outcome = FuzzOutcome.refused
        for format in CorpusFormat.allCases {
            for skipBad in [false, true] {
                let read = attempt {
                    let reader = try CorpusReader(path: path, format: format, column: format == .tsv ? 2 : 1, skipBad: skipBad,
                                                  blockSize: blockSize)
                    try reader.forEachDocument { document in
                        _ = document.string.unicodeScalars.count + document.labels.reduce(0) { $0 + $1.utf8.count }
                    }
                }
                if format == .lines, !skipBad { outcome = read }
            }
        }
        _ = attempt { try LineReader(path: path, chunkSize: blockSize).forEachLine { line, _ in _ = line.reduce(0, &+) } }
        _ = attempt {
            var tokenizer = try Tokenizer()
            _ = try TokenizerFileFit.fit(&tokenizer, corpus: CorpusReader(path: path, blockSize: blockSize), threads: 2)
        }
        return outcome
    }

    /// Reads the input as labelled texts in each format (CSV also with numbered columns); the
    /// outcome is `.accepted` when one format read it.
    static func readLabelled(_ input: UnsafeRawBufferPointer) -> FuzzOutcome {
        let path = Scratch.write(input, to: "labelled.txt")
        let reads: [() throws -> LabelledTexts] = [
            { try LabelledTexts(path: path, format: .tsv) },
            { try LabelledTexts(path: path, format: .fasttext) },
            { try LabelledTexts(path: path, format: .csv) },
            { try LabelledTexts(path: path, format: .csv, labelColumn: "2", textColumn: "1") },
        ]
        let outcomes = reads.map { read in attempt { _ = try read().count } }
        return outcomes.contains(.accepted) ? .accepted : .refused
    }
}
