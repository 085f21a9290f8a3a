import EmbeddingKit

/// Keras's Tokenizer JSON: what `Tokenizer.to_json()` writes and `tokenizer_from_json` reads
/// (keras_preprocessing 1.1.2, `tf.keras.preprocessing.text`): `{"class_name": "Tokenizer",
/// "config": {…}}` whose count and index tables are themselves JSON texts.
public enum KerasTokenizerJSON {
    /// Largest file read: far beyond the JSON of any real vocabulary.
    public static let maximumBytes = 1 << 30

    /// The bytes Keras's `to_json()` writes for a tokenizer in this state (with `word_docs` and
    /// `index_docs` in word order, where Python's follow the order of a set).
    public static func encode(_ tokenizer: Tokenizer) -> String {
        let config = tokenizer.config, state = tokenizer.state
        // dict(zip([oov] + sorted_voc, 1…)): the oov token comes first, with the later index
        // when it was also fitted as a word.
        var wordIndex: [(word: String, index: Int)] = []
        if let oov = config.oovToken, let index = tokenizer.index(of: oov) { wordIndex.append((oov, index)) }
        wordIndex += tokenizer.wordIndex.filter { $0.word != config.oovToken }
        func ints(_ pairs: [(String, Int)]) -> String { PythonJSON.string(PythonJSON.object(pairs.map { ($0.0, String($0.1)) })) }
        let members: [(key: String, value: String)] = [
            ("num_words", config.numWords.map(String.init) ?? "null"),
            ("filters", PythonJSON.string(config.filters)),
            ("lower", config.lower ? "true" : "false"),
            ("split", PythonJSON.string(config.split)),
            ("char_level", config.charLevel ? "true" : "false"),
            ("oov_token", config.oovToken.map(PythonJSON.string) ?? "null"),
            ("document_count", String(tokenizer.documentCount)),
            ("word_counts", ints(Array(zip(state.words, state.counts)))),
            ("word_docs", ints(Array(zip(state.words, state.documentCounts)))),
            ("index_docs", ints(zip(state.words, state.documentCounts).map { (String(tokenizer.index(of: $0.0) ?? 0), $0.1) })),
            ("index_word", PythonJSON.string(PythonJSON.object(wordIndex.map { (String($0.index), PythonJSON.string($0.word)) }))),
            ("word_index", ints(wordIndex.map { ($0.word, $0.index) })),
        ]
        return PythonJSON.object([("class_name", PythonJSON.string("Tokenizer")), ("config", PythonJSON.object(members))])
    }

    /// Reads a tokenizer from the JSON at `path` (also a JSON string holding it, as
    /// `json.dump(tokenizer.to_json(), f)` writes). Throws `KerasTokenizerJSONError`
    /// naming the file and what is wrong, also when the word index is not the one Keras's
    /// `fit_on_texts` derives from the counts (embsh derives it the same way).
    public static func read(path: String) throws -> Tokenizer {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch {
            let reason = switch error as? VectorReadError {
            case .fileNotFound?: "no such file"
            case .isDirectory?: "is a directory"
            case .emptyFile?: "the file is empty"
            case .notRegular(_, let kind)?: "is \(kind), not a regular file"
            case .unreadable(_, let why)?: why
            default: "\(error)"
            }
            throw KerasTokenizerJSONError(path: path, reason: reason)
        }
        guard file.bytes.count <= maximumBytes else {
            throw KerasTokenizerJSONError(path: path, reason: "the file has \(file.bytes.count) bytes, more than the \(maximumBytes) read")
        }
        do {
            return try decode(try OrderedJSON.parse(file.bytes))
        } catch let failure as OrderedJSON.Failure {
            throw KerasTokenizerJSONError(path: path, reason: "not JSON at byte \(failure.offset): \(failure.reason)")
        } catch let reason as Reason {
            throw KerasTokenizerJSONError(path: path, reason: reason.text)
        } catch let error as TokenizerError {
            throw KerasTokenizerJSONError(path: path, reason: error.description)
        }
    }

    private struct Reason: Error { let text: String }

    private static func decode(_ json: OrderedJSON) throws -> Tokenizer {
        if case .string(let inner) = json { return try decode(try OrderedJSON.parse(inner)) }
        guard case .string(let className)? = json["class_name"] else {
            throw Reason(text: "not a Keras Tokenizer's JSON (no \"class_name\"; write it with tokenizer.to_json())")
        }
        guard className == "Tokenizer" else { throw Reason(text: "holds a \(className), not a Tokenizer") }
        guard let config = json["config"], case .object = config else { throw Reason(text: "no \"config\" object") }

        func member(_ key: String) throws -> OrderedJSON {
            guard let value = config[key] else { throw Reason(text: "config has no \"\(key)\"") }
            return value
        }
        func string(_ key: String) throws -> String {
            guard case .string(let text) = try member(key) else { throw Reason(text: "config \"\(key)\" is not a string") }
            return text
        }
        func bool(_ key: String) throws -> Bool {
            guard case .bool(let flag) = try member(key) else { throw Reason(text: "config \"\(key)\" is not true or false") }
            return flag
        }
        func int(_ value: OrderedJSON, _ what: String) throws -> Int {
            guard case .number(let text) = value, let n = Int(text), n >= 0, n <= Tokenizer.maximumCount else {
                throw Reason(text: "\(what) is not a whole number from 0 to \(Tokenizer.maximumCount)")
            }
            return n
        }
        func table(_ key: String) throws -> [(key: String, value: Int)] {
            guard case .object(let members) = try OrderedJSON.parse(try string(key)) else {
                throw Reason(text: "config \"\(key)\" does not hold a JSON object")
            }
            return try members.map { ($0.key, try int($0.value, "\(key) of '\($0.key)'")) }
        }

        let numWords: Int? = try { () throws -> Int? in
            if case .null = try member("num_words") { return nil }
            return try int(try member("num_words"), "num_words")
        }()
        let oovToken: String? = try { () throws -> String? in
            if case .null = try member("oov_token") { return nil }
            return try string("oov_token")
        }()
        let settings = TokenizerConfig(numWords: numWords, filters: try string("filters"), lower: try bool("lower"),
                                       split: try string("split"), charLevel: try bool("char_level"), oovToken: oovToken)
        let counts = try table("word_counts")
        var documentCounts: [String: Int] = [:]
        for (word, count) in try table("word_docs") { documentCounts[word] = count }
        let state = TokenizerState(config: settings, documentCount: try int(try member("document_count"), "document_count"),
                                   words: counts.map(\.key), counts: counts.map(\.value),
                                   documentCounts: try counts.map { word, _ in
                                       guard let docs = documentCounts[word] else { throw Reason(text: "word_docs has no '\(word)'") }
                                       return docs
                                   })
        let tokenizer = try Tokenizer(state: state)
        let index = try table("word_index")
        let derived = Set(tokenizer.wordIndex.map(\.word))
        for (word, i) in index where tokenizer.index(of: word) != i {
            throw Reason(text: "word_index gives '\(word)' index \(i), but its counts give \(tokenizer.index(of: word).map(String.init) ?? "none") "
                + "(the index must be the one fit_on_texts derives from word_counts)")
        }
        guard derived.count == index.count else {
            throw Reason(text: "word_index holds \(index.count) words, but word_counts gives \(derived.count)")
        }
        return tokenizer
    }
}

/// Why a Keras Tokenizer JSON file cannot be read.
public struct KerasTokenizerJSONError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}
