import EmbeddingKit

/// fastText's model file (`.bin`, format version 12, as `fasttext.load_model` and gensim's
/// `load_facebook_model` read it), little-endian throughout:
///
///     int32 magic 793712314, int32 version 12
///     int32 dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn, lrUpdateRate; float64 t
///     int32 size, nwords, nlabels; int64 ntokens, pruneidx_size (-1 or 0: not pruned)
///     per entry: word, NUL, int64 count, int8 type (0 word, 1 label); pruneidx_size pairs of int32
///     uint8 quantized; int64 rows, cols; rows × cols float32 (nwords word rows, then bucket n-gram rows)
///     uint8 quantized output; int64 rows, cols; rows × cols float32 (output vectors)
///
/// Reading gives a table of the words' vectors as fastText's `get_word_vector` computes them
/// (own row and n-gram rows averaged) with the n-gram rows attached as `SubwordVectors`. The
/// file is untrusted: every count is checked against the bytes left before anything is
/// allocated. Quantized (`.ftz`) and supervised models are refused, with the reason.
public enum FastTextModelFile {
    static let magic: Int32 = 793_712_314
    static let version: Int32 = 12
    /// Words longer than this are taken as damage (fastText's own reader has no limit).
    static let maxWordBytes = 1 << 16

    /// Whether `bytes` begin with fastText's magic number.
    public static func hasMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && bytes.loadUnaligned(as: Int32.self).littleEndian == magic
    }

    /// Reads a model; `limit` keeps the first N words (all n-grams stay).
    public static func read(_ bytes: UnsafeRawBufferPointer, name: String, limit: Int? = nil, allowNonFinite: Bool = false,
                            memoryLimit: UInt64? = nil, interruption: Interruption = .never) throws -> EmbeddingTable {
        var reader = Reader(bytes: bytes, name: name)
        guard try reader.int32("its magic number") == magic else { throw reader.refuse("no fastText magic number") }
        let fileVersion = try reader.int32("its version")
        guard fileVersion == 11 || fileVersion == version else {
            throw reader.refuse("format version \(fileVersion) (embsh reads 11 and 12)")
        }
        var settings: [Int] = []
        for _ in 0 ..< 12 { settings.append(Int(try reader.int32("its settings"))) }
        let sample = try reader.float64("its settings")
        let (dim, ws, epoch, minCount, neg, wordNgrams) = (settings[0], settings[1], settings[2], settings[3], settings[4], settings[5])
        let (loss, model, bucket, minn, maxn, lrUpdateRate) = (settings[6], settings[7], settings[8], settings[9], settings[10], settings[11])
        guard (1 ... EmbeddingTable.maxDimension).contains(dim) else {
            throw reader.refuse("dimension \(dim) (expected 1 to \(EmbeddingTable.maxDimension))")
        }
        guard model == 1 || model == 2 else {
            throw reader.refuse(model == 3 ? "a supervised (classifier) model; embsh reads word-vector models (cbow, skipgram)"
                                           : "unknown model kind \(model)")
        }

        // Dictionary.
        let size = Int(try reader.int32("its dictionary")), nwords = Int(try reader.int32("its dictionary"))
        let nlabels = Int(try reader.int32("its dictionary"))
        let ntokens = try reader.int64("its dictionary")
        let pruned = try reader.int64("its dictionary")
        guard size >= 1, nwords >= 1, nlabels >= 0, nwords + nlabels == size else {
            throw reader.refuse("a dictionary of \(size) entries with \(nwords) words and \(nlabels) labels")
        }
        guard pruned <= 0 else { throw reader.refuse("a pruned (quantized) dictionary; quantized .ftz models are not supported") }
        // Each entry takes at least 10 bytes (NUL, count, type).
        guard size <= reader.remaining / 10 else { throw reader.refuse("\(size) dictionary entries in \(reader.remaining) bytes") }
        let kept = min(nwords, limit ?? nwords)
        guard kept >= 1 else { throw reader.refuse("limit=\(limit ?? 0) keeps no word") }
        var words: [String] = [], counts: [Int] = []
        words.reserveCapacity(kept)
        counts.reserveCapacity(kept)
        for i in 0 ..< size {
            if i & 0xFFFF == 0 { try interruption.checkpoint() }
            let word = try reader.cString()
            let count = try reader.int64("its dictionary")
            let type = try reader.uint8("its dictionary")
            guard count >= 0, type <= 1, (type == 0) == (i < nwords) else {
                throw reader.refuse("dictionary entry \(i + 1) ('\(word)') has count \(count) and type \(type)")
            }
            if i < kept {
                words.append(word)
                counts.append(Int(count))
            }
        }
        guard Set(words).count == words.count else { throw reader.refuse("a word appears twice in its dictionary") }

        // Input matrix: the words' own rows, then the n-gram rows.
        guard try reader.uint8("its input matrix") == 0 else { throw reader.refuse("a quantized input matrix (.ftz models are not supported)") }
        let hasNgrams = maxn > 0 && bucket > 0
        let settingsOfNgrams = SubwordSettings(minn: minn, maxn: maxn, bucket: bucket)
        if hasNgrams, let problem = settingsOfNgrams.problem {
            throw reader.refuse("\(problem.name)=\(problem.value) (expected \(problem.expected))")
        }
        let inputRows = try reader.int64("its input matrix"), inputCols = try reader.int64("its input matrix")
        let expectedRows = Int64(nwords) + Int64(max(bucket, 0))
        guard inputCols == dim, inputRows == expectedRows else {
            throw reader.refuse("an input matrix of \(inputRows) × \(inputCols) (expected \(expectedRows) × \(dim))")
        }
        try reader.checkFloats(rows: Int(inputRows), dim: dim, what: "its input matrix")
        let ngramCount = hasNgrams ? bucket : 0
        try MemoryBudget.reserve([kept + 2 * ngramCount + nwords, dim], elementSize: MemoryLayout<Float>.size,
                                 for: "reading a fastText model of \(nwords) words and \(ngramCount) n-grams × \(dim)",
                                 lower: "read fewer words with limit=N", limit: memoryLimit)
        let own = try reader.floats(count: nwords * dim, allowNonFinite: allowNonFinite)
        let ngrams = try reader.floats(count: max(bucket, 0) * dim, allowNonFinite: allowNonFinite)

        // Output matrix: kept for export when it has one row per word.
        guard try reader.uint8("its output matrix") == 0 else { throw reader.refuse("a quantized output matrix (.ftz models are not supported)") }
        let outputRows = try reader.int64("its output matrix"), outputCols = try reader.int64("its output matrix")
        guard outputRows >= 0, outputCols == dim, outputRows <= Int64(Int32.max) else {
            throw reader.refuse("an output matrix of \(outputRows) × \(outputCols)")
        }
        try reader.checkFloats(rows: Int(outputRows), dim: dim, what: "its output matrix")
        let outputAll = try reader.floats(count: Int(outputRows) * dim, allowNonFinite: allowNonFinite)
        guard reader.remaining == 0 else { throw reader.refuse("\(reader.remaining) bytes after its output matrix") }
        try interruption.checkpoint()

        var training = FastTextTrainingArguments()
        (training.window, training.epochs, training.minCount, training.negative) = (ws, epoch, minCount, neg)
        (training.wordNgrams, training.lrUpdateRate, training.sample) = (wordNgrams, lrUpdateRate, sample)
        (training.loss, training.model) = (Int32(truncatingIfNeeded: loss), Int32(model))
        training.tokens = ntokens >= 0 ? Int(ntokens) : nil
        let output = Int(outputRows) == nwords ? Array(outputAll[0 ..< kept * dim]) : nil
        let subwords = try SubwordVectors(settings: hasNgrams ? settingsOfNgrams : SubwordSettings(minn: 1, maxn: 0, bucket: 1),
                                          dim: dim, ngrams: hasNgrams ? ngrams : [Float](repeating: 0, count: dim),
                                          output: output, training: training)
        // Without n-grams a word's vector is its own row, kept exactly (fastText's 0 + row would turn −0 into +0).
        var values = hasNgrams ? [Float](repeating: 0, count: kept * dim) : Array(own[0 ..< kept * dim])
        if hasNgrams { own.withUnsafeBufferPointer { own in
            for (i, word) in words.enumerated() {
                let composed = subwords.compose(word, own: UnsafeBufferPointer(rebasing: own[i * dim ..< (i + 1) * dim]))!
                for j in 0 ..< dim { values[i * dim + j] = composed[j] }
            }
        } }
        var table = try EmbeddingTable(rows: kept, dim: dim, values: values, labels: words, counts: counts)
        table.subwords = subwords
        return table
    }

    /// Writes `table` (with `words` its labels and `values` its rows) as a fastText model: the
    /// words' own rows are recovered from the table's rows and the n-grams (`SubwordVectors.ownRow`);
    /// a table without subwords is written as a model without n-grams (maxn 0, bucket 0), and
    /// without output vectors the output matrix is zeros.
    static func write(_ table: EmbeddingTable, words: [String], values: UnsafeBufferPointer<Float>, to out: FileOutput,
                      interruption: Interruption) throws {
        let dim = table.dim, subwords = table.subwords
        let hasNgrams = (subwords?.settings.maxn ?? 0) > 0
        let training = subwords?.training ?? FastTextTrainingArguments()
        let settings = subwords?.settings ?? SubwordSettings(minn: 0, maxn: 0, bucket: 0)
        let bucket = hasNgrams ? settings.bucket : 0
        let counts = table.counts ?? [Int](repeating: 1, count: table.rows)
        var header = Bytes()
        header.int32(magic)
        header.int32(version)
        for value in [dim, training.window, training.epochs, training.minCount, training.negative, training.wordNgrams,
                      Int(training.loss), Int(training.model), bucket, settings.minn, hasNgrams ? settings.maxn : 0, training.lrUpdateRate] {
            header.int32(Int32(clamping: value))
        }
        header.float64(training.sample)
        header.int32(Int32(table.rows))
        header.int32(Int32(table.rows))
        header.int32(0)
        // Counts come from files too: their sum saturates rather than overflows.
        header.int64(Int64(training.tokens ?? counts.reduce(0) { sum, count in
            let (total, overflow) = sum.addingReportingOverflow(count)
            return overflow ? Int.max : total
        }))
        header.int64(-1)  // pruneidx_size: -1, not pruned
        for (word, count) in zip(words, counts) {
            header.bytes += Array(word.utf8) + [0]
            header.int64(Int64(count))
            header.bytes.append(0)
        }
        header.bytes.append(0)
        header.int64(Int64(table.rows + bucket))
        header.int64(Int64(dim))
        try out.write(header.bytes)
        for (i, word) in words.enumerated() {
            if i & 0xFFFF == 0 { try interruption.checkpoint() }
            let row = UnsafeBufferPointer(rebasing: values[i * dim ..< (i + 1) * dim])
            let own = hasNgrams ? subwords!.ownRow(of: word, composed: row) : Array(row)
            try own.withUnsafeBytes { try out.write($0) }
        }
        if hasNgrams { try subwords!.ngrams.withUnsafeBytes { try out.write($0) } }
        var tail = Bytes()
        tail.bytes.append(0)
        tail.int64(Int64(table.rows))
        tail.int64(Int64(dim))
        try out.write(tail.bytes)
        if let output = subwords?.output, output.count == table.rows * dim {
            try output.withUnsafeBytes { try out.write($0) }
        } else {
            let zeros = [Float](repeating: 0, count: dim)
            for _ in 0 ..< table.rows { try zeros.withUnsafeBytes { try out.write($0) } }
        }
    }

    /// Little-endian bytes being built.
    private struct Bytes {
        var bytes: [UInt8] = []
        mutating func int32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        mutating func int64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        mutating func float64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    }

    /// Reads the file front to back, every read bounded by the bytes left.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        let name: String
        var offset = 0

        var remaining: Int { bytes.count - offset }

        func refuse(_ reason: String) -> VectorReadError { .fastTextModel(path: name, reason: reason) }

        private mutating func take<T: FixedWidthInteger>(_: T.Type, _ part: String) throws -> T {
            guard remaining >= MemoryLayout<T>.size else { throw refuse("it ends at byte \(bytes.count), inside \(part)") }
            defer { offset += MemoryLayout<T>.size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }

        mutating func int32(_ part: String) throws -> Int32 { try take(Int32.self, part) }
        mutating func int64(_ part: String) throws -> Int64 { try take(Int64.self, part) }
        mutating func uint8(_ part: String) throws -> UInt8 { try take(UInt8.self, part) }
        mutating func float64(_ part: String) throws -> Double { Double(bitPattern: try take(UInt64.self, part)) }

        /// A NUL-terminated word (invalid UTF-8 repaired).
        mutating func cString() throws -> String {
            let window = min(remaining, FastTextModelFile.maxWordBytes + 1)
            guard let end = UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + window]).firstIndex(of: 0) else {
                throw refuse(window > FastTextModelFile.maxWordBytes ? "a word longer than \(FastTextModelFile.maxWordBytes) bytes"
                                                                     : "it ends at byte \(bytes.count), inside its dictionary")
            }
            let word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + end]), as: UTF8.self)
            offset += end + 1
            return word
        }

        /// Refuses a matrix of `rows` × `dim` floats that the bytes left cannot hold.
        func checkFloats(rows: Int, dim: Int, what: String) throws {
            guard rows >= 0, rows <= remaining / 4 / dim else {
                throw refuse("\(what) has \(rows) rows of \(dim) values, more than its \(remaining) remaining bytes hold")
            }
        }

        mutating func floats(count: Int, allowNonFinite: Bool) throws -> [Float] {
            guard count <= remaining / 4 else { throw refuse("it ends at byte \(bytes.count), inside a matrix") }
            let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + count * 4]))
                initialized = count
            }
            offset += count * 4
            if !allowNonFinite, let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw refuse("value \(bad + 1) of a matrix is \(values[bad]) (not finite)")
            }
            return values
        }
    }
}
