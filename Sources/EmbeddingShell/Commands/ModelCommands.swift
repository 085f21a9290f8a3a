import EmbeddingFormats
import EmbeddingKit

/// `model`, `summary`, `train`, `predict`, `extract`: Keras-style models whose first layer
/// is an Embedding lookup table learned by backpropagation.
enum ModelCommands {
    static let all = [model, summary, train, predict, extract]

    static let model = CommandSpec(
        "model", group: .models, summary: "define a Keras-style Sequential model",
        positionals: [PositionalSpec("NAME", .name, help: "name of the new model"),
                      PositionalSpec("LAYER", arity: .many, help: "layers in order: " + LayerSpec.names.map { $0 + "(…)" }
                        .joined(separator: " ") + "; e.g. embedding(10000,16) gap dense(16,relu) dense(1,sigmoid); "
                        + "limits: input_dim \(LayerSpec.inputDimRange.upperBound), output_dim \(LayerSpec.outputDimRange.upperBound), "
                        + "units \(LayerSpec.unitsRange.upperBound), \(ModelConfig.maximumParameters) parameters in all",
                                     completion: .choices(LayerSpec.names))],
        options: [OptionSpec("input_length", .int(1...SequenceLimits.maxLength), help: "tokens per text (needed before flatten)"),
                  OptionSpec("seed", .int(0...Int.max), help: "seeds the initial weights (default: the seed setting)"),
                  OptionSpec("replace", .bool, default: "false", help: "replace an object of the same name")],
        examples: ["model clf embedding(10000,16) gap dense(16,relu) dense(1,sigmoid)",
                   "model seed_model embedding(10000,8) flatten dense(1,sigmoid) input_length=40"]
    ) { session, arguments, shell in
        let name = arguments.positional("NAME")!
        let specs = try layerSpecs(arguments.tokens("LAYER"))
        var layers: [LayerSpec] = []
        for spec in specs {
            do {
                layers.append(try LayerSpec(parsing: spec.text))
            } catch {
                var offset = spec.offset
                if case .badLayerSpec(_, let within, _)? = error as? ModelError { offset += within }
                throw ShellError.message(String(describing: error), offset: offset)
            }
        }
        let config: ModelConfig
        do {
            config = try ModelConfig(layers: layers, inputLength: arguments.int("input_length"))
        } catch {
            throw ShellError.message(String(describing: error), offset: nil)
        }
        try config.reserveMemory()
        let seed = UInt64(arguments.int("seed") ?? shell.settings.seed)
        try session.insert(.model(TextClassifier(model: SequentialModel(config: config, seed: seed))), as: name,
                           replace: arguments.bool("replace") ?? false)
        var report = ModelReports.summary(ModelSummary(config))
        report.blocks.insert(.note("created model \(name)"), at: 0)
        return report
    }

    /// The layer specs written over several words (`dense(16, relu)` is two words), each
    /// with the offset of its first character in the line.
    private static func layerSpecs(_ tokens: [Token]) throws(ShellError) -> [(text: String, offset: Int)] {
        var specs: [(text: String, offset: Int)] = []
        var open = 0
        for token in tokens {
            if open > 0, let last = specs.popLast() {
                specs.append((last.text + token.text, last.offset))
            } else {
                specs.append((token.text, token.offset))
            }
            open += token.text.filter { $0 == "(" }.count - token.text.filter { $0 == ")" }.count
        }
        if open > 0, let last = specs.last {
            throw ShellError.message("layer '\(last.text)' has an unclosed '('", offset: last.offset)
        }
        return specs
    }

    static let summary = CommandSpec(
        "summary", group: .models, summary: "the model's layers, output shapes and parameter counts (Keras model.summary())",
        positionals: [.object("MODEL", .model, help: "the model")],
        examples: ["summary clf"]
    ) { session, arguments, _ in
        ModelReports.summary(try session.model(arguments.positional("MODEL")!).summary)
    }

