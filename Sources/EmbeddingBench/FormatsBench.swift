import EmbeddingFormats
import EmbeddingKit
#if canImport(Glibc)
import Glibc
#endif

/// `embsh-bench formats DIR [--rows N] [--dim D] [--repeats N]`: writes a seeded rows × dim table
/// as `DIR/glove.txt` (GloVe text, five decimals like the Stanford files) and `DIR/vectors.bin`
/// (word2vec binary) unless they exist, then times the floor (reading each file into memory) and
/// `import` of each, as the shell runs it.
enum FormatsBench {
    static func run(_ arguments: [String]) throws {
        let options = try BenchOptions(arguments)
        guard let directory = options.positional.first else {
            throw BenchError("usage: embsh-bench formats DIR [--rows N] [--dim D] [--repeats N]")
        }
        let rows = try options.int("rows", default: 400_000)
        let dim = try options.int("dim", default: 100)
        let repeats = try options.int("repeats", default: 3)
        let glove = directory + "/glove.txt", binary = directory + "/vectors.bin"

        if access(glove, F_OK) != 0 || access(binary, F_OK) != 0 {
            let table = try syntheticTable(rows: rows, dim: dim)
            for (measure, path, format) in [("export-glove", glove, VectorFormat.glove), ("export-bin", binary, .word2vecBinary)] {
                let written = try medianTime(repeats: 1) { try VectorFileWriter.write(table, to: path, format: format) }
                emit(["measure": .text(measure), "seconds": .number(written.seconds), "bytes": .integer(written.result.bytes)])
            }
        }
        for (name, path) in [("glove", glove), ("bin", binary)] {
            let read = try medianTime(repeats: repeats) { try readWhole(path) }
            emit(["measure": .text("read-\(name)"), "seconds": .number(read.seconds), "bytes": .integer(read.result)])
            let imported = try medianTime(repeats: repeats) { try VectorFileReader.read(path: path) }
            emit(["measure": .text("import-\(name)"), "seconds": .number(imported.seconds), "bytes": .integer(read.result),
                  "rows": .integer(imported.result.table.rows), "dim": .integer(imported.result.table.dim)])
        }
    }

    /// Normal(0, 0.4) values rounded to five decimals, labelled by distinct made-up words.
    static func syntheticTable(rows: Int, dim: Int) throws -> EmbeddingTable {
        var rng = Xoshiro256StarStar(seed: 42)
        var values = [Float](repeating: 0, count: rows * dim)
        for i in stride(from: 0, to: values.count - 1, by: 2) {
            let (a, b) = rng.nextGaussianPair()
            values[i] = Float((a * 0.4 * 1e5).rounded() / 1e5)
            values[i + 1] = Float((b * 0.4 * 1e5).rounded() / 1e5)
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
