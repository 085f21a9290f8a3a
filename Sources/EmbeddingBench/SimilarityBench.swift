import Dispatch
import EmbeddingKit
import Foundation

/// `embsh-bench similarity …`: the similarity questions asked of a table, on a table file that the
/// Python driver also loads into gensim, so both sides answer on the same vectors.
///
/// - `make PREFIX --rows R --dim D [--seed S] [--words QUESTIONS]`: writes a seeded N(0, 1) table as
///   PREFIX.f32 (raw little-endian float32, row-major) and PREFIX.words (one label a line): the
///   words of a questions file first (in order of first use) when given, then `w<row>` labels.
/// - `nearest PREFIX [--queries N] [--repeats N]`: the first query (builds the norm cache), then
///   rounds of N reads of a buffer the size of the table (multi-threaded, sequential: the bound)
///   and N queries (`nearest word k=10`); each is the median over the rounds of the mean per call.
/// - `analogies PREFIX QUESTIONS [--repeats N] [--single N]`: every question of the file as one
///   batch (3CosAdd and 3CosMul, k=5), the first N questions one call at a time, and
///   `evaluate … analogies=QUESTIONS`.
enum SimilarityBench {
    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard options.positional.count >= 2 else {
            throw BenchError("usage: embsh-bench similarity make|nearest|analogies PREFIX [QUESTIONS] [--options]")
        }
        let prefix = options.positional[1]
        switch options.positional[0] {
        case "make":
            let words = try options.positional.count > 2 ? questionWords(options.positional[2]) : []
            try make(prefix: prefix, rows: options.int("rows", default: 100_000), dim: options.int("dim", default: 100),
                     seed: UInt64(options.int("seed", default: 1)), words: words)
        case "nearest":
            try nearest(load(prefix), queries: options.int("queries", default: 50), repeats: options.int("repeats", default: 5))
        case "analogies":
            guard options.positional.count > 2 else { throw BenchError("analogies needs PREFIX QUESTIONS") }
            try analogies(load(prefix), path: options.positional[2], repeats: options.int("repeats", default: 3),
                          single: options.int("single", default: 200))
        case let other:
            throw BenchError("unknown similarity benchmark '\(other)'")
        }
    }

    // MARK: - Table files

    static func make(prefix: String, rows: Int, dim: Int, seed: UInt64, words: [String]) throws {
        let labels = words.prefix(rows) + (Swift.min(words.count, rows)..<rows).map { "w\($0)" }
        let table = try EmbeddingTable(rows: rows, dim: dim, init: .normal, scale: 1, seed: seed, labels: Array(labels))
        try table.withUnsafeValues { Data(buffer: $0) }.write(to: URL(fileURLWithPath: prefix + ".f32"))
        try (labels.joined(separator: "\n") + "\n").write(toFile: prefix + ".words", atomically: false, encoding: .utf8)
        emit(["measure": .text("make"), "rows": .integer(rows), "dim": .integer(dim)])
    }

    static func load(_ prefix: String) throws -> EmbeddingTable {
        let labels = try String(contentsOfFile: prefix + ".words", encoding: .utf8).split(separator: "\n").map(String.init)
        let data = try Data(contentsOf: URL(fileURLWithPath: prefix + ".f32"))
        let count = data.count / MemoryLayout<Float>.size
        let values = HugePageFloats.make(count: count) { buffer in _ = data.copyBytes(to: buffer) }
        return try EmbeddingTable(rows: labels.count, dim: count / labels.count, values: values, labels: labels)
    }

    /// The distinct words of a questions file, in order of first use.
    static func questionWords(_ path: String) throws -> [String] {
        var seen = Set<String>(), words: [String] = []
        for question in try questions(path) {
            for word in question where seen.insert(word).inserted { words.append(word) }
        }
        return words
    }

    /// The `a b c expected` lines of a questions file.
    static func questions(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix(":") }
            .map { $0.split(separator: " ").map(String.init) }
            .filter { $0.count == 4 }
    }

    // MARK: - Measures

    static func nearest(_ table: EmbeddingTable, queries: Int, repeats: Int) throws {
        let words = (0..<queries).map { table.labels![$0 * (table.rows / queries)] }
        let first = try medianTime(repeats: 1) { try table.nearest(terms: [(words[0], 1)], k: 10) }
        emit(["measure": .text("first"), "seconds": .number(first.seconds)])

        var buffer = HugePageFloats.make(count: table.rows * table.dim) { $0.update(repeating: 1) }  // allocated as tables are
        var reads: [Double] = [], rounds: [Double] = []
        var answers: [[ScoredWord]] = []
        for _ in 0..<max(1, repeats) {
            // As many reads as queries, back to back: the same warm-cache state as the queries see.
            reads.append(medianTime(repeats: 1) { for _ in words { sequentialRead(&buffer) } }.seconds / Double(queries))
            let round = try medianTime(repeats: 1) { try words.map { try table.nearest(terms: [($0, 1)], k: 10) } }
            rounds.append(round.seconds / Double(queries))
            answers = round.result
        }
        emit(["measure": .text("read"), "seconds": .number(median(reads)), "bytes": .integer(table.memoryBytes)])
        emit(["measure": .text("nearest"), "seconds": .number(median(rounds)), "queries": .text(words.joined(separator: " ")),
              "answers": .text(encode(answers))])
    }

    static func analogies(_ table: EmbeddingTable, path: String, repeats: Int, single: Int) throws {
        let questions = try questions(path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        _ = table.norms  // build the norm cache outside the timings, as the warm-up query does for gensim
        for method in AnalogyMethod.allCases {
            let batch = try medianTime(repeats: repeats) {
                try table.analogies(questions.map { ($0[0], $0[1], $0[2]) }, k: 5, method: method)
            }
            emit(["measure": .text("analogy-\(method.rawValue)"), "seconds": .number(batch.seconds / Double(questions.count)),
                  "questions": .integer(questions.count), "answers": .text(encode(batch.result))])
            let sample = questions.prefix(single)
            let calls = try medianTime(repeats: 1) {
                try sample.map { try table.analogy($0[0], $0[1], $0[2], k: 5, method: method) }
            }
            emit(["measure": .text("analogy-\(method.rawValue)-single"), "seconds": .number(calls.seconds / Double(sample.count)),
                  "questions": .integer(sample.count)])
        }
        let evaluation = try medianTime(repeats: repeats) { try table.evaluateAnalogies(text: text) }
        emit(["measure": .text("evaluate"), "seconds": .number(evaluation.seconds),
              "correct": .integer(evaluation.result.total.correct), "total": .integer(evaluation.result.total.total),
              "sections": .text(evaluation.result.sections.map { "\($0.correct)/\($0.total)" }.joined(separator: " "))])
    }

    /// Answers as `word:score,word:score,… …` (one group per query), for the driver to compare with gensim's.
    static func encode(_ answers: [[ScoredWord]]) -> String {
        answers.map { $0.map { "\($0.word):\($0.score)" }.joined(separator: ",") }.joined(separator: " ")
    }


    /// Reads all of `buffer` once, one contiguous part per core, as a scan of the table does.
    static func sequentialRead(_ buffer: inout [Float]) {
        let parts = ProcessInfo.processInfo.activeProcessorCount
        var sums = [Float](repeating: 0, count: parts)
        buffer.withUnsafeBufferPointer { values in
            sums.withUnsafeMutableBufferPointer { out in
                let values = UncheckedPointers(values: values, out: out)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let count = values.values.count / 64 * 64
                    let start = count / parts * part / 64 * 64
                    let end = part == parts - 1 ? count : count / parts * (part + 1) / 64 * 64
                    let raw = UnsafeRawPointer(values.values.baseAddress!)
                    var a = SIMD16<Float>(), b = SIMD16<Float>()
                    var i = start
                    while i < end {
                        a += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                        b += raw.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
                        i += 32
                    }
                    values.out[part] = (a + b).sum()
                }
            }
        }
        if sums.reduce(0, +) == .infinity { buffer[0] = 0 }  // keeps the reads from being optimised away
    }
}

/// The read buffer and the per-part sums, handed to the workers (each writes its own slot).
struct UncheckedPointers: @unchecked Sendable {
    let values: UnsafeBufferPointer<Float>
    let out: UnsafeMutableBufferPointer<Float>
}
