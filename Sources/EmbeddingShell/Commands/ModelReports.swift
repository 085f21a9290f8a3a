import EmbeddingKit

/// What `summary` and `show` print for a model: Keras's `model.summary()` box table, and
/// what training left (tokenizer, sequence length, classes, history).
enum ModelReports {
    /// Keras's column widths (inside the borders) for the layer, shape and parameter columns.
    private static let widths = [31, 22, 13]

    static func summary(_ summary: ModelSummary) -> Report {
        var lines = ["Model: \"\(summary.modelName)\""]
        func rule(_ left: String, _ fill: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: middle) + right
        }
        func row(_ cells: [[String]], _ bar: String) -> [String] {
            let height = cells.map(\.count).max() ?? 1
            return (0 ..< height).map { line in
                bar + zip(cells, widths).enumerated().map { column, pair in
                    let text = line < pair.0.count ? pair.0[line] : ""
                    let pad = String(repeating: " ", count: max(0, pair.1 - displayWidth(text)))
                    return " " + (column == 2 ? pad + text : text + pad) + " "
                }.joined(separator: bar) + bar
            }
        }
        lines.append(rule("┏", "━", "┳", "┓"))
        lines += row([["Layer (type)"], ["Output Shape"], ["Param #"]], "┃")
        lines.append(rule("┡", "━", "╇", "┩"))
        for (i, layer) in summary.rows.enumerated() {
            if i > 0 { lines.append(rule("├", "─", "┼", "┤")) }
            let full = "\(layer.name) (\(layer.type))"
            let name = displayWidth(full) <= widths[0] ? [full] : [layer.name, "(\(layer.type))"]
            lines += row([name, [layer.outputShape], [formatCount(layer.parameters)]], "│")
        }
        lines.append(rule("└", "─", "┴", "┘"))
        let total = { (count: Int) in "\(formatCount(count)) (\(ModelSummary.memorySize(parameters: count)))" }
        lines += [" Total params: " + total(summary.totalParameters),
                  " Trainable params: " + total(summary.trainableParameters),
                  " Non-trainable params: " + total(summary.nonTrainableParameters)]
        let json = JSON.object([
            ("layers", .array(summary.rows.map { row in
                .object([("name", .string(row.name)), ("type", .string(row.type)), ("output_shape", .string(row.outputShape)),
                         ("params", .int(row.parameters))])
            })),
            ("total_params", .int(summary.totalParameters)),
            ("trainable_params", .int(summary.trainableParameters)),
            ("non_trainable_params", .int(summary.nonTrainableParameters)),
        ])
        return Report([.text(lines.joined(separator: "\n"))], json: json)
    }

    static func details(name: String, _ object: TextClassifier) -> Report {
        var report = summary(object.summary)
        var fields: [(String, String)] = [
            ("model", name),
            ("layers", object.model.config.layers.map(\.description).joined(separator: " ")),
            ("loss", object.model.config.loss.rawValue),
        ]
        if let tokenizerName = object.tokenizerName, let maxlen = object.maxlen {
            fields += [("tokenizer", tokenizerName + " (a copy taken when training)"),
                       ("inputs", "\(maxlen) tokens, padding \(object.padding.rawValue), truncating \(object.truncating.rawValue)"),
                       ("classes", object.labels.enumerated().map { "\($0.offset)=\($0.element)" }.joined(separator: " "))]
        } else {
            fields.append(("trained", "not yet ('train \(name) data=FILE tokenizer=TOK')"))
        }
        let history = object.model.history
        if let last = history.last {
            var metrics = "loss \(formatFixed(last.loss, digits: 4)), accuracy \(formatFixed(last.accuracy, digits: 4))"
            if let loss = last.validationLoss, let accuracy = last.validationAccuracy {
                metrics += ", val_loss \(formatFixed(loss, digits: 4)), val_accuracy \(formatFixed(accuracy, digits: 4))"
            }
            fields.append(("epochs", "\(history.count) trained; last: " + metrics))
        }
        report.blocks.insert(.fields(fields), at: 0)
        return report
    }
}

/// `160289` as `160,289`.
func formatCount(_ value: Int) -> String {
    let digits = String(abs(value))
    var grouped = ""
    for (i, digit) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { grouped += "," }
        grouped.append(digit)
    }
    return (value < 0 ? "-" : "") + grouped
}
