#if canImport(Glibc)
import Glibc
#endif
import EmbeddingFormats
import EmbeddingKit

/// What `train` does, and turning labelled files into a model's inputs (also for `evaluate`).
enum ModelTraining {
    static let trainingData = Option.requiredPath("data", help: "training data: label<TAB>text lines, CSV with a header, or fastText")
    static let textTokenizer = Option.name("tokenizer", of: .tokenizer, help: "tokenizer for the texts (fitted on the data when still empty)")
    static let epochs = Option.int("epochs", 1...100_000, default: 10, help: "passes over the data")
    static let batch = Option.int("batch", 1...1_000_000, default: 32, help: "texts per gradient step", aliases: [.spelling("batch_size")])
    static let optimizerKind = Option.choice("optimizer", default: Optimizer.Kind.adam, help: "adam or sgd")
    static let learningRate = Option.double("lr", 1e-12...100, help: "learning rate (default 0.001 for adam, 0.01 for sgd)",
                                  aliases: [.spelling("learning_rate")])
    static let momentum = Option.double("momentum", 0...1, help: "sgd: momentum (default 0)")
    static let heldOut = Option.text("validation", help: "a fraction taken from the end (0.2) or a file of held-out texts",
                                        aliases: [.spelling("validation_split")])
    static let options: [any OptionDeclaration] = [trainingData, textTokenizer] + LabelledDataOptions.all + PaddingOptions.all
        + [epochs, batch, optimizerKind, learningRate, momentum, heldOut] + EarlyStoppingOptions.all + [CommonOptions.seed]

    static func run(_ session: inout Session, _ name: String, _ arguments: Arguments, _ context: CommandContext) throws -> Report {
        var classifier = try session.model(name)
        let path = arguments[trainingData]
        let data = try LabelledDataOptions.read(path, arguments)

        // The tokenizer: the one named, else the model's own from earlier training.
        var tokenizerName = classifier.tokenizerName
        var tokenizer = classifier.tokenizer
        if let named = arguments[textTokenizer] {
            tokenizerName = named
            tokenizer = try session.textTokenizer(named, adapted: false)
        }
        guard var tokenizer = tokenizer, let tokenizerName else {
            throw ShellError.usage(command: "train", message: "train: name the tokenizer with tokenizer=TOK", offset: nil)
        }
        let fitsTokenizer = !tokenizer.isFitted
        if fitsTokenizer {
            do { try tokenizer.fit(texts: data.texts) } catch {
                throw ShellError.message("fitting \(tokenizerName) on \(path): \(error)", offset: nil)
            }
            session.update(tokenizer, as: tokenizerName)
        }
        // Pre-trained rows are matched to the tokenizer of the first training, which fixes the word indices.
        let pretrained = classifier.isTrained ? nil
            : try PretrainedRows.load(into: &classifier, tokenizer: tokenizer, tokenizerName: tokenizerName, session: session)

        let labelNames = classifier.labels.isEmpty ? classNames(data.labels) : classifier.labels
        let labels = try classIDs(data.labels, names: labelNames, path: path)
        try checkClasses(labelNames, classifier.model.config, name: name)
        // A vectorizer pads and cuts at the end, to its output_sequence_length, as the Keras layer does.
        let atEnd = tokenizer.outputSequenceLength != nil
        classifier.padding = arguments.token(of: PaddingOptions.padding) == nil && atEnd ? .post : arguments[PaddingOptions.padding]
        classifier.truncating = arguments.token(of: PaddingOptions.truncating) == nil && atEnd
            ? .post : arguments[PaddingOptions.truncating]
        let raw = tokenizer.textsToSequences(data.texts)
        let maxlen = arguments[PaddingOptions.maxlen] ?? classifier.model.config.inputLength ?? classifier.maxlen
            ?? tokenizer.outputSequenceLength ?? max(1, raw.map(\.count).max() ?? 1)
        classifier.maxlen = maxlen
        classifier.tokenizer = tokenizer
        classifier.tokenizerName = tokenizerName
        classifier.labels = labelNames
        let sequences = try padSequences(raw, maxlen: maxlen, padding: classifier.padding, truncating: classifier.truncating,
                                         value: arguments[PaddingOptions.value])
        try checkIndices(tokenizer, tokenizerName: tokenizerName, classifier.model.config)

        var optimizer = Optimizer(arguments[optimizerKind], learningRate: arguments[learningRate])
        if let momentum = arguments[Self.momentum] {
            guard case .sgd(let learningRate, _) = optimizer else {
                throw ShellError.usage(command: "train", message: "train: momentum= goes with optimizer=sgd",
                                       offset: arguments.token(of: Self.momentum)?.offset)
            }
            optimizer = .sgd(learningRate: learningRate, momentum: momentum)
        }
        var options = TrainingOptions(epochs: arguments[epochs], batchSize: arguments[batch], optimizer: optimizer,
                                      seed: UInt64(arguments[CommonOptions.seed] ?? context.settings.seed),
                                      threads: context.settings.threads, earlyStopping: EarlyStoppingOptions.rule(arguments))
        if let validation = arguments[heldOut] {
            if let fraction = Double(validation) {
                options.validation = .split(fraction)
            } else {
                let held = try LabelledDataOptions.read(validation, arguments)
                options.validation = .data(sequences: classifier.sequences(held.texts)!,
                                           labels: try classIDs(held.labels, names: labelNames, path: validation))
            }
        }

        let progress = TrainingProgress(context: context, epochs: options.epochs)
        let report: TrainingReport
        do {
            report = try classifier.model.fit(sequences: sequences, labels: labels, options: options,
                                              interruption: context.interruption,
                                              onEpoch: progress.epoch, onBatch: progress.batch)
        } catch {
            progress.finish()
            throw ShellError.message(error.description, offset: nil)
        }
        progress.finish()
        session.update(.model(classifier), as: name)
        var result = summary(report, classifier, name: name, texts: data.count, fitted: fitsTokenizer ? tokenizerName : nil,
                             earlyStopping: options.earlyStopping)
        if let pretrained { result.blocks.insert(.note(pretrained), at: fitsTokenizer ? 1 : 0) }
        return result
    }

