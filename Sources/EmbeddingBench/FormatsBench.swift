import EmbeddingFormats
import EmbeddingKit
#if canImport(Glibc)
import Glibc
#endif

/// `embsh-bench formats DIR [--rows N] [--dim D] [--repeats N]`: writes one seeded rows × dim
/// table, Normal(0, 0.4), in each way text vector files write numbers (`TextShape`) and as
/// `DIR/vectors.bin` (word2vec binary), unless the files exist, then times the floor (reading
/// each file into memory) and `import` of each, as the shell runs it.
enum FormatsBench {
    /// A text file of the bench: its name (also the measures' suffix), format and how its values
    /// are rounded before they are written in their shortest form.
    struct TextShape: Sendable {
        let name: String
        let file: String
        let format: VectorFormat
        let round: @Sendable (Double) -> Double

        static let all = [
            // The bench's first file: five decimals, GloVe layout.
            TextShape(name: "glove", file: "glove.txt", format: .glove) { ($0 * 1e5).rounded() / 1e5 },
            // Stanford's GloVe files: six decimals.
            TextShape(name: "glove6", file: "glove6.txt", format: .glove) { ($0 * 1e6).rounded() / 1e6 },
            // gensim's save_word2vec_format: each float32 in full (shortest repr, up to 9
            // significant digits, 1.2e-05 below 1e-4), with a header.
            TextShape(name: "gensim", file: "gensim.txt", format: .word2vec) { $0 },
            // fastText's .vec: six significant digits (C++ streams), a header, a space after the last value.
            TextShape(name: "fasttext", file: "fasttext.vec", format: .fasttext) { x in
                guard x != 0 else { return 0 }
                let scale = pow(10, 5 - (log10(abs(x))).rounded(.down))
                return (x * scale).rounded() / scale
            },
        ]
    }

    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard let directory = options.positional.first else {
            throw BenchError("usage: embsh-bench formats DIR [--rows N] [--dim D] [--repeats N]")
        }
        let rows = try options.int("rows", default: 400_000)
        let dim = try options.int("dim", default: 100)
        let repeats = try options.int("repeats", default: 3)
        let binary = directory + "/vectors.bin"
        var files: [(name: String, path: String)] = []
        for shape in TextShape.all {
            let path = directory + "/" + shape.file
            if access(path, F_OK) != 0 {
                try export(syntheticTable(rows: rows, dim: dim, round: shape.round), to: path, shape.format, measure: "export-\(shape.name)")
            }
            files.append((shape.name, path))
        }
        if access(binary, F_OK) != 0 {
            try export(syntheticTable(rows: rows, dim: dim) { $0 }, to: binary, .word2vecBinary, measure: "export-bin")
        }
        for (name, path) in files + [("bin", binary)] {
            let read = try medianTime(repeats: repeats) { try readWhole(path) }
            emit(["measure": .text("read-\(name)"), "seconds": .number(read.seconds), "bytes": .integer(read.result)])
            let imported = try medianTime(repeats: repeats) { try VectorFileReader.read(path: path) }
            emit(["measure": .text("import-\(name)"), "seconds": .number(imported.seconds), "bytes": .integer(read.result),
                  "rows": .integer(imported.result.table.rows), "dim": .integer(imported.result.table.dim)])
        }
    }

    static func export(_ table: EmbeddingTable, to path: String, _ format: VectorFormat, measure: String) throws {
        let written = try medianTime(repeats: 1) { try VectorFileWriter.write(table, to: path, format: format) }
        emit(["measure": .text(measure), "seconds": .number(written.seconds), "bytes": .integer(written.result.bytes)])
    }

    /// Normal(0, 0.4) values passed through `round`, labelled by distinct made-up words; the same
    /// values and words for every `round`.
    static func syntheticTable(rows: Int, dim: Int, round: (Double) -> Double) throws -> EmbeddingTable {
        var rng = Xoshiro256StarStar(seed: 42)
        var values = [Float](repeating: 0, count: rows * dim)
        for i in stride(from: 0, to: values.count - 1, by: 2) {
            let (a, b) = rng.nextGaussianPair()
            values[i] = Float(round(a * 0.4))
            values[i + 1] = Float(round(b * 0.4))
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words = (0..<rows).map { row in
            String((0 ..< 3 + Int(rng.next() % 6)).map { _ in letters[Int(rng.next() % 26)] }) + String(row, radix: 36)
        }
        return try EmbeddingTable(rows: rows, dim: dim, values: values, labels: words)
    }

    /// Reads the file into memory with read(2); returns its size.
    static func readWhole(_ path: String) throws -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw BenchError("cannot open \(path)") }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        let size = Int(st.st_size)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 64)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < size {
            let n = read(fd, buffer + offset, size - offset)
            guard n > 0 else { throw BenchError("cannot read \(path)") }
            offset += n
        }
        return size
    }
}
