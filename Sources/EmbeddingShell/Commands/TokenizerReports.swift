import EmbeddingKit

/// What `show TOKENIZER` prints: configuration, counts and the most frequent words.
enum TokenizerReports {
    static let topWords = 10

    static func details(name: String, _ tokenizer: Tokenizer) -> Report {
        let config = tokenizer.config
        let settings: [(String, JSON)] = [
            ("num_words", config.numWords.map { .int($0) } ?? .null),
            ("oov_token", config.oovToken.map { .string($0) } ?? .null),
            ("lower", .bool(config.lower)),
            ("filters", .string(config.filters)),
            ("split", .string(config.split)),
            ("char_level", .bool(config.charLevel)),
        ]
        let top = tokenizer.mostFrequent(topWords)
        let fields: [(String, String)] = [
            ("tokenizer", name),
            ("num_words", config.numWords.map(String.init) ?? "none (every word)"),
            ("oov token", config.oovToken.map { "\($0) (index \(tokenizer.oovIndex ?? 1))" } ?? "none (unknown words are dropped)"),
            ("lower", String(config.lower)),
            ("filters", visible(config.filters)),
            ("split", visible(config.split)),
            ("char_level", String(config.charLevel)),
            ("documents", String(tokenizer.documentCount)),
            ("vocabulary", "\(tokenizer.vocabularySize) distinct words (word_index: \(tokenizer.wordIndexCount) entries)"),
        ]
        let rows: [[Cell]] = top.map { [.int(tokenizer.index(of: $0.word) ?? 0), .text($0.word), .int($0.count)] }
        var blocks: [Block] = [.fields(fields)]
        if !rows.isEmpty {
            blocks.append(.text("most frequent words:"))
            blocks.append(.table(TextTable(headers: ["index", "word", "count"], rows: rows)))
        }
        let json = JSON.object([
            ("name", .string(name)), ("kind", .string("tokenizer")), ("config", .object(settings)),
            ("document_count", .int(tokenizer.documentCount)), ("vocab_size", .int(tokenizer.vocabularySize)),
            ("word_index_size", .int(tokenizer.wordIndexCount)),
            ("top_words", .array(top.map { .object([("word", .string($0.word)), ("count", .int($0.count))]) })),
        ])
        return Report(blocks, json: json)
    }

    /// A warning for `indices` (other than 0) that name no word of tokenizer `name`: what
    /// `detokenize` made of them, which Keras does without a word.
    static func wordlessIndices(_ indices: [Int], tokenizer: Tokenizer, name: String) -> [Block] {
        guard !indices.isEmpty else { return [] }
        let fate = tokenizer.oovIndex.flatMap { tokenizer.word(at: $0) }.map { "written as the OOV token '\($0)'" } ?? "skipped"
        let listed = indices.map(String.init).joined(separator: ", ")
        return [.warning("\(indices.count == 1 ? "index" : "indices") \(listed) name\(indices.count == 1 ? "s" : "") no word of \(name): "
                         + "\(fate), as Keras does")]
    }

    /// Control characters written as escapes, so tab and newline can be seen.
    static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case " ": out += text.unicodeScalars.count == 1 ? "' ' (space)" : " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// What `matrix` prints: the rows (all columns when narrow, the non-zero ones when wide)
/// and how much memory the matrix takes against the same texts as index sequences.
enum MatrixReport {
    /// Matrices at most this wide are shown whole.
    static let fullWidth = 16

    /// The report of `matrix`, made with `mode`'s name; `label` heads a column.
    static func make(_ matrix: TextMatrix, texts: [String], mode: String, footprint: MatrixFootprint,
                     label: (Int) -> String) -> Report {
        var blocks: [Block] = []
        if matrix.columns <= fullWidth {
            let headers = ["text"] + (0 ..< matrix.columns).map(label)
            let rows: [[Cell]] = texts.indices.map { r in [.text(texts[r])] + matrix.row(r).map { .number($0) } }
            blocks.append(.table(TextTable(headers: headers, rows: rows)))
        } else {
            let rows: [[Cell]] = texts.indices.map { r in
                let nonZero = matrix.row(r).enumerated().filter { $0.element != 0 }
                let cells = nonZero.map { "\(label($0.offset))=\(formatNumber($0.element, precision: 4))" }
                return [.text(texts[r]), .int(nonZero.count), .text(cells.joined(separator: " "))]
            }
            blocks.append(.table(TextTable(headers: ["text", "non-zero", "column:word=value"], rows: rows)))
        }
        let cells = matrix.rows * matrix.columns
        let ratio = footprint.sequenceBytes == 0 ? 0 : Double(footprint.matrixBytes) / Double(footprint.sequenceBytes)
        blocks.append(.text(
            "shape (\(matrix.rows), \(matrix.columns)): \(cells) float64 cells = \(formatBytes(footprint.matrixBytes)); "
            + "the same texts as int32 sequences take \(formatBytes(footprint.sequenceBytes)) "
            + "(\(formatBytes(footprint.paddedSequenceBytes)) padded)"
            + (ratio > 0 ? ", \(formatFixed(ratio, digits: 1))× less" : "")))
        let json = JSON.object([
            ("matrix", .array((0 ..< matrix.rows).map { r in .array(matrix.row(r).map { .double($0) }) })),
            ("mode", .string(mode)),
            ("shape", .array([.int(matrix.rows), .int(matrix.columns)])),
            ("matrix_bytes", .int(footprint.matrixBytes)),
            ("sequence_bytes", .int(footprint.sequenceBytes)),
            ("padded_sequence_bytes", .int(footprint.paddedSequenceBytes)),
        ])
        return Report(blocks, json: json)
    }
}