    /// The report of a training run: the run's epochs as a table, the outcome, and `fitted`, the
    /// tokenizer fitted on the data first (it was empty).
    private static func summary(_ report: TrainingReport, _ classifier: TextClassifier, name: String, texts: Int,
                                fitted: String?, earlyStopping: EarlyStopping?) -> Report {
        let last = classifier.model.history.last
        var text = "trained \(name) for \(report.epochs.count) epoch\(report.epochs.count == 1 ? "" : "s") on \(texts) texts, "
            + "\(classifier.labels.count) classes"
        if let last { text += ": loss \(formatFixed(last.loss, digits: 4)), accuracy \(formatFixed(last.accuracy, digits: 4))" }
        let stop: String
        switch report.stop {
        case .completed:
            stop = "completed"
        case .interrupted(let epoch, let batch):
            stop = "interrupted"
            text += "\nstopped by Ctrl-C in epoch \(epoch) after batch \(batch); the weights trained so far are kept"
        case .nonFiniteLoss(let epoch, let batch):
            stop = "nan"
            text += "\nstopped: the loss became NaN or infinite in epoch \(epoch), batch \(batch); "
                + "the weights from before that batch are kept (try a smaller lr)"
        case .nonFiniteWeights(let epoch, let batch):
            stop = "nan"
            text += "\nstopped: by batch \(batch) of epoch \(epoch) some weights had become NaN or infinite; "
                + "the weights from the start of epoch \(epoch) are kept (try a smaller lr)"
        case .earlyStopped(let epoch, let best):
            stop = "early"
            text += "\nstopped early after epoch \(epoch): \(earlyStopping?.monitor.rawValue ?? "the monitored value") "
                + "had not improved since epoch \(best)"
        }
        if let restored = report.restoredEpoch { text += "\nthe weights from the end of the best epoch, \(restored), are restored" }
        let bestEpoch: Int? = if case .earlyStopped(_, let best) = report.stop { best } else { report.restoredEpoch }
        var fields: [(String, JSON)] = [("trained", .string(name)), ("epochs", .int(report.epochs.count)), ("stopped", .string(stop))]
        if let last {
            fields += [("loss", .double(last.loss)), ("accuracy", .double(last.accuracy)),
                       ("val_loss", last.validationLoss.map { .double($0) } ?? .null),
                       ("val_accuracy", last.validationAccuracy.map { .double($0) } ?? .null)]
        }
        fields += [("best_epoch", bestEpoch.map { .int($0) } ?? .null), ("restored_epoch", report.restoredEpoch.map { .int($0) } ?? .null),
                   ("history", .array(report.epochs.map(epochJSON))), ("fitted_tokenizer", fitted.map { .string($0) } ?? .null)]
        var blocks: [Block] = fitted.map { [.note("fitted \($0) on the \(texts) training texts (it was empty)")] } ?? []
        if !report.epochs.isEmpty { blocks.append(.table(epochTable(report.epochs))) }
        blocks.append(.text(text))
        return Report(blocks, json: .object(fields))
    }

