import EmbeddingFormats

/// Converting the session to and from what a session file holds.
extension Session {
    /// Every object, in creation order, and the log.
    var archive: SessionArchive {
        SessionArchive(objects: names.map { name in
            switch try! object(name) {
            case .tokenizer(let tokenizer): return (name, .tokenizer(tokenizer))
            case .vectorizer(let vectorizer): return (name, .vectorizer(vectorizer))
            case .table(let table): return (name, .table(table))
            case .model(let model): return (name, .model(model))
            case .phrases(let model): return (name, .phrases(model))
            }
        }, log: log, remarks: Dictionary(uniqueKeysWithValues: names.compactMap { name in remark(name).map { (name, $0) } }))
    }

    /// The session stored in `archive`, read from `path`, with nothing unsaved.
    init(archive: SessionArchive, path: String) throws(ShellError) {
        self.init()
        try add(archive, replace: false)
        log = archive.log
        self.path = path
        savedGeneration = generation
    }

    /// Adds the objects of `archive`; an existing name is refused unless `replace` is set, and so
    /// is an invalid name, of an object or of the tokenizer a model names.
    mutating func add(_ archive: SessionArchive, replace: Bool) throws(ShellError) {
        for (name, stored) in archive.objects {
            switch stored {
            case .tokenizer(let tokenizer): try insert(.tokenizer(tokenizer), as: name, replace: replace, remark: archive.remarks[name])
            case .vectorizer(let vectorizer):
                try insert(.vectorizer(vectorizer), as: name, replace: replace, remark: archive.remarks[name])
            case .table(let table): try insert(.table(table), as: name, replace: replace, remark: archive.remarks[name])
            case .model(let model):
                if let tokenizerName = model.tokenizerName, !isValidObjectName(tokenizerName) {
                    throw .message("model '\(name)' names its tokenizer: \(ShellError.invalidName(tokenizerName).message)", offset: nil)
                }
                try insert(.model(model), as: name, replace: replace, remark: archive.remarks[name])
            case .phrases(let model): try insert(.phrases(model), as: name, replace: replace, remark: archive.remarks[name])
            }
        }
    }
}
