import Dispatch
import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

/// Timings, run only with EMBSH_BENCH=1 (use a release build: `swift test -c release --filter Benchmark`).
final class VectorReaderBenchmarkTests: XCTestCase {
    func ms(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    }

    func testBenchmark() throws {
        guard ProcessInfo.processInfo.environment["EMBSH_BENCH"] == "1" else { throw XCTSkip("set EMBSH_BENCH=1") }
        var report: [String] = []
        for (rows, dim) in [(100_000, 100), (400_000, 300)] {
            let labels = (0..<rows).map { "w\($0)" }
            var t = try EmbeddingTable(rows: rows, dim: dim, init: .normal, scale: 1, seed: 1, labels: labels)
            let cacheMs = try ms { _ = try t.nearest(query: "w0", k: 10) }
            let queries = 30
            let total = try ms { for i in 0..<queries { _ = try t.nearest(query: "w\(i * 7 + 1)", k: 10) } }
            let analogy = try ms { for i in 0..<queries { _ = try t.analogy("w\(i)", "w\(i + 1)", "w\(i + 2)", k: 5) } }
            let mul = try ms { for i in 0..<10 { _ = try t.analogy("w\(i)", "w\(i + 1)", "w\(i + 2)", k: 5, method: .mul) } }
            // A questions file of 5,000 analogies, batched.
            var lines = [": bench"]
            for i in 0..<5000 { lines.append("w\(i) w\(i + 1) w\(i + 2) w\(i + 3)") }
            let evalMs = try ms { _ = try t.evaluateAnalogies(lines: lines, caseInsensitive: false) }
            t.normalize()
            report.append("\(rows)x\(dim): first query (builds unit cache) \(cacheMs) ms; nearest \(total / Double(queries)) ms/query; "
                + "3CosAdd \(analogy / Double(queries)) ms; 3CosMul \(mul / 10) ms; evaluateAnalogies 5000 q \(evalMs) ms "
                + "(\(evalMs / 5000) ms/q)")
        }
        // The whole questions-words file on a 100,000 × 100 table holding all its words.
        if let qpath = try? SharedData.path("data/eval/questions-words.txt") {
            let text = try String(contentsOfFile: qpath, encoding: .utf8)
            var words: [String] = []
            var seen = Set<String>()
            for line in text.split(separator: "\n") where !line.hasPrefix(":") {
                for w in line.split(separator: " ") where seen.insert(String(w)).inserted { words.append(String(w)) }
            }
            let rows = 100_000
            words += (words.count..<rows).map { "filler\($0)" }
            let t = try EmbeddingTable(rows: rows, dim: 100, init: .normal, scale: 1, seed: 9, labels: words)
            var r: AnalogyEvaluation? = nil
            let evalMs = try ms { r = try t.evaluateAnalogies(text: text) }
            report.append("questions-words (\(r!.questions) questions, \(r!.total.total) evaluated) on 100000x100: \(evalMs) ms")
        }
        // GloVe text parse.
        let path = "/tmp/embsh-bench-glove.txt"
        if !FileManager.default.fileExists(atPath: path) {
            var rng = Xoshiro256StarStar(seed: 3)
            var out = ""
            out.reserveCapacity(1 << 28)
            for r in 0..<200_000 {
                out += "word\(r)"
                for _ in 0..<100 {
                    let v = (rng.nextUnitDouble() * 2 - 1)
                    out += " " + String(format: "%.6f", v)
                }
                out += "\n"
            }
            try out.write(toFile: path, atomically: false, encoding: .utf8)
        }
        let size = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber).intValue)
        _ = try VectorFileReader.read(path: path)  // warm the page cache
        var best = Double.infinity
        for _ in 0..<3 { best = min(best, try ms { _ = try VectorFileReader.read(path: path) }) }
        report.append("GloVe text \(Int(size / 1e6)) MB: \(best) ms = \(Int(size / 1e6 / (best / 1000))) MB/s")
        print(report.joined(separator: "\n"))
    }
}
