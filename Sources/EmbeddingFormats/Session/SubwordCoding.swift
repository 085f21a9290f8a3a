import EmbeddingKit

/// The n-gram vectors a table may carry (`SubwordVectors`), in a session file. Their floats lie
/// after the tables' values, each block at an aligned offset with its checksum; their description
/// is an extension after the metadata's last field of version 1 (`SessionFileLayout.Extension`),
/// so files without subwords are unchanged and files from before open as they did.
struct StoredSubwords {
    /// The position of the table among the session's objects.
    var object: Int
    var minn: Int
    var maxn: Int
    var bucket: Int
    var dim: Int
    var ngramOffset: Int
    var ngramChecksum: UInt64
    /// -1 when the table has no output vectors.
    var outputOffset: Int
    var outputChecksum: UInt64
    var training: FastTextTrainingArguments
}

extension ByteWriter {
    mutating func subwords(_ list: [StoredSubwords]) {
        int(list.count)
        for s in list {
            for value in [s.object, s.minn, s.maxn, s.bucket, s.dim, s.ngramOffset] { int(value) }
            u64(s.ngramChecksum)
            int(s.outputOffset)
            u64(s.outputChecksum)
            let t = s.training
            for value in [t.window, t.epochs, t.minCount, t.negative, t.wordNgrams, Int(t.loss), Int(t.model), t.lrUpdateRate] { int(value) }
            u64(t.sample.bitPattern)
        }
    }

    /// The corpus token counts of the subwords that have one, each after its object's position.
    mutating func subwordTokens(_ list: [StoredSubwords]) {
        let counted = list.compactMap { s in s.training.tokens.map { (s.object, $0) } }
        int(counted.count)
        for (object, tokens) in counted {
            int(object)
            int(tokens)
        }
    }
}

extension ByteReader {
    mutating func subwords() throws -> [StoredSubwords] {
        try (0 ..< (try count(limit: remaining / 128))).map { _ in
            var s = StoredSubwords(object: try int(), minn: try int(), maxn: try int(), bucket: try int(), dim: try int(),
                                   ngramOffset: try int(), ngramChecksum: try u64(), outputOffset: try int(), outputChecksum: try u64(),
                                   training: FastTextTrainingArguments())
            s.training.window = try int()
            s.training.epochs = try int()
            s.training.minCount = try int()
            s.training.negative = try int()
            s.training.wordNgrams = try int()
            s.training.loss = Int32(truncatingIfNeeded: try int())
            s.training.model = Int32(truncatingIfNeeded: try int())
            s.training.lrUpdateRate = try int()
            s.training.sample = Double(bitPattern: try u64())
            return s
        }
    }

    /// What `ByteWriter.subwordTokens` wrote; a negative count is damage.
    mutating func subwordTokens() throws -> [(object: Int, tokens: Int)] {
        try (0 ..< (try count(limit: remaining / 16))).map { _ in
            let object = try int(), tokens = try int()
            guard tokens >= 0 else { throw SessionFileError.corrupt("subword vectors claim \(tokens) corpus tokens") }
            return (object, tokens)
        }
    }
}

enum SubwordCoding {
    /// Rebuilds `table`'s subword vectors from `stored`, checking the settings, the shape, that the
    /// floats lie inside `file`, and their checksums.
    static func attach(_ stored: StoredSubwords, to table: inout EmbeddingTable, name: String, file: UnsafeRawBufferPointer,
                       path: String) throws {
        let settings = SubwordSettings(minn: stored.minn, maxn: stored.maxn, bucket: stored.bucket)
        if let problem = settings.problem {
            throw SessionFileError.corrupt("table '\(name)' has subwords with \(problem.name)=\(problem.value) (expected \(problem.expected))")
        }
        guard stored.dim == table.dim else {
            throw SessionFileError.corrupt("table '\(name)' has \(table.dim) values a row but subwords of \(stored.dim)")
        }
        func floats(at offset: Int, rows: Int, checksum: UInt64, part: String) throws -> [Float] {
            guard let byteCount = MemoryBudget.product([rows, stored.dim, MemoryLayout<Float>.size]),
                  offset >= SessionFileLayout.headerSize, offset % SessionFileLayout.alignment == 0,
                  case let (end, overflow) = offset.addingReportingOverflow(byteCount), !overflow, end <= file.count else {
                throw SessionFileError.corrupt("table '\(name)' claims \(part) of \(rows)×\(stored.dim) values at offset \(offset)")
            }
            let raw = UnsafeRawBufferPointer(rebasing: file[offset ..< end])
            guard Checksum.of(raw) == checksum else { throw SessionFileError.checksumMismatch(path: path, part: "\(part) of table '\(name)'") }
            return Array(raw.bindMemory(to: Float.self))
        }
        let ngrams = try floats(at: stored.ngramOffset, rows: stored.bucket, checksum: stored.ngramChecksum, part: "n-gram vectors")
        let output = stored.outputOffset == -1 ? nil
            : try floats(at: stored.outputOffset, rows: table.rows, checksum: stored.outputChecksum, part: "output vectors")
        // Files written before a model without n-grams (maxn 0) kept a single bucket row hold all of `bucket`'s.
        table.subwords = try SubwordVectors(settings: settings, dim: stored.dim, ngrams: Array(ngrams.prefix(settings.bucket * stored.dim)),
                                            output: output, training: stored.training)
    }
}
