import EmbeddingFormats
import EmbeddingKit

/// `model`, `summary`, `train`, `predict`, `extract`: Keras-style models whose first layer
/// is an Embedding lookup table learned by backpropagation.
enum ModelCommands {
    static let all = [model, summary, train, predict, extract]

    private static let newName = Positional.one("NAME", .name, help: "name of the new model")
    private static let layerWords = Positional.words(
        "LAYER", arity: .many,
        help: "layers in order: " + LayerSpec.names.map { $0 + "(…)" }.joined(separator: " ")
            + "; e.g. embedding(10000,16) gap dense(16,relu) dense(1,sigmoid); see 'help model' for the grammar",
        completion: .choices(LayerSpec.names))
    private static let inputLength = Option.int("input_length", 1...SequenceLimits.maxLength,
                                                help: "tokens per text (needed before flatten)")
    private static let rowsTokenizer = Option.name("tokenizer", of: .tokenizer,
                                                   help: "fill an embedding's weights=TABLE rows now, through this tokenizer's "
                                                       + "word index (else train does it)")

    /// The layer grammar, from the parser's own declarations (names, arguments, ranges, activations).
    private static let grammar = """
        layers (names in any case; Keras's class names and keyword arguments work too, e.g. \
        Embedding(input_dim=10000, output_dim=16), GlobalAveragePooling1D, Dense(16, activation='relu')):
          embedding(input_dim, output_dim[, mask_zero][, trainable=False][, weights=TABLE])  Embedding: a table of \
        input_dim rows of output_dim values, looked up by word index; input_dim 1 to \(LayerSpec.inputDimRange.upperBound), \
        output_dim 1 to \(LayerSpec.outputDimRange.upperBound); mask_zero (or mask_zero=True) leaves index 0, the padding, \
        out of pooling. weights=TABLE starts it from a table of pre-trained vectors (GloVe, word2vec): row i is the \
        vector of the tokenizer's word i, zeros for words the table lacks and for the padding, as Keras's \
        pre-trained embeddings example builds it (when train first runs, or at model with tokenizer=TOK). \
        trainable=False freezes it: training leaves it unchanged and summary counts it as non-trainable. \
        Always the first layer.
          flatten  Flatten: the steps' vectors one after another (needs input_length=N)
          gap  GlobalAveragePooling1D: the mean of the steps' vectors
          gmp  GlobalMaxPooling1D: the largest value over the steps, per feature
          dense(units[, activation])  Dense: units 1 to \(LayerSpec.unitsRange.upperBound); activation: \
        \(Activation.allCases.map(\.rawValue).joined(separator: ", ")) (default linear)
          dropout(rate)  Dropout: drops a share rate in [0, 1) of its inputs while training
          spatialdropout1d(rate)  SpatialDropout1D: drops whole features of a sequence (the same at every step) \
        while training
          conv1d(filters, kernel_size[, activation][, strides=S][, padding=valid|same])  Conv1D: filters outputs \
        per step, each from a window of kernel_size steps moved S steps at a time; padding=valid keeps the windows \
        inside the sequence ((steps − kernel_size) / S + 1 outputs), same pads its ends (⌈steps / S⌉ outputs); \
        filters 1 to \(LayerSpec.unitsRange.upperBound), kernel_size and strides 1 to \(LayerSpec.windowRange.upperBound), \
        activation as dense
          maxpool1d([pool_size][, strides=S][, padding=valid|same])  MaxPooling1D: the largest value of each window \
        of pool_size steps (default 2; strides default pool_size)
          avgpool1d([pool_size][, strides=S][, padding=valid|same])  AveragePooling1D: the mean of each window \
        (with padding=same, of its steps inside the sequence)
          lstm(units[, return_sequences])  LSTM: tanh and sigmoid gates as Keras 3; the last step's output, or \
        every step's with return_sequences (or return_sequences=True); with mask_zero, padded steps are skipped
          gru(units[, return_sequences])  GRU: Keras 3's (reset_after=True)
          bidirectional(lstm(…)|gru(…))  Bidirectional: the layer run forwards and backwards, its outputs side by \
        side (merge_mode='concat'), twice the units
        Conv1D and the pooling layers drop the mask, as in Keras.
        The last layer picks the loss: dense(1,sigmoid) for two classes (binary cross-entropy), dense(N,softmax) \
        for N classes (sparse categorical cross-entropy). At most \(ModelConfig.maximumParameters) parameters in all.
        """