    /// Epochs as Keras's history shows them (without times, which go with the live progress).
    private static func epochTable(_ epochs: [EpochLog]) -> TextTable {
        let validated = epochs.contains { $0.validationLoss != nil }
        return TextTable(headers: ["epoch", "loss", "accuracy"] + (validated ? ["val_loss", "val_accuracy"] : []), rows: epochs.map { log in
            [.int(log.epoch), .number(log.loss), .number(log.accuracy)]
                + (validated ? [log.validationLoss.map(Cell.number) ?? "", log.validationAccuracy.map(Cell.number) ?? ""] : [])
        })
    }

    /// One epoch of the history as JSON.
    static func epochJSON(_ log: EpochLog) -> JSON {
        .object([("epoch", .int(log.epoch)), ("loss", .double(log.loss)), ("accuracy", .double(log.accuracy)),
                 ("val_loss", log.validationLoss.map { .double($0) } ?? .null),
                 ("val_accuracy", log.validationAccuracy.map { .double($0) } ?? .null), ("seconds", .double(log.seconds))])
    }

    /// Predictions for texts, through the model's tokenizer and padding.
    static func predictions(_ classifier: TextClassifier, name: String, texts: [String], threads: Int) throws -> [Prediction] {
        guard let sequences = classifier.sequences(texts) else {
            throw ShellError.message("\(name) has not been trained yet: 'train \(name) data=FILE tokenizer=TOK' first", offset: nil)
        }
        do {
            return try classifier.model.predict(sequences, threads: threads)
        } catch {
            throw ShellError.message(error.description, offset: nil)
        }
    }

    /// Loss, accuracy and confusion matrix on a labelled file.
    static func evaluate(_ classifier: TextClassifier, name: String, path: String, arguments: Arguments, threads: Int) throws -> Report {
        let data = try LabelledDataOptions.read(path, arguments)
        guard let sequences = classifier.sequences(data.texts) else {
            throw ShellError.message("\(name) has not been trained yet: 'train \(name) data=FILE tokenizer=TOK' first", offset: nil)
        }
        let labels = try classIDs(data.labels, names: classifier.labels, path: path)
        let result: ModelEvaluation
        do {
            result = try classifier.model.evaluate(sequences: sequences, labels: labels, threads: threads)
        } catch {
            throw ShellError.message(error.description, offset: nil)
        }
        let names = classifier.labels
        try Report.reserveCells(result.confusion.count, result.confusion.count,
                                of: "a confusion matrix of \(result.confusion.count) classes", lower: "use fewer output units")
        let rows: [[Cell]] = result.confusion.enumerated().map { actual, counts in
            [.text(classifier.labelName(actual))] + counts.map { .int($0) }
        }
        return Report([.fields([("texts", String(result.samples)), ("loss", formatFixed(result.loss, digits: 4)),
                                ("accuracy", formatFixed(result.accuracy, digits: 4))]),
                       .text("confusion matrix (rows: true class, columns: predicted):"),
                       .table(TextTable(headers: ["true \\ predicted"] + names, rows: rows))],
                      json: .object([("loss", .double(result.loss)), ("accuracy", .double(result.accuracy)),
                                     ("samples", .int(result.samples)),
                                     ("labels", .array(names.map { .string($0) })),
                                     ("confusion", .array(result.confusion.map { .array($0.map { .int($0) }) }))]))
    }

