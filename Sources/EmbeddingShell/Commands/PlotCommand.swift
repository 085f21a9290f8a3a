import EmbeddingFormats
import EmbeddingKit

/// `plot`: words of a table projected to 2-D (PCA), drawn in the terminal and as SVG.
enum PlotCommand {
    static let all = [plot]

    static let plot = CommandSpec(
        "plot", group: .learning, summary: "words of a table projected to 2-D by PCA: a terminal scatter, and SVG with out=",
        positionals: [.object("TABLE", .table, help: "the table"),
                      PositionalSpec("WORD", arity: .many, help: "two or more words (or row indices)", completion: .word)],
        options: [OptionSpec("out", .path, help: "also write the plot as an SVG file"),
                  OptionSpec("ascii", .bool, default: "false", help: "plain ASCII instead of braille (always when not a terminal)")],
        examples: ["plot emb king queen man woman", "plot emb cat dog car bus out=plot.svg"]
    ) { session, arguments, shell in
        let name = arguments.positional("TABLE")!
        let table = try session.table(name)
        let requested = arguments.positionals("WORD")
        var words: [String] = [], rows: [Int] = [], missing: [String] = []
        for word in requested {
            let row = table.index(of: word) ?? Int(word).flatMap { (0 ..< table.rows).contains($0) ? $0 : nil }
            guard let row else { missing.append(word); continue }
            if !rows.contains(row) {
                words.append(word)
                rows.append(row)
            }
        }
        guard words.count >= 2 else {
            let known = words.isEmpty ? "none" : "only " + words.joined(separator: ", ")
            throw ShellError.message("plot needs at least two words of \(name); \(known) found"
                + (missing.isEmpty ? "" : " (not in the table: \(missing.joined(separator: ", ")))"), offset: nil)
        }
        if !missing.isEmpty {
            shell.sink.err("warning: not in \(name), left out: \(missing.joined(separator: ", "))\n")
        }
        let pca: PCA
        do {
            pca = try PCA(try table.rows(rows))
        } catch let error as AnalysisError {
            throw ShellError.message("cannot plot \(name): \(error)", offset: nil)
        }
        let percent = { (k: Int) in formatFixed(pca.explainedVariance[k] * 100, digits: 1) + "%" }
        let xCaption = "PC1 (\(percent(0)) of the variance) →", yCaption = "↑ PC2 (\(percent(1)))"
        if let out = arguments.string("out") {
            let svg = SVGScatter.document(points: pca.points, labels: words, title: "\(words.count) words of \(name), PCA",
                                          xCaption: xCaption, yCaption: yCaption)
            do {
                try AtomicFile.write(to: out) { descriptor in
                    try Array(svg.utf8).withUnsafeBytes { try AtomicFile.writeAll(descriptor, $0, path: out) }
                }
            } catch let error as AtomicFileError {
                throw ShellError.message(error.description, offset: nil)
            }
        }
        let ascii = (arguments.bool("ascii") ?? false) || shell.outputColumns == nil
        let columns = min(max((shell.outputColumns ?? 80) - 2, 30), 100)
        let drawing = TextScatter(columns: columns, rows: max(10, columns * 2 / 7), ascii: ascii)
            .draw(points: pca.points, labels: words, xCaption: ascii ? xCaption.replacingArrows() : xCaption,
                  yCaption: ascii ? yCaption.replacingArrows() : yCaption)
        var blocks: [Block] = [.text(drawing.text)]
        if !drawing.unlabelled.isEmpty {
            blocks.append(.table(TextTable(headers: ["word", "pc1", "pc2"], rows: zip(words, pca.points)
                .filter { drawing.unlabelled.contains($0.0) }.map { [.text($0.0), .number($0.1[0]), .number($0.1[1])] })))
        }
        if let out = arguments.string("out") { blocks.append(.note("wrote \(out)")) }
        let json = JSON.object([
            ("words", .array(words.map { .string($0) })),
            ("points", .array(pca.points.map { .array($0.map { .double($0) }) })),
            ("explained_variance", .array(pca.explainedVariance.map { .double($0) })),
            ("missing", .array(missing.map { .string($0) })),
            ("svg", arguments.string("out").map { .string($0) } ?? .null),
        ])
        return Report(blocks, json: json)
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
