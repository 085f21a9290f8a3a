import EmbeddingKit

/// What `show TABLE` prints: shape, memory, labels and row-norm statistics.
enum TableReports {
    static func details(name: String, _ table: EmbeddingTable) -> Report {
        let stats = table.statistics
        let labels = table.labels
        var fields: [(String, String)] = [
            ("table", name),
            ("shape", "(\(table.rows), \(table.dim))"),
            ("memory", "\(formatBytes(table.memoryBytes)) float32" + (table.cacheBytes > 0 ? " + \(formatBytes(table.cacheBytes)) norm cache" : "")),
            ("labels", labels.map { "\($0.count) words" + (table.duplicateLabelCount > 0 ? " (\(table.duplicateLabelCount) duplicates)" : "") } ?? "none (rows by index only)"),
            ("row norms", "min \(formatNumber(Double(stats.minNorm), precision: 4)), mean \(formatNumber(Double(stats.meanNorm), precision: 4)), max \(formatNumber(Double(stats.maxNorm), precision: 4))"),
            ("zero rows", String(stats.zeroRows)),
        ]
        if stats.nonFiniteRows > 0 { fields.append(("non-finite rows", String(stats.nonFiniteRows))) }
        if let labels { fields.append(("first words", labels.prefix(8).joined(separator: " "))) }
        if let subwords = table.subwords, subwords.settings.maxn > 0 {
            fields.append(("subwords", "\(subwords.settings.bucket) n-gram vectors (\(subwords.settings.minn)–\(subwords.settings.maxn) "
                + "characters, \(formatBytes(subwords.memoryBytes))): words outside the table are composed from them"))
        }
        let index = table.neighborIndex
        if let index {
            fields.append(("index", "\(IndexCommand.describe(index.parameters)); \(index.indexedRows) rows, \(formatBytes(index.memoryBytes))"))
        }
        let unverified = table.deferredChecks.filter { $0.outcome == nil }
        let unverifiedBytes = unverified.reduce(0) { $0 + $1.byteCount }
        if !unverified.isEmpty {
            fields.append(("unverified", "\(unverified.count) block\(unverified.count == 1 ? "" : "s") of its file (\(formatBytes(unverifiedBytes))), "
                + "left unread by open: 'check \(name)' verifies them"))
        }
        let damaged = table.deferredChecks.filter { $0.outcome == false }
        for check in damaged { fields.append(("damaged", check.failure)) }
        let json = JSON.object([
            ("name", .string(name)), ("kind", .string("table")),
            ("shape", .array([.int(table.rows), .int(table.dim)])), ("memory_bytes", .int(table.memoryBytes)),
            ("labelled", .bool(labels != nil)),
            ("min_norm", .float(stats.minNorm)), ("mean_norm", .float(stats.meanNorm)), ("max_norm", .float(stats.maxNorm)),
            ("zero_rows", .int(stats.zeroRows)), ("non_finite_rows", .int(stats.nonFiniteRows)),
            ("index", index.map { .object([("method", .string($0.parameters.method.rawValue)), ("m", .int($0.parameters.m)),
                                           ("ef_construction", .int($0.parameters.efConstruction)), ("ef", .int($0.parameters.ef)),
                                           ("rerank", .int($0.parameters.rerank)), ("indexed_rows", .int($0.indexedRows)),
                                           ("bytes", .int($0.memoryBytes))]) } ?? .null),
            ("unverified_bytes", .int(unverifiedBytes)), ("damaged", .bool(!damaged.isEmpty)),
        ])
        return Report([.fields(fields)], json: json)
    }
}

/// What `lookup` prints: the rows as a matrix with their labels, and the shape.
enum LookupReport {
    /// Vectors at most this long are shown whole; longer ones show their ends around `…`.
    static let fullDim = 10

