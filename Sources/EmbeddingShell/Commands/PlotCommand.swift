import EmbeddingFormats
import EmbeddingKit

/// `plot`: words of a table projected to 2-D (PCA), drawn in the terminal and as SVG.
enum PlotCommand {
    static let all = [plot]

    private static let subject = Positional.object("NAME", nil, help: "a table, or a model (then: plot MODEL history)")
    static let words = Positional.words("WORD", arity: .many, help: "two or more words (or row indices), or 'history'",
                                                completion: .word)
    private static let out = Option.path("out", help: "also write the plot as an SVG file, or as a projector page when FILE ends in .html")
    static let ascii = Option.bool("ascii", help: "plain ASCII instead of braille (always when not a terminal)")

    static let plot = CommandSpec(
        "plot", group: .learning,
        summary: "a table's words projected to 2-D by PCA, or a model's training history; SVG or a projector page (HTML) too with out=",
        positionals: [subject, words],
        options: [out, ascii],
        examples: ["plot emb king queen man woman", "plot emb cat dog car bus --ascii out=plot.svg", "plot emb king queen man woman out=words.html",
                   "plot clf history"],
        jsonFields: ["words", "points", "explained_variance", "missing", "svg", "html", "epochs[].epoch", "epochs[].loss",
                     "epochs[].accuracy", "epochs[].val_loss", "epochs[].val_accuracy"]
    ) { session, arguments, context in
        let name = arguments[subject].text
        let requested = arguments[words].map(\.text)
        if case .model(let classifier) = try session.object(name) {
            guard requested == ["history"] else {
                throw ShellError.usage(command: "plot", message: "plot: for a model, write 'plot \(name) history'", offset: nil)
            }
            return try history(classifier, name: name, arguments: arguments, context: context)
        }
        let table = try session.table(name)
        let page = arguments[out].map(ProjectCommand.isPage) ?? false
        if page, let path = arguments[out] { try ProjectCommand.checkPage(path, token: arguments.token(of: out)) }
        var words: [String] = [], rows: [Int] = [], missing: [String] = [], seen = Set<Int>()
        for word in requested {
            let row = table.index(of: word) ?? Int(word).flatMap { (0 ..< table.rows).contains($0) ? $0 : nil }
            guard let row else { missing.append(word); continue }
            if seen.insert(row).inserted {
                words.append(word)
                rows.append(row)
            }
        }
        guard words.count >= 2 else {
            let known = words.isEmpty ? "none" : "only " + words.joined(separator: ", ")
            throw ShellError.message("plot needs at least two words of \(name); \(known) found"
                + (missing.isEmpty ? "" : " (not in the table: \(missing.joined(separator: ", ")))"), offset: nil)
        }
        let pca: PCA
        do {
            pca = try PCA(try table.rows(rows), count: page ? 3 : 2, interruption: context.interruption)
        } catch AnalysisError.nonFinite(let vector) {
            throw ShellError.message("cannot plot \(name): '\(words[vector])' has NaN or infinite values",
                                     offset: arguments[Self.words].first { $0.text == words[vector] }?.offset)
        } catch let error as AnalysisError {
            throw ShellError.message("cannot plot \(name): \(error)", offset: nil)
        }
        let percent = { (k: Int) in formatFixed(pca.explainedVariance[k] * 100, digits: 1) + "%" }
        let xCaption = "PC1 (\(percent(0)) of the variance) →", yCaption = "↑ PC2 (\(percent(1)))"
        let points = pca.points.map { Array($0.prefix(2)) }
        if let out = arguments[out], page {
            let map = Projection(pca: pca), vectors = try table.rows(rows).flatMap { $0 }
            _ = try ProjectCommand.writePage(ProjectorPage(title: "\(words.count) words of \(name)", subtitle: map.subtitle, words: words,
                                                           points: map.points, unitVectors: ProjectCommand.unitRows(vectors, dim: table.dim),
                                                           dim: table.dim, axes: map.axes), to: out)
        } else if let out = arguments[out] {
            try write(SVGScatter.document(points: points, labels: words, title: "\(words.count) words of \(name), PCA",
                                          xCaption: xCaption, yCaption: yCaption), to: out)
        }
        let ascii = arguments[ascii] || context.outputColumns == nil
        let columns = min(max((context.outputColumns ?? 80) - 2, 30), 100)
        let drawing = TextScatter(columns: columns, rows: max(10, columns * 2 / 7), ascii: ascii)
            .draw(points: points, labels: words, xCaption: ascii ? xCaption.replacingArrows() : xCaption,
                  yCaption: ascii ? yCaption.replacingArrows() : yCaption)
        var blocks: [Block] = missing.isEmpty ? [] : [.warning("not in \(name), left out: \(missing.joined(separator: ", "))")]
        blocks.append(.text(drawing.text))
        if !drawing.unlabelled.isEmpty {
            let unlabelled = Set(drawing.unlabelled)
            blocks.append(.table(TextTable(headers: ["word", "pc1", "pc2"], rows: zip(words, points)
                .filter { unlabelled.contains($0.0) }.map { [.text($0.0), .number($0.1[0]), .number($0.1[1])] })))
        }
        if let out = arguments[out] { blocks.append(.note("wrote \(out)")) }
        let json = JSON.object([
            ("words", .array(words.map { .string($0) })),
            ("points", .array(points.map { .array($0.map { .double($0) }) })),
            ("explained_variance", .array(pca.explainedVariance.prefix(2).map { .double($0) })),
            ("missing", .array(missing.map { .string($0) })),
            ("svg", page ? .null : arguments[out].map { .string($0) } ?? .null),
            ("html", page ? arguments[out].map { .string($0) } ?? .null : .null),
        ])
        return Report(blocks, json: json)
    }
}

