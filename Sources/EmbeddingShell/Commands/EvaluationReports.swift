import EmbeddingKit

/// What `evaluate` prints for word pairs and for analogies.
enum EvaluationReports {
    static func pairs(_ result: WordPairsResult, path: String) -> Report {
        var fields: [(String, String)] = [
            ("file", path),
            ("spearman", formatNumber(result.spearman, precision: 6)),
            ("pearson", formatNumber(result.pearson, precision: 6)),
            ("pairs used", String(result.pairsUsed)),
            ("oov pairs", "\(result.oovPairs) (\(formatFixed(result.oovRatio, digits: 2))%)"),
        ]
        if result.malformedLines > 0 { fields.append(("malformed lines skipped", String(result.malformedLines))) }
        if result.zeroVectorPairs > 0 { fields.append(("zero-vector pairs skipped", String(result.zeroVectorPairs))) }
        return Report([.fields(fields)], json: .object([
            ("spearman", .double(result.spearman)), ("pearson", .double(result.pearson)),
            ("pairs", .int(result.pairsUsed)), ("oov_ratio", .double(result.oovRatio)),
            ("oov_pairs", .int(result.oovPairs)), ("malformed_lines", .int(result.malformedLines)),
        ]))
    }

    static func analogies(_ result: AnalogyEvaluation, path: String) -> Report {
        let sections = result.sections + [result.total]
        let rows: [[Cell]] = sections.map { [.text($0.name), .int($0.correct), .int($0.total), .number($0.accuracy)] }
        var blocks: [Block] = [.table(TextTable(headers: ["section", "correct", "total", "accuracy"], rows: rows))]
        var notes = "\(result.oovQuestions) of \(result.questions) questions skipped (a word outside the vocabulary, "
            + "\(formatFixed(result.oovRatio, digits: 2))%)"
        if result.invalidLines > 0 { notes += "; \(result.invalidLines) malformed lines skipped" }
        blocks.append(.text(notes))
        return Report(blocks, json: .object([
            ("accuracy", .double(result.accuracy)), ("correct", .int(result.total.correct)), ("total", .int(result.total.total)),
            ("sections", .array(result.sections.map {
                .object([("section", .string($0.name)), ("correct", .int($0.correct)), ("total", .int($0.total))])
            })),
            ("oov_questions", .int(result.oovQuestions)), ("invalid_lines", .int(result.invalidLines)),
        ]))
    }
}
