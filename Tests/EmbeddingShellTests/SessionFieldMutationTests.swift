import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats
@testable import EmbeddingShell

/// Session files with a correct checksum but wrong fields: a real session written by embsh is
/// decoded to its fields, each field is set to values such as huge, negative, zero, NaN, ±∞ or
/// a wrong length, and the file is encoded again with correct checksums. Opening it must either
/// work, and then every object is usable (`show`, `summary`, `predict`, `plot`, `train`, …),
/// or fail with an error that names the object, leaving the session as it was; never trap.
final class SessionFieldMutationTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-mutation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/classify/reviews-train.tsv").path
    private var smallData: String { data.replacingOccurrences(of: "-train.tsv", with: "-test.tsv") }
    private var phrasesCorpus: String {
        data.replacingOccurrences(of: "classify/reviews-train.tsv", with: "gensim/phrases-hs/phrases-corpus.txt")
    }

    /// A session as embsh writes it: a fitted tokenizer, a table with labels and counts, a model
    /// trained with Adam and validation, one trained with SGD and momentum, an untrained one,
    /// a vectorizer and a model trained with it, a TF-IDF vectorizer, and a phrase model of two passes.
    private func realSession() throws -> (bytes: [UInt8], metadataOffset: Int, contents: SessionContents) {
        let path = directory.appendingPathComponent("real.session").path
        let run = runScript("""
            tokenizer tok num_words=50 oov=<unk>
            fit tok file=\(data) format=tsv column=2
            table emb vocab=tok dim=4 seed=3
            model clf embedding(50,4) gap dense(4,relu) dense(1,sigmoid)
            train clf data=\(data) tokenizer=tok maxlen=6 epochs=2 validation=0.25
            model sgd embedding(50,3,mask_zero) flatten dense(1,sigmoid) input_length=6
            train sgd data=\(data) tokenizer=tok epochs=1 optimizer=sgd momentum=0.5
            model fresh embedding(20,2) dropout(0.5) gmp dense(3,softmax)
            vectorizer vec max_tokens=40 ngrams=2 output_sequence_length=6
            model vclf embedding(40,3) gap dense(1,sigmoid)
            train vclf data=\(data) tokenizer=vec epochs=1
            vectorizer bag output_mode=tf_idf max_tokens=30 pad_to_max_tokens=true
            fit bag file=\(data) format=tsv column=2
            phrases ph file=\(phrasesCorpus) min_count=3 threshold=2 passes=2
            save \(path)
            """)
        XCTAssertFalse(run.err.contains("error"), run.err)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var header = bytes.withUnsafeBytes { ByteReader(UnsafeRawBufferPointer(rebasing: $0[16 ..< 32])) }
        let offset = try header.int(), length = try header.int()
        let contents = try bytes.withUnsafeBytes { all in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: all[offset ..< offset + length]))
            return try reader.contents()
        }
        return (bytes, offset, contents)
    }

    /// The file with `contents` as its metadata and correct checksums.
    private func encode(_ contents: SessionContents, tables bytes: [UInt8], metadataOffset: Int) -> [UInt8] {
        var writer = ByteWriter()
        writer.contents(contents)
        let header = SessionFileWriter.headerBytes(metadataOffset: metadataOffset, metadata: writer.bytes)
        return header + bytes[header.count ..< metadataOffset] + writer.bytes
    }

    private static let ints = [Int.min, -2, -1, 0, 1, 7, 1 << 31, Int.max]
    private static let doubles: [Double] = [.nan, .infinity, -.infinity, -1, 0, 0.5, 1e308]
    private static let floats: [Float] = [.nan, .infinity, -.infinity, -1e10, -1]
    private static let strings = ["", "\0", "a b", String(repeating: "é", count: 10_000)]

    /// Every mutation of one field: what it changes, and a function that changes it.
    private typealias Mutation = (field: String, apply: (inout SessionContents) -> Void)

    private func mutations(of contents: SessionContents) -> [Mutation] {
        var all: [Mutation] = []
        func add(_ field: String, _ apply: @escaping (inout SessionContents) -> Void) { all.append((field, apply)) }
        func each<T>(_ field: String, _ values: [T], _ apply: @escaping (inout SessionContents, T) -> Void) {
            for value in values { add("\(field) = \(value)") { apply(&$0, value) } }
        }
        func lengths<T>(_ field: String, _ path: WritableKeyPath<SessionContents, [T]>, extra: T) {
            add("\(field): empty") { $0[keyPath: path] = [] }
            add("\(field): one fewer") { if !$0[keyPath: path].isEmpty { $0[keyPath: path].removeLast() } }
            add("\(field): one more") { $0[keyPath: path].append(extra) }
        }
        for (index, entry) in contents.objects.enumerated() {
            let name = entry.name
            switch entry.object {
            case .tokenizer(let state):
                tokenizerMutations(state, name: name, add: add) { contents, change in
                    guard case .tokenizer(var tokenizer) = contents.objects[index].object else { return }
                    change(&tokenizer)
                    contents.objects[index].object = .tokenizer(tokenizer)
                }
            case .vectorizer(let state):
                vectorizerMutations(state, name: name, add: add) { contents, change in
                    guard case .vectorizer(var vectorizer) = contents.objects[index].object else { return }
                    change(&vectorizer)
                    contents.objects[index].object = .vectorizer(vectorizer)
                }
            case .table:
                func table(_ field: String, _ change: @escaping (inout StoredTable) -> Void) -> (String, (inout SessionContents) -> Void) {
                    ("table \(name): \(field)", { contents in
                        guard case .table(var table) = contents.objects[index].object else { return }
                        change(&table)
                        contents.objects[index].object = .table(table)
                    })
                }
                for value in Self.ints {
                    for (field, path) in [("rows", \StoredTable.rows), ("dim", \.dim), ("offset", \.offset)] {
                        let (f, apply) = table("\(field) = \(value)") { $0[keyPath: path] = value }
                        add(f, apply)
                    }
                    let (f, apply) = table("counts[0] = \(value)") { if $0.counts != nil { $0.counts![0] = value } }
                    add(f, apply)
                }
                let changes: [(String, (inout StoredTable) -> Void)] = [
                    ("no labels", { $0.labels = nil }), ("one label fewer", { $0.labels = $0.labels.map { TableLabels($0.words.dropLast()) } }),
                    ("a repeated label", { $0.labels = $0.labels.map { TableLabels([$0.words[0], $0.words[0]] + $0.words.dropFirst(2)) } }),
                    ("an empty label", { $0.labels = $0.labels.map { TableLabels([""] + $0.words.dropFirst()) } }),
                    ("no counts", { $0.counts = nil }), ("one count more", { $0.counts?.append(1) }),
                    ("another checksum", { $0.checksum ^= 1 }),
                ]
                for (field, change) in changes {
                    let (f, apply) = table(field, change)
                    add(f, apply)
                }
            case .model(let state):
                modelMutations(state, name: name, add: add) { contents, change in
                    guard case .model(var model) = contents.objects[index].object else { return }
                    change(&model)
                    contents.objects[index].object = .model(model)
                }
            case .phrases:
                func phrases(_ field: String, _ change: @escaping (inout StoredPhrases) -> Void) {
                    add("phrases \(name): \(field)") { contents in
                        guard case .phrases(var stored) = contents.objects[index].object else { return }
                        change(&stored)
                        contents.objects[index].object = .phrases(stored)
                    }
                }
                for value in Self.ints {
                    phrases("min_count = \(value)") { $0.minCount = value }
                    phrases("max_vocab_size = \(value)") { $0.maxVocabSize = value }
                    phrases("corpus words = \(value)") { $0.stages[0].corpusWords = value }
                    phrases("entries = \(value)") { $0.stages[0].vocabularySize = value }
                    phrases("counts[0] = \(value)") { $0.stages[0].counts[0] = value }
                }
                for value in Self.doubles {
                    phrases("threshold = \(value)") { $0.threshold = value }
                    phrases("scores[0] = \(value)") { $0.stages[0].scores[0] = value }
                }
                for text in Self.strings {
                    phrases("delimiter = \(text.prefix(8))") { $0.delimiter = text }
                    phrases("scoring = \(text.prefix(8))") { $0.scoring = text }
                    phrases("connectors = \(text.prefix(8))") { $0.connectors = text }
                    phrases("phrases[0] = \(text.prefix(8))") { $0.stages[0].phrases[0] = text }
                }
                phrases("scoring npmi") { $0.scoring = "npmi" }
                phrases("a repeated phrase") { $0.stages[0].phrases[1] = $0.stages[0].phrases[0] }
                phrases("one score fewer") { $0.stages[0].scores.removeLast() }
                phrases("one count more") { $0.stages[0].counts.append(1) }
                phrases("no stages") { $0.stages = [] }
                phrases("eleven stages") { $0.stages = Array(repeating: $0.stages[0], count: 11) }
            }
            each("name of \(name)", Self.strings + ["tok", "1x"]) { $0.objects[index].name = $1 }
        }
        lengths("log", \.log, extra: "fit tok \"x\"")
        lengths("remarked", \.remarked, extra: "nobody")
        lengths("remarks", \.remarks, extra: "a remark")
        add("a remark of an object not there") {
            $0.remarked.append("nobody")
            $0.remarks.append("a remark")
        }
        return all
    }

    private func tokenizerMutations(_ state: TokenizerState, name: String, add: (String, @escaping (inout SessionContents) -> Void) -> Void,
                                    on: @escaping (inout SessionContents, (inout TokenizerState) -> Void) -> Void) {
        func change(_ field: String, _ body: @escaping (inout TokenizerState) -> Void) {
            add("tokenizer \(name): \(field)") { on(&$0, body) }
        }
        for value in Self.ints {
            change("num_words = \(value)") { $0.config.numWords = value }
            change("document count = \(value)") { $0.documentCount = value }
            change("counts[0] = \(value)") { if !$0.counts.isEmpty { $0.counts[0] = value } }
            change("document counts[0] = \(value)") { if !$0.documentCounts.isEmpty { $0.documentCounts[0] = value } }
        }
        for text in Self.strings {
            change("filters = \(text.prefix(8))") { $0.config.filters = text }
            change("split = \(text.prefix(8))") { $0.config.split = text }
            change("char_level split = \(text.prefix(8))") {
                $0.config.split = text
                $0.config.charLevel = true
            }
            change("oov = \(text.prefix(8))") { $0.config.oovToken = text }
            change("words[0] = \(text.prefix(8))") { if !$0.words.isEmpty { $0.words[0] = text } }
        }
        change("no num_words") { $0.config.numWords = nil }
        change("no oov") { $0.config.oovToken = nil }
        change("lower flipped") { $0.config.lower.toggle() }
        change("char_level flipped") { $0.config.charLevel.toggle() }
        change("filters of every ASCII character") { $0.config.filters = String((0 ..< 128).map { Character(Unicode.Scalar(UInt8($0))) }) }
        change("filters of wide characters") { $0.config.filters = "éİß\u{10FFFF}\u{301}" }
        change("no words") { $0.words = [] }
        change("one word fewer") { $0.words.removeLast() }
        change("one count more") { $0.counts.append(1) }
        change("one document count fewer") { $0.documentCounts.removeLast() }
        change("a repeated word") { state in if state.words.count > 1 { state.words[1] = state.words[0] } }
        change("no words, counts or documents") {
            $0.words = []
            $0.counts = []
            $0.documentCounts = []
        }
    }

    private func vectorizerMutations(_ state: TextVectorizerState, name: String,
                                     add: (String, @escaping (inout SessionContents) -> Void) -> Void,
                                     on: @escaping (inout SessionContents, (inout TextVectorizerState) -> Void) -> Void) {
        func change(_ field: String, _ body: @escaping (inout TextVectorizerState) -> Void) {
            add("vectorizer \(name): \(field)") { on(&$0, body) }
        }
        for value in Self.ints {
            change("max_tokens = \(value)") { $0.config.maxTokens = value }
            change("output_sequence_length = \(value)") { $0.config.outputSequenceLength = value }
            change("ngrams = \(value)") { $0.config.ngrams = [1, value] }
            change("document count = \(value)") { $0.documentCount = value }
            change("counts[0] = \(value)") { if !$0.counts.isEmpty { $0.counts[0] = value } }
            change("document counts[0] = \(value)") { if !$0.documentCounts.isEmpty { $0.documentCounts[0] = value } }
        }
        for text in Self.strings + [TextVectorizer.oovToken] {
            change("tokens[0] = \(text.prefix(8))") { if !$0.tokens.isEmpty { $0.tokens[0] = text } }
        }
        for mode in TextVectorizerConfig.OutputMode.allCases { change("output_mode = \(mode.rawValue)") { $0.config.outputMode = mode } }
        for standardize in TextVectorizerConfig.Standardize.allCases {
            change("standardize = \(standardize.rawValue)") { $0.config.standardize = standardize }
        }
        change("split character") { $0.config.split = .character }
        change("no ngrams") { $0.config.ngrams = nil }
        change("ngrams empty") { $0.config.ngrams = [] }
        change("no max_tokens") { $0.config.maxTokens = nil }
        change("no output_sequence_length") { $0.config.outputSequenceLength = nil }
        change("pad_to_max_tokens flipped") { $0.config.padToMaxTokens.toggle() }
        change("not adapted") { $0.isAdapted = false }
        change("no tokens") { $0.tokens = [] }
        change("one token fewer") { if !$0.tokens.isEmpty { $0.tokens.removeLast() } }
        change("one count more") { $0.counts.append(1) }
        change("a repeated token") { state in if state.tokens.count > 1 { state.tokens[1] = state.tokens[0] } }
        change("no tokens, counts or documents") {
            $0.tokens = []
            $0.counts = []
            $0.documentCounts = []
        }
    }

    private func modelMutations(_ state: TextClassifierState, name: String, add: (String, @escaping (inout SessionContents) -> Void) -> Void,
                                on: @escaping (inout SessionContents, (inout TextClassifierState) -> Void) -> Void) {
        func change(_ field: String, _ body: @escaping (inout TextClassifierState) -> Void) {
            add("model \(name): \(field)") { on(&$0, body) }
        }
        let layers = state.model.layers
        for value in Self.ints {
            change("input_length = \(value)") { $0.model.inputLength = value }
            change("maxlen = \(value)") { $0.maxlen = value }
            change("iterations = \(value)") { $0.model.optimizer?.iterations = value }
            change("epoch of history[0] = \(value)") { if !$0.model.history.isEmpty { $0.model.history[0].epoch = value } }
            for (i, layer) in layers.enumerated() {
                let replacement: LayerSpec? = switch layer {
                case .embedding(_, let outputDim, let mask, _, _): .embedding(inputDim: value, outputDim: outputDim, maskZero: mask)
                case .dense(_, let activation): .dense(units: value, activation: activation)
                default: nil
                }
                if let replacement { change("layer \(i) = \(replacement)") { $0.model.layers[i] = replacement } }
                if case .embedding(let inputDim, _, let mask, _, _) = layer {
                    change("layer \(i) output_dim = \(value)") {
                        $0.model.layers[i] = .embedding(inputDim: inputDim, outputDim: value, maskZero: mask)
                    }
                }
            }
        }
        for value in Self.doubles {
            change("a dropout rate of \(value)") { $0.model.layers.insert(.dropout(rate: value), at: 1) }
            change("loss of history[0] = \(value)") { if !$0.model.history.isEmpty { $0.model.history[0].loss = value } }
            change("accuracy of every epoch = \(value)") {
                for i in $0.model.history.indices { $0.model.history[i].accuracy = value }
            }
            change("val_loss of history[0] = \(value)") { if !$0.model.history.isEmpty { $0.model.history[0].validationLoss = value } }
            change("val_loss of every epoch = \(value), without val_accuracy") {
                for i in $0.model.history.indices {
                    $0.model.history[i].validationLoss = value
                    $0.model.history[i].validationAccuracy = nil
                }
            }
            change("seconds of history[0] = \(value)") { if !$0.model.history.isEmpty { $0.model.history[0].seconds = value } }
            change("learning rate = \(value)") {
                switch $0.model.optimizer?.optimizer {
                case .adam(_, let b1, let b2, let e)?: $0.model.optimizer?.optimizer = .adam(learningRate: value, beta1: b1, beta2: b2, epsilon: e)
                case .sgd(_, let m)?: $0.model.optimizer?.optimizer = .sgd(learningRate: value, momentum: m)
                case nil: break
                }
            }
            change("beta_2 or momentum = \(value)") {
                switch $0.model.optimizer?.optimizer {
                case .adam(let lr, let b1, _, let e)?: $0.model.optimizer?.optimizer = .adam(learningRate: lr, beta1: b1, beta2: value, epsilon: e)
                case .sgd(let lr, _)?: $0.model.optimizer?.optimizer = .sgd(learningRate: lr, momentum: value)
                case nil: break
                }
            }
        }
        for value in Self.floats {
            for tensor in state.model.weights.indices {
                change("weights[\(tensor)][0] = \(value)") { $0.model.weights[tensor][0] = value }
            }
            change("momentums[0][0] = \(value)") { if $0.model.optimizer?.momentums.isEmpty == false { $0.model.optimizer!.momentums[0][0] = value } }
            change("velocities[0][0] = \(value)") { if $0.model.optimizer?.velocities.isEmpty == false { $0.model.optimizer!.velocities[0][0] = value } }
        }
        for text in Self.strings {
            change("tokenizer name = \(text.prefix(8))") { $0.tokenizerName = text }
            change("labels[0] = \(text.prefix(8))") { if !$0.labels.isEmpty { $0.labels[0] = text } }
        }
        change("no input_length") { $0.model.inputLength = nil }
        change("no maxlen") { $0.maxlen = nil }
        change("no tokenizer") { $0.tokenizer = nil }
        change("no tokenizer name") { $0.tokenizerName = nil }
        change("no optimizer") { $0.model.optimizer = nil }
        change("Adam with no slots") { $0.model.optimizer = OptimizerState(optimizer: .adam(), iterations: 3, momentums: [], velocities: []) }
        change("SGD without momentum with slots") {
            $0.model.optimizer = OptimizerState(optimizer: .sgd(), iterations: 3, momentums: $0.model.weights, velocities: [])
        }
        change("no history") { $0.model.history = [] }
        change("10,000 epochs of history") {
            $0.model.history = (1 ... 10_000).map { EpochLog(epoch: $0, loss: 1 / Double($0), accuracy: 0.5, validationLoss: nil,
                                                              validationAccuracy: nil, seconds: 0.01) }
        }
        change("no weights") { $0.model.weights = [] }
        change("one weight tensor fewer") { $0.model.weights.removeLast() }
        change("one weight tensor more") { $0.model.weights.append([0]) }
        change("one weight more") { $0.model.weights[0].append(0) }
        change("one momentum tensor fewer") { $0.model.optimizer?.momentums.removeLast() }
        change("one velocity fewer") { if $0.model.optimizer?.velocities.isEmpty == false { $0.model.optimizer!.velocities[0].removeLast() } }
        change("no labels") { $0.labels = [] }
        change("three labels") { $0.labels = ["a", "b", "c"] }
        change("a repeated label") { $0.labels = ["a", "a"] }
        change("a thousand labels") { $0.labels = (0 ..< 1000).map(String.init) }
        change("no layers") { $0.model.layers = [] }
        change("the last layer dropped") { $0.model.layers.removeLast() }
        change("layers reversed") { $0.model.layers.reverse() }
        change("a second embedding") { $0.model.layers.insert($0.model.layers[0], at: 1) }
        change("a flatten added") { $0.model.layers.insert(.flatten, at: 1) }
        change("padding post") { $0.padding = .post }
        if case .keras(let tokenizer)? = state.tokenizer, name == "clf" {
            tokenizerMutations(tokenizer, name: "of model \(name)", add: { field, apply in add("model \(name): \(field)", apply) }) { contents, body in
                on(&contents) { model in
                    if case .keras(var tokenizer)? = model.tokenizer {
                        body(&tokenizer)
                        model.tokenizer = .keras(tokenizer)
                    }
                }
            }
        }
        if case .vectorizer(let vectorizer)? = state.tokenizer {
            vectorizerMutations(vectorizer, name: "of model \(name)", add: { field, apply in add("model \(name): \(field)", apply) }) { contents, body in
                on(&contents) { model in
                    if case .vectorizer(var vectorizer)? = model.tokenizer {
                        body(&vectorizer)
                        model.tokenizer = .vectorizer(vectorizer)
                    }
                }
            }
        }
    }

    /// What running `command` gives: whether it worked, and the error.
    private func run(_ shell: Shell, _ command: String) -> (ok: Bool, error: String) {
        let sink = shell.sink as! BufferSink
        let before = sink.stderr.count
        let ok = shell.execute(command)
        return (ok, String(sink.stderr.dropFirst(before)))
    }

    func testEveryMutatedFieldOpensUsablyOrIsRefusedByName() throws {
        let real = try realSession()
        let names = real.contents.objects.map(\.name)
        var opened = 0
        var refused: Set<String> = []
        for mutation in mutations(of: real.contents) {
            var contents = real.contents
            mutation.apply(&contents)
            let bytes = encode(contents, tables: real.bytes, metadataOffset: real.metadataOffset)
            let path = directory.appendingPathComponent("mutated.session").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))

            let shell = Shell(sink: BufferSink())
            let open = run(shell, "open \(path)")
            if !open.ok {
                refused.insert(mutation.field)
                // The in-memory entry point refuses what the file reader refuses, in the same words.
                do {
                    _ = try SessionFileReader.read(bytes: bytes, name: path)
                } catch {
                    XCTAssertTrue(open.error.contains("\(error)"), "\(mutation.field): \(error) but open says \(open.error)")
                }
                XCTAssertTrue(open.error.hasSuffix("; the session is unchanged\n"), "\(mutation.field): \(open.error)")
                XCTAssertTrue(contents.objects.contains { open.error.contains("'\($0.name)'") }
                              || open.error.contains("invalid name") || open.error.contains("remarks"),
                              "\(mutation.field): the error names the object: \(open.error)")
                XCTAssertEqual(shell.session.names, [], mutation.field)
                continue
            }
            opened += 1
            // The objects the mutation touched (all of them for the log and the remarks) are put to use.
            let touched = contents.objects.filter { entry in
                ["tokenizer", "vectorizer", "table", "model", "phrases"].contains { mutation.field.hasPrefix("\($0) \(entry.name):") }
            }
            for (name, object) in touched.isEmpty ? contents.objects : touched where names.contains(name) {
                var commands = ["show \(name)"]
                switch object {
                case .tokenizer:
                    commands += ["tokenize \(name) \"the trip was lovely\" maxlen=4", "vocab \(name) top=3",
                                 "fit \(name) \"more words here\""]
                case .vectorizer:
                    commands += ["tokenize \(name) \"the trip was lovely\"", "vocab \(name) top=3", "fit \(name) \"more words here\""]
                case .table(let table):
                    commands += ["lookup \(name) 0", table.labels?.words.first { !$0.isEmpty }.map { "nearest \(name) \"\($0)\" k=2" }]
                        .compactMap { $0 }
                case .model(let model):
                    commands += ["summary \(name)", "extract \(name) as=learned_\(name)"]
                    if model.tokenizer != nil {
                        commands += ["predict \(name) \"the trip was lovely\"", "train \(name) data=\(smallData) epochs=1"]
                    }
                    if !model.model.history.isEmpty { commands.append("plot \(name) history") }
                case .phrases:
                    let out = directory.appendingPathComponent("phrased.txt").path
                    commands += ["phrases \(name) apply file=\(phrasesCorpus) out=\(out)"]
                }
                for command in commands {
                    let result = run(shell, command)
                    // Training and evaluating on the fixture may fail cleanly, e.g. for labels the model does not know.
                    let mayFail = command.hasPrefix("train")
                    XCTAssertTrue(result.ok || mayFail && result.error.hasPrefix("embsh: error: "),
                                  "\(mutation.field): '\(command)' failed: \(result.error)")
                }
            }
        }
        // Values embsh never writes are refused, not just survived.
        let mustRefuse = ["tokenizer tok: num_words = 0", "tokenizer tok: split = ", "tokenizer tok: counts[0] = -1",
                          "tokenizer tok: document count = -2", "tokenizer tok: counts[0] = 9223372036854775807",
                          "tokenizer tok: a repeated word", "table emb: rows = 9223372036854775807", "table emb: offset = -2",
                          "table emb: dim = 2147483648", "table emb: one label fewer",
                          "model clf: input_length = 2147483648", "model clf: maxlen = 9223372036854775807", "model clf: maxlen = 0",
                          "model clf: layer 0 = embedding(9223372036854775807,4)", "model clf: a dropout rate of nan",
                          "model clf: weights[0][0] = nan", "model clf: weights[4][0] = inf", "model clf: momentums[0][0] = -inf",
                          "model clf: velocities[0][0] = -1.0", "model clf: iterations = -1", "model clf: iterations = 9223372036854775807",
                          "model clf: loss of history[0] = nan", "model clf: accuracy of every epoch = inf",
                          "model clf: seconds of history[0] = -1.0", "model sgd: val_loss of every epoch = 0.5, without val_accuracy", "model clf: epoch of history[0] = 0",
                          "model clf: learning rate = nan", "model clf: one weight more", "model clf: three labels",
                          "model clf: a repeated label", "model clf: no tokenizer", "model clf: tokenizer name = a b",
                          "model clf: tokenizer of model clf: num_words = -2", "model sgd: maxlen = 7", "model sgd: no input_length",
                          "model sgd: beta_2 or momentum = nan", "model fresh: one weight tensor fewer", "name of clf = tok",
                          "a remark of an object not there", "vectorizer vec: max_tokens = 1", "vectorizer vec: max_tokens = 7",
                          "vectorizer vec: ngrams = 0", "vectorizer vec: output_sequence_length = 0",
                          "vectorizer vec: output_mode = count", "vectorizer vec: counts[0] = -1", "vectorizer vec: tokens[0] = ",
                          "vectorizer vec: tokens[0] = [UNK]", "vectorizer vec: a repeated token", "vectorizer vec: not adapted",
                          "vectorizer vec: one count more", "vectorizer vec: document count = -2", "vectorizer bag: no max_tokens",
                          "model vclf: vectorizer of model vclf: max_tokens = 7", "model vclf: vectorizer of model vclf: output_mode = count"]
        for field in mustRefuse { XCTAssertTrue(refused.contains(field), "\(field) was not refused") }
        XCTAssertGreaterThan(opened, 250)
        XCTAssertGreaterThan(refused.count, 400)
        print("mutated session fields: \(opened) opened and worked, \(refused.count) refused")
    }
}