extension PlotCommand {
    /// Loss and accuracy (and their validation values) per epoch.
    private static func history(_ classifier: TextClassifier, name: String, arguments: Arguments, context: CommandContext) throws -> Report {
        let history = classifier.model.history
        guard !history.isEmpty else {
            throw ShellError.message("\(name) has no training history yet: 'train \(name) data=FILE tokenizer=TOK' first", offset: nil)
        }
        var series = [LineChart.Series(name: "loss", values: history.map(\.loss), marker: "*", colour: "#d62728"),
                      LineChart.Series(name: "accuracy", values: history.map(\.accuracy), marker: "o", colour: "#1f77b4")]
        let validationLosses = history.compactMap(\.validationLoss), validationAccuracies = history.compactMap(\.validationAccuracy)
        if validationLosses.count == history.count && validationAccuracies.count == history.count {
            series += [LineChart.Series(name: "val_loss", values: validationLosses, marker: "+", colour: "#ff9896"),
                       LineChart.Series(name: "val_accuracy", values: validationAccuracies, marker: "x", colour: "#aec7e8")]
        }
        if let path = arguments[out], ProjectCommand.isPage(path) {
            throw ShellError.message("a training history is drawn as SVG, not as a projector page: name an .svg file",
                                     offset: arguments.token(of: out)?.offset)
        }
        let chart = LineChart(title: "training history of \(name), \(history.count) epochs", series: series)
        if let out = arguments[out] { try write(chart.svg(), to: out) }
        let columns = min(max((context.outputColumns ?? 80) - 2, 30), 100)
        var blocks: [Block] = [.text(chart.text(columns: columns, rows: 12))]
        if let out = arguments[out] { blocks.append(.note("wrote \(out)")) }
        let json = JSON.object([("epochs", .array(history.map { log in
            .object([("epoch", .int(log.epoch)), ("loss", .double(log.loss)), ("accuracy", .double(log.accuracy)),
                     ("val_loss", log.validationLoss.map { .double($0) } ?? .null),
                     ("val_accuracy", log.validationAccuracy.map { .double($0) } ?? .null)])
        })), ("svg", arguments[out].map { .string($0) } ?? .null)])
        return Report(blocks, json: json)
    }

    /// Writes `svg` to `path` atomically.
    private static func write(_ svg: String, to path: String) throws {
        do {
            try AtomicFile.write(to: path) { descriptor in
                try Array(svg.utf8).withUnsafeBytes { try AtomicFile.writeAll(descriptor, $0, path: path) }
            }
        } catch let error as AtomicFileError {
            throw ShellError.message(error.description, offset: nil)
        }
    }
}

private extension String {
    func replacingArrows() -> String {
        var text = ""
        for character in self {
            switch character {
            case "→": text += "->"
            case "↑": text += "^"
            default: text.append(character)
            }
        }
        return text
    }
}