    static let train = CommandSpec(
        "train", group: .models, summary: "fit a model on labelled texts, epoch by epoch (Keras fit)",
        positionals: [.object("MODEL", .model, help: "the model")],
        options: [OptionSpec("data", .path, help: "training data: label<TAB>text lines, CSV with a header, or fastText"),
                  OptionSpec("tokenizer", .name, help: "tokenizer for the texts (fitted on the data when still empty)",
                             completion: .object(.tokenizer)),
                  OptionSpec("format", .choice(LabelledTexts.Format.allCases.map(\.rawValue)),
                             help: "data format (default: csv for a .csv file, fasttext when it starts with __label__, else tsv)"),
                  OptionSpec("label_column", .text, help: "CSV: the label column (header name or number; default label)"),
                  OptionSpec("text_column", .text, help: "CSV: the text column (default text)"),
                  OptionSpec("maxlen", .int(1...SequenceLimits.maxLength), help: "tokens per text (default: input_length, else the longest)"),
                  OptionSpec("padding", .choice(["pre", "post"]), help: "where padding goes (default pre, as Keras)"),
                  OptionSpec("truncating", .choice(["pre", "post"]), help: "where long texts are cut (default pre)"),
                  OptionSpec("epochs", .int(1...100_000), default: "10", help: "passes over the data"),
                  OptionSpec("batch", .int(1...1_000_000), default: "32", help: "texts per gradient step"),
                  OptionSpec("optimizer", .choice(Optimizer.Kind.allCases.map(\.rawValue)), default: "adam", help: "adam or sgd"),
                  OptionSpec("lr", .double(1e-12...100), help: "learning rate (default 0.001 for adam, 0.01 for sgd)"),
                  OptionSpec("momentum", .double(0...1), help: "sgd: momentum (default 0)"),
                  OptionSpec("validation", .text, help: "a fraction taken from the end (0.2) or a file of held-out texts"),
                  OptionSpec("seed", .int(0...Int.max), help: "seeds shuffling and dropout (default: the seed setting)")],
        examples: ["train clf data=tweets-train.tsv tokenizer=tok maxlen=40 padding=post truncating=post epochs=10 validation=0.2"]
    ) { session, arguments, shell in
        try ModelTraining.run(&session, arguments, shell)
    }

    static let predict = CommandSpec(
        "predict", group: .models, summary: "the class and its probability for each text",
        positionals: [.object("MODEL", .model, help: "a trained model"),
                      PositionalSpec("TEXT", arity: .many, help: "texts; quote each one", completion: .word)],
        examples: [#"predict clf "what a great day" "this is awful""#]
    ) { session, arguments, shell in
        let name = arguments.positional("MODEL")!
        let classifier = try session.model(name)
        let texts = arguments.positionals("TEXT")
        let predictions = try ModelTraining.predictions(classifier, name: name, texts: texts, threads: shell.settings.threads)
        let rows: [[Cell]] = zip(texts, predictions).map { text, prediction in
            [.text(text), .text(classifier.labelName(prediction.label)), .number(Double(prediction.probability))]
        }
        let json = JSON.object([("predictions", .array(zip(texts, predictions).map { text, prediction in
            .object([("text", .string(text)), ("label", .string(classifier.labelName(prediction.label))),
                     ("probability", .float(prediction.probability)), ("outputs", .array(prediction.outputs.map { .float($0) }))])
        }))])
        return Report([.table(TextTable(headers: ["text", "class", "probability"], rows: rows))], json: json)
    }

    static let extract = CommandSpec(
        "extract", group: .models, summary: "a model's learned embedding as a table labelled by its tokenizer's words",
        positionals: [.object("MODEL", .model, help: "the model")],
        options: [OptionSpec("as", .name, help: "name of the new table"),
                  OptionSpec("layer", .int(0...10_000), default: "0", help: "index of the embedding layer"),
                  OptionSpec("replace", .bool, default: "false", help: "replace an object of the same name")],
        examples: ["extract clf as=learned"]
    ) { session, arguments, _ in
        let name = arguments.positional("MODEL")!
        guard let tableName = arguments.string("as") else {
            throw ShellError.usage(command: "extract", message: "extract: give the new table's name with as=NAME", offset: nil)
        }
        let classifier = try session.model(name)
        let weights: (rows: Int, dim: Int, values: [Float])
        do {
            weights = try classifier.model.embeddingWeights(layer: arguments.int("layer") ?? 0)
        } catch {
            throw ShellError.message(String(describing: error), offset: nil)
        }
        let labels = (0 ..< weights.rows).map { row in
            row == 0 ? TableCommands.paddingLabel : classifier.tokenizer?.word(at: row) ?? String(row)
        }
        let table = try EmbeddingTable(rows: weights.rows, dim: weights.dim, values: weights.values, labels: labels)
        try session.insert(.table(table), as: tableName, replace: arguments.bool("replace") ?? false)
        return .note("extracted \(weights.rows)×\(weights.dim) embedding of \(name) as table \(tableName)"
                     + (classifier.tokenizer == nil ? " (untrained: rows are labelled by index)" : ", rows labelled by its tokenizer's words"),
                     json: .object([("extracted", .string(tableName)), ("rows", .int(weights.rows)), ("dim", .int(weights.dim))]))
    }
}