    /// Class names in id order: numeric labels by value, others alphabetically.
    private static func classNames(_ labels: [String]) -> [String] {
        let distinct = Array(Set(labels))
        if distinct.allSatisfy({ Int($0) != nil }) { return distinct.sorted { Int($0)! < Int($1)! } }
        return distinct.sorted()
    }

    private static func classIDs(_ labels: [String], names: [String], path: String) throws -> [Int] {
        var ids: [String: Int] = [:]
        for (i, name) in names.enumerated() { ids[name] = i }
        return try labels.enumerated().map { line, label in
            guard let id = ids[label] else {
                throw ShellError.message("\(path): text \(line + 1) has label '\(label)', which the model does not know "
                    + "(its classes: \(names.joined(separator: ", ")))", offset: nil)
            }
            return id
        }
    }

    private static func checkClasses(_ names: [String], _ config: ModelConfig, name: String) throws {
        let width = config.classCount
        let fits = config.loss == .binaryCrossentropy ? names.count <= 2 : names.count <= width
        guard fits else {
            let output = config.loss == .binaryCrossentropy ? "one sigmoid unit (2 classes)" : "\(width) softmax units"
            throw ShellError.message("the data has \(names.count) classes (\(names.prefix(6).joined(separator: ", "))"
                + "\(names.count > 6 ? ", …" : "")) but \(name) ends in \(output)", offset: nil)
        }
    }

    private static func checkIndices(_ tokenizer: TextTokenizer, tokenizerName: String, _ config: ModelConfig) throws {
        let highest = tokenizer.highestIndex
        let sizeOption = if case .vectorizer = tokenizer { "max_tokens" } else { "num_words" }
        guard highest < config.inputDim else {
            throw ShellError.message("\(tokenizerName) gives word indices up to \(highest), but the embedding has input_dim "
                + "\(config.inputDim) (indices 0 to \(config.inputDim - 1)): make the tokenizer with \(sizeOption)=\(config.inputDim), "
                + "or the embedding with input_dim \(highest + 1) or more", offset: nil)
        }
    }
}

/// Keras-like feedback while training, on stderr: a live progress bar on a terminal and one
/// line per epoch (a JSON object per epoch with --format json); nothing with --quiet. The
/// report at the end holds the epochs again, on stdout.
final class TrainingProgress {
    private let context: CommandContext
    private let epochs: Int
    private var barShown = false

    init(context: CommandContext, epochs: Int) {
        self.context = context
        self.epochs = epochs
    }

    func batch(_ progress: BatchProgress) {
        guard context.progressIsLive, !context.settings.quiet, context.settings.format != .json else { return }
        let columns = context.outputColumns ?? 80
        let width = max(10, min(30, columns - 60))
        let done = progress.batches > 0 ? progress.batch * width / progress.batches : width
        let rate = progress.seconds > 0 ? Double(progress.batch) / progress.seconds : 0
        let eta = rate > 0 ? Double(progress.batches - progress.batch) / rate : 0
        let bar = String(repeating: "=", count: done) + (done < width ? ">" : "") + String(repeating: " ", count: max(0, width - done - 1))
        context.progress("\r\u{1B}[K\(progress.epoch)/\(progress.epochs) [\(bar)] \(progress.batch)/\(progress.batches)"
            + " - loss: \(formatFixed(progress.loss, digits: 4)) - accuracy: \(formatFixed(progress.accuracy, digits: 4))"
            + " - ETA \(formatFixed(eta, digits: 0))s")
        barShown = true
    }

    func epoch(_ log: EpochLog) {
        clearBar()
        if context.settings.quiet { return }
        if context.settings.format == .json {
            context.progress(ModelTraining.epochJSON(log).serialized + "\n")
            return
        }
        var line = "Epoch \(log.epoch)/\(epochs) - \(formatFixed(log.seconds, digits: 2))s - loss: \(formatFixed(log.loss, digits: 4))"
            + " - accuracy: \(formatFixed(log.accuracy, digits: 4))"
        if let loss = log.validationLoss, let accuracy = log.validationAccuracy {
            line += " - val_loss: \(formatFixed(loss, digits: 4)) - val_accuracy: \(formatFixed(accuracy, digits: 4))"
        }
        context.progress(line + "\n")
    }

    func finish() { clearBar() }

    private func clearBar() {
        if barShown { context.progress("\r\u{1B}[K") }
        barShown = false
    }
}