    /// The JSON fields of `model` and `summary`, which both show the summary.
    private static let summaryFields = ["layers[].name", "layers[].type", "layers[].output_shape", "layers[].params",
                                        "total_params", "trainable_params", "non_trainable_params"]

    static let model = CommandSpec(
        "model", group: .models, summary: "define a Keras-style Sequential model",
        positionals: [newName, layerWords],
        options: [inputLength, rowsTokenizer, CommonOptions.seed, CommonOptions.replace],
        examples: ["model clf embedding(10000,16) gap dense(16,relu) dense(1,sigmoid)",
                   "model frozen embedding(10000,100,weights=glove,trainable=False) gap dense(1,sigmoid) tokenizer=tok",
                   "model seed_model embedding(10000,8) flatten dense(1,sigmoid) input_length=40",
                   "model cnn embedding(10000,32) conv1d(64,5,relu) gmp dense(1,sigmoid)",
                   "model rnn embedding(10000,32,mask_zero) bidirectional(lstm(32,return_sequences)) gru(16) dense(3,softmax)",
                   "model keras Embedding(10000, 16, mask_zero=True) GlobalAveragePooling1D Dense(1, activation='sigmoid')"],
        jsonFields: summaryFields,
        details: grammar
    ) { session, arguments, context in
        let name = arguments[newName].text
        let specs = try layerSpecs(arguments[layerWords])
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
            config = try ModelConfig(layers: layers, inputLength: arguments[inputLength])
        } catch {
            throw ShellError.message(String(describing: error), offset: nil)
        }
        try config.reserveMemory()
        try PretrainedRows.check(config, in: session)
        let seed = UInt64(arguments[CommonOptions.seed] ?? context.settings.seed)
        var classifier = TextClassifier(model: SequentialModel(config: config, seed: seed))
        var notes = ["created model \(name)"]
        if let tokenizerName = arguments[rowsTokenizer] {
            guard PretrainedRows.tableName(of: classifier) != nil else {
                throw ShellError.usage(command: "model", message: "model: tokenizer= goes with an embedding's weights=TABLE",
                                       offset: arguments.token(of: rowsTokenizer)?.offset)
            }
            let tokenizer = try session.textTokenizer(tokenizerName)
            if let note = try PretrainedRows.load(into: &classifier, tokenizer: tokenizer, tokenizerName: tokenizerName,
                                                  session: session) {
                notes.append(note)
            }
            // The rows follow this tokenizer's indices: training uses it unless told otherwise.
            classifier.tokenizer = tokenizer
            classifier.tokenizerName = tokenizerName
        }
        try session.insert(.model(classifier), as: name, replace: arguments[CommonOptions.replace])
        var report = ModelReports.summary(ModelSummary(config))
        report.blocks.insert(contentsOf: notes.map(Block.note), at: 0)
        return report
    }

    /// The layer specs written over several words (`dense(16, relu)` is two words), each
    /// with the offset of its first character in the line.
    private static func layerSpecs(_ tokens: [Token]) throws(ShellError) -> [(text: String, offset: Int)] {
        var specs: [(text: String, offset: Int)] = []
        var open = 0
        for token in tokens {
            if open > 0, let last = specs.popLast() {
                // The gap as typed, so that offsets within the spec are offsets in the line.
                let gap = String(repeating: " ", count: max(1, token.offset - last.offset - last.text.count))
                specs.append((last.text + gap + token.text, last.offset))
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

    /// The model a command works with, its first argument.
    private static let subject = Positional.object("MODEL", .model, help: "the model")

    static let summary = CommandSpec(
        "summary", group: .models, summary: "the model's layers, output shapes and parameter counts (Keras model.summary())",
        positionals: [subject],
        examples: ["summary clf"],
        jsonFields: summaryFields,
        instead: [.table: "show", .tokenizer: "show"]
    ) { session, arguments, _ in
        ModelReports.summary(try session.model(arguments[subject].text).summary)
    }

    static let train = CommandSpec(
        "train", group: .models, summary: "fit a model on labelled texts, epoch by epoch (Keras fit)",
        positionals: [subject],
        options: ModelTraining.options,
        examples: ["train clf data=tweets-train.tsv tokenizer=tok maxlen=40 padding=post truncating=post epochs=10 validation=0.2"],
        jsonFields: ["trained", "epochs", "stopped", "loss", "accuracy", "val_loss", "val_accuracy", "history[].epoch",
                     "history[].loss", "history[].accuracy", "history[].val_loss", "history[].val_accuracy",
                     "history[].seconds", "best_epoch", "restored_epoch", "fitted_tokenizer"],
        instead: [.tokenizer: "fit"]
    ) { session, arguments, context in
        try ModelTraining.run(&session, arguments[subject].text, arguments, context)
    }

    private static let texts = Positional.words("TEXT", arity: .any, help: "texts; quote each one", completion: .word)
    private static let textsFile = Option.path("file", help: "also predict each line of this file (one text per line)")
    private static let textsData = Option.path("data", help: "also predict the texts of a labelled file, read as train reads it")

    static let predict = CommandSpec(
        "predict", group: .models, summary: "the class and its probability for each text",
        positionals: [subject, texts],
        options: [textsFile, textsData] + LabelledDataOptions.all,
        examples: [#"predict clf "what a great day" "this is awful""#, "predict clf file=new-reviews.txt",
                   "predict clf data=tweets-test.tsv"],
        jsonFields: ["predictions[].text", "predictions[].label", "predictions[].probability", "predictions[].outputs"],
        instead: [.tokenizer: "tokenize"]
    ) { session, arguments, context in
        let name = arguments[subject].text
        let classifier = try session.model(name)
        var texts = arguments[texts].map(\.text)
        if let path = arguments[textsFile] { texts += try lines(of: path, interruption: context.interruption) }
        if let path = arguments[textsData] { texts += try LabelledDataOptions.read(path, arguments).texts }
        guard !texts.isEmpty || arguments[textsFile] != nil || arguments[textsData] != nil else {
            throw ShellError.usage(command: "predict", message: "predict: give texts, file=FILE or data=FILE", offset: nil)
        }
        let predictions = try ModelTraining.predictions(classifier, name: name, texts: texts, threads: context.settings.threads)
        try Report.reserveCells(texts.count, 3, of: "predictions for \(texts.count) texts", lower: "predict fewer texts at a time")
        let rows: [[Cell]] = zip(texts, predictions).map { text, prediction in
            [.text(text), .text(classifier.labelName(prediction.label)), .number(Double(prediction.probability))]
        }
        let json = JSON.object([("predictions", .array(zip(texts, predictions).map { text, prediction in
            .object([("text", .string(text)), ("label", .string(classifier.labelName(prediction.label))),
                     ("probability", .float(prediction.probability)), ("outputs", .array(prediction.outputs.map { .float($0) }))])
        }))])
        return Report([.table(TextTable(headers: ["text", "class", "probability"], rows: rows))], json: json)
    }

    /// The lines of a text file, one text each (as `fit … file=` reads a corpus).
    private static func lines(of path: String, interruption: Interruption) throws -> [String] {
        var lines: [String] = []
        do {
            try CorpusReader(path: path).forEachDocument(interruption: interruption) { lines.append($0.string) }
        } catch let error as CorpusError {
            throw ShellError.message(error.description, offset: nil)
        }
        return lines
    }

    private static let tableName = Option.requiredName("as", help: "name of the new table")
    private static let layer = Option.int("layer", 0...10_000, default: 0, help: "index of the embedding layer")

    static let extract = CommandSpec(
        "extract", group: .models, summary: "a model's learned embedding as a table labelled by its tokenizer's words",
        positionals: [subject],
        options: [tableName, layer, CommonOptions.replace],
        examples: ["extract clf as=learned"],
        jsonFields: ["extracted", "rows", "dim"]
    ) { session, arguments, _ in
        let name = arguments[subject].text, tableName = arguments[tableName]
        let classifier = try session.model(name)
        let weights: (rows: Int, dim: Int, values: [Float])
        do {
            weights = try classifier.model.embeddingWeights(layer: arguments[layer])
        } catch {
            throw ShellError.message(String(describing: error), offset: nil)
        }
        let labels = (0 ..< weights.rows).map { row in
            row == 0 ? TableCommands.paddingLabel : classifier.tokenizer?.word(at: row) ?? String(row)
        }
        let table = try EmbeddingTable(rows: weights.rows, dim: weights.dim, values: weights.values, labels: labels)
        try session.insert(.table(table), as: tableName, replace: arguments[CommonOptions.replace])
        return .note("extracted \(weights.rows)×\(weights.dim) embedding of \(name) as table \(tableName)"
                     + (classifier.tokenizer == nil ? " (untrained: rows are labelled by index)" : ", rows labelled by its tokenizer's words"),
                     json: .object([("extracted", .string(tableName)), ("rows", .int(weights.rows)), ("dim", .int(weights.dim))]))
    }
}