    /// Rows picked by index or word: shape `(n, dim)`.
    static func make(_ table: EmbeddingTable, indices: [Int]) -> Report {
        let vectors = try! table.rows(indices)
        return make(zip(indices, vectors).map { (row: $0, label: label(of: $0, in: table), vector: $1) }, dim: table.dim)
    }

    /// Rows with their labels; a row without an index is a vector composed from n-grams (shown as `-`).
    static func make(_ rows: [(row: Int?, label: String, vector: [Float])], dim: Int) -> Report {
        let vectors = rows.map(\.vector), labels = rows.map(\.label)
        let json = JSON.object([
            ("shape", .array([.int(rows.count), .int(dim)])),
            ("rows", matrixJSON(vectors)),
            ("labels", .array(labels.map { .string($0) })),
        ])
        return Report([matrixBlock(vectors, labels: labels, indices: rows.map(\.row), dim: dim),
                       .text("shape (\(rows.count), \(dim))")], json: json)
    }

    /// Texts through a tokenizer, padded to one length: shape `(len, dim)` for one text,
    /// `(batch, len, dim)` for several.
    static func make(_ table: EmbeddingTable, sequences: [[Int]], texts: [String], tokenizer: TextTokenizer) -> Report {
        let length = sequences.first?.count ?? 0
        var blocks: [Block] = []
        var batch: [JSON] = []
        var labels: [JSON] = []
        for (text, sequence) in zip(texts, sequences) {
            let vectors = try! table.rows(sequence)
            let words = sequence.map { $0 == 0 ? TableCommands.paddingLabel : tokenizer.word(at: $0) ?? "?" }
            if texts.count > 1 { blocks.append(.text("\"\(text)\" → \(SequenceText.format(sequence))")) }
            else { blocks.append(.text("sequence \(SequenceText.format(sequence))")) }
            blocks.append(matrixBlock(vectors, labels: words, indices: sequence.map { $0 }, dim: table.dim))
            batch.append(matrixJSON(vectors))
            labels.append(.array(words.map { .string($0) }))
        }
        let shape = texts.count == 1 ? [length, table.dim] : [texts.count, length, table.dim]
        blocks.append(.text("shape (" + shape.map(String.init).joined(separator: ", ") + ")"
                            + (texts.count > 1 ? ": \(texts.count) texts padded to \(length) tokens, \(table.dim) values each" : "")))
        let json = JSON.object([
            ("shape", .array(shape.map { .int($0) })),
            ("rows", texts.count == 1 ? (batch.first ?? .array([])) : .array(batch)),
            ("labels", texts.count == 1 ? (labels.first ?? .array([])) : .array(labels)),
        ])
        return Report(blocks, json: json)
    }

    static func label(of row: Int, in table: EmbeddingTable) -> String {
        table.label(row) ?? String(row)
    }

    static func matrixJSON(_ vectors: [[Float]]) -> JSON {
        .array(vectors.map { .array($0.map { .float($0) }) })
    }

    /// The rows as a table; vectors longer than `fullDim` show their first `head` and last
    /// `tail` values around a `…` column.
    static func matrixBlock(_ vectors: [[Float]], labels: [String], indices: [Int?], dim: Int,
                            fullDim: Int = fullDim, head: Int = 6, tail: Int = 3) -> Block {
        let cut = dim > fullDim
        let shown: [Int] = cut ? Array(0 ..< head) + Array(dim - tail ..< dim) : Array(0 ..< dim)
        var headers = ["row", "word"]
        for (n, column) in shown.enumerated() {
            if cut && n == head { headers.append("…") }
            headers.append(String(column))
        }
        let rows: [[Cell]] = zip(zip(indices, labels), vectors).map { pair, vector in
            var cells: [Cell] = [pair.0.map { .int($0) } ?? .text("-"), .text(pair.1)]
            for (n, column) in shown.enumerated() {
                if cut && n == head { cells.append(.text("…")) }
                cells.append(.number(Double(vector[column])))
            }
            return cells
        }
        return .table(TextTable(headers: headers, rows: rows))
    }
}
