import EmbeddingKit

/// `wmdistance`: gensim's Word Mover's Distance between two documents.
enum WordMoversCommand {
    static let all = [wmdistance]

    private static let subject = Positional.object("TABLE", .table, help: "the table")
    private static let first = Positional.one("DOC1", help: "a document: quoted words separated by spaces", completion: .word)
    private static let second = Positional.one("DOC2", help: "the other document", completion: .word)
    private static let norm = Option.bool("norm", default: true, help: "unit-normalise each word's vector first, as gensim's norm")

    static let wmdistance = CommandSpec(
        "wmdistance", aliases: ["wmd"], group: .tables,
        summary: "Word Mover's Distance between two documents (gensim wmdistance; unknown words are left out)",
        positionals: [subject, first, second],
        options: [norm],
        examples: [#"wmdistance vectors "king queen" "man woman""#, #"wmdistance vectors "the king" "a queen" norm=false"#],
        jsonFields: ["distance", "left_out", "composed"],
        instead: [.model: "extract"],
        details: "Each document, split at spaces, is a bag of words weighted by count over length; the distance is the "
            + "least total cost of moving one bag onto the other, a word's weight costing the Euclidean distance between "
            + "the two words' vectors, solved exactly (gensim's emd2). Words the table lacks are left out with a warning; "
            + "a subword table (fasttext, or a .bin) composes them from n-grams instead, as gensim's FastText vectors do. "
            + "As gensim: inf (null in JSON) when a document has no word left, 0 when both are one same word."
    ) { session, arguments, context in
        let table = try session.table(arguments[subject].text)
        let documents = [arguments[first], arguments[second]].map { $0.text.split(whereSeparator: \.isWhitespace).map(String.init) }
        let result: WordMoversDistance
        do {
            result = try table.wordMoversDistance(documents[0], documents[1], normalize: arguments[norm],
                                                  interruption: context.interruption)
        } catch EmbeddingError.zeroVector(let word?) {
            throw ShellError.message("'\(word)' has a zero vector, which has no unit length: give norm=false to measure "
                                     + "the vectors as they are (gensim gives NaN)", offset: offset(of: word, arguments))
        } catch EmbeddingError.nonFiniteVector(let word?) {
            throw ShellError.message("'\(word)' has NaN or infinite values: its distances are undefined", offset: offset(of: word, arguments))
        } catch let error as EmbeddingError {
            throw ShellError.message(error.description, offset: nil)
        }
        var blocks: [Block] = [.fields([("wmdistance", formatNumber(result.distance, precision: 6))])]
        if !result.leftOut.isEmpty {
            blocks.append(.warning("left out (as gensim does): " + table.unknownWordsError(result.leftOut).description))
        }
        if result.distance == .infinity {
            let empty = documents.contains { $0.allSatisfy(result.leftOut.contains) }
            blocks.append(.warning((empty ? "a document has no word with a vector" : "the two documents' words all have one same vector")
                + ": the distance is inf, as gensim's"))
        }
        let report = Report(blocks, json: .object([("distance", .double(result.distance)),
                                                   ("left_out", .array(result.leftOut.map { .string($0) }))]))
        return ComposedWords.noted(report, result.composed)
    }

    /// Where the document naming `word` starts.
    private static func offset(of word: String, _ arguments: Arguments) -> Int? {
        [arguments[first], arguments[second]].first { $0.text.split(whereSeparator: \.isWhitespace).contains { $0 == word } }?.offset
    }
}
