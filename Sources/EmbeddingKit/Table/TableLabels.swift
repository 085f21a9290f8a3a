import Foundation

/// A table's word labels, one per row: strings, or words packed in borrowed memory (a session
/// file's, see `PackedWords`) decoded as they are asked for. The word → row dictionary is built
/// on first use, so opening a table of millions of words hashes none of them: until then
/// lookups of a few distinct ASCII words in packed labels scan the bytes instead (the first row
/// wins, as in the dictionary), and remember the answer for the next lookup of the same word.
public final class TableLabels: @unchecked Sendable {
    /// Distinct words looked up by scanning packed labels before the dictionary is built.
    static let scansBeforeDictionary = 16

    let count: Int
    private let packed: PackedWords?
    private let lock = NSLock()
    private var strings: [String]?
    private var dictionary: [String: Int]?
    /// Words found (or not) by scanning.
    private var scanned: [String: Int?] = [:]

    /// Labels from strings; `index`, when given, must be `EmbeddingTable.buildIndex(words)`.
    public init(_ words: [String], index: [String: Int]? = nil) {
        count = words.count
        packed = nil
        strings = words
        dictionary = index
    }

    /// Labels used in place.
    public init(packed words: PackedWords) {
        count = words.count
        packed = words
    }

    /// Whether the word → row dictionary has been built.
    var hasDictionary: Bool { lock.withLock { dictionary != nil } }

    /// The label of row `i` (0 ..< count).
    subscript(i: Int) -> String {
        if let packed { return packed[i] }
        return lock.withLock { strings![i] }
    }

    /// Every label, decoded once.
    public var words: [String] {
        lock.withLock {
            if let strings { return strings }
            let decoded = packed!.all
            strings = decoded
            return decoded
        }
    }

    /// Word → row (a repeated word keeps its first row), built once.
    var rowByWord: [String: Int] {
        if let built = lock.withLock({ dictionary }) { return built }
        let built = EmbeddingTable.buildIndex(words)
        return lock.withLock {
            if dictionary == nil { dictionary = built }
            return dictionary!
        }
    }

    /// The row labelled `word`, or nil.
    func row(of word: String) -> Int? {
        guard let packed, word.utf8.allSatisfy({ $0 < 0x80 }) else { return rowByWord[word] }
        let known: Int?? = lock.withLock { dictionary == nil ? scanned[word] : nil }
        if let known { return known }
        guard lock.withLock({ dictionary == nil && scanned.count < Self.scansBeforeDictionary }) else { return rowByWord[word] }
        let row = packed.firstRow(ofASCII: word)
        lock.withLock { _ = scanned.updateValue(row, forKey: word) }
        return row
    }
}
