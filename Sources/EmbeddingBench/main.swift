#if canImport(Glibc)
import Glibc
#endif

/// `embsh-bench KIND ARGS…`: times embsh's own code for `Scripts/bench`, one JSON object per
/// measurement on stdout. The Python driver runs the peers and prints the comparison.
let benchmarks: [String: ([String]) throws -> Void] = [
    "fasttext": FastTextBench.run,
    "ann": AnnBench.run,
    "formats": FormatsBench.run,
    "model": ModelBench.run,
    "recurrent": RecurrentBench.run,
    "similarity": SimilarityBench.run,
    "tokenizer": TokenizerBench.run,
    "tsne": TSNEBench.run,
    "word2vec": Word2VecBench.run,
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let kind = arguments.first, let run = benchmarks[kind] else {
    let kinds = benchmarks.keys.sorted().joined(separator: "|")
    exitWithMessage("usage: embsh-bench \(kinds) ARGS...", status: 2)
}
do {
    try run(Array(arguments.dropFirst()))
} catch {
    exitWithMessage("embsh-bench: \(error)", status: 1)
}
