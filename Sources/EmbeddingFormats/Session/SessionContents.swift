import EmbeddingKit

/// A session file's metadata as plain values: what the writer encodes, and what the reader
/// decodes before checking every value against the object it rebuilds (see
/// `SessionFileReader`). Decoding only bounds sizes by the bytes left; it trusts nothing else.
struct SessionContents {
    var log: [String]
    var objects: [(name: String, object: StoredObject)]
    /// Names of objects with remarks, and the remarks, in the same order.
    var remarked: [String]
    var remarks: [String]
    /// The n-gram vectors of tables that have them (an extension: absent from older files).
    var subwords: [StoredSubwords] = []
    /// Tables' approximate-neighbour indexes (format version 2; none in version 1).
    var indexes: [StoredIndex] = []
}

/// One object's description, not yet checked.
enum StoredObject {
    case tokenizer(TokenizerState)
    case vectorizer(TextVectorizerState)
    case table(StoredTable)
    case model(TextClassifierState)
    case phrases(StoredPhrases)
}

/// Where a table's values lie in the file, and what else describes them.
struct StoredTable {
    var rows: Int
    var dim: Int
    /// Byte offset of the row-major float32 values in the file.
    var offset: Int
    var checksum: UInt64
    /// Read back in place from the metadata when the reader has an owner for it (see `ByteReader.words`).
    var labels: TableLabels?
    var counts: [Int]?
}

extension ByteWriter {
    /// The log, then per object: name, kind and description, then the remarks. Tables give their
    /// shape, where their values are and their checksum, then labels and counts when they have them.
    mutating func contents(_ contents: SessionContents) {
        strings(contents.log)
        int(contents.objects.count)
        for (name, object) in contents.objects {
            string(name)
            switch object {
            case .tokenizer(let state):
                u8(SessionFileLayout.Kind.tokenizer.rawValue)
                tokenizer(state)
            case .vectorizer(let state):
                u8(SessionFileLayout.Kind.vectorizer.rawValue)
                vectorizer(state)
            case .model(let state):
                u8(SessionFileLayout.Kind.model.rawValue)
                classifier(state)
            case .phrases(let model):
                u8(SessionFileLayout.Kind.phrases.rawValue)
                phrases(model)
            case .table(let table):
                u8(SessionFileLayout.Kind.table.rawValue)
                int(table.rows)
                int(table.dim)
                int(table.offset)
                u64(table.checksum)
                bool(table.labels != nil)
                if let labels = table.labels { strings(labels.words) }
                bool(table.counts != nil)
                if let counts = table.counts { ints(counts) }
            }
        }
        strings(contents.remarked)
        strings(contents.remarks)
        if !contents.indexes.isEmpty { indexes(contents.indexes) }
        // Extensions, each a tag and its length, so a reader can skip one it does not know.
        var extensions: [(SessionFileLayout.Extension, (inout ByteWriter) -> Void)] = []
        if !contents.subwords.isEmpty { extensions.append((.subwords, { $0.subwords(contents.subwords) })) }
        if contents.subwords.contains(where: { $0.training.tokens != nil }) {
            extensions.append((.subwordTokens, { $0.subwordTokens(contents.subwords) }))
        }
        guard !extensions.isEmpty else { return }
        int(extensions.count)
        for (tag, body) in extensions {
            var payload = ByteWriter()
            body(&payload)
            u8(tag.rawValue)
            int(payload.bytes.count)
            for byte in payload.bytes { u8(byte) }
        }
    }
}

extension ByteReader {
    /// What `ByteWriter.contents` wrote (the indexes from format `version` 2 on); throws `SessionFileError.corrupt` for data that ends
    /// early, runs on past the end, or names an unknown kind, layer, optimizer or padding.
    mutating func contents(version: Int = SessionFileLayout.version) throws -> SessionContents {
        let log = try strings()
        var objects: [(name: String, object: StoredObject)] = []
        for _ in 0 ..< (try count(limit: remaining / 9)) {
            let name = try string()
            guard let kind = SessionFileLayout.Kind(rawValue: try u8()) else {
                throw SessionFileError.corrupt("object '\(name)' is of an unknown kind")
            }
            switch kind {
            case .tokenizer: objects.append((name, .tokenizer(try tokenizer())))
            case .vectorizer: objects.append((name, .vectorizer(try vectorizer(name: name))))
            case .model: objects.append((name, .model(try classifier(name: name))))
            case .phrases: objects.append((name, .phrases(try phrases())))
            case .table:
                objects.append((name, .table(StoredTable(rows: try int(), dim: try int(), offset: try int(), checksum: try u64(),
                                                         labels: try bool() ? try words() : nil,
                                                         counts: try bool() ? try ints() : nil))))
            }
        }
        var contents = SessionContents(log: log, objects: objects, remarked: try strings(), remarks: try strings())
        if version >= 2, !isAtEnd { contents.indexes = try indexes() }
        var tokens: [(object: Int, tokens: Int)] = []
        if !isAtEnd {
            for _ in 0 ..< (try count(limit: remaining / 9)) {
                let tag = try u8()
                var payload = ByteReader(try bytes(try count(limit: remaining)))
                switch SessionFileLayout.Extension(rawValue: tag) {
                case .subwords:
                    contents.subwords = try payload.subwords()
                    guard payload.isAtEnd else { throw SessionFileError.corrupt("unexpected data after the subword vectors") }
                case .subwordTokens:
                    tokens = try payload.subwordTokens()
                    guard payload.isAtEnd else { throw SessionFileError.corrupt("unexpected data after the subwords' token counts") }
                case nil: continue  // from a newer embsh: skipped
                }
            }
        }
        for (object, count) in tokens {
            guard let i = contents.subwords.firstIndex(where: { $0.object == object }), contents.subwords[i].training.tokens == nil else {
                throw SessionFileError.corrupt("a token count for object \(object), which has no subword vectors or has it twice")
            }
            contents.subwords[i].training.tokens = count
        }
        guard isAtEnd else { throw SessionFileError.corrupt("unexpected data after the last object") }
        return contents
    }
}
