/// How far the word tables (`FitTable` for tokenizers, `WordTable` for word2vec) may grow.
/// Their slots and spans pack a word's number and its place in the word arena in 32 bits each,
/// and no growth may take more memory than the machine can give. A table refused growth takes
/// no new word and keeps the reason; whoever fills it fails with that reason afterwards.
enum WordTableGrowth {
    /// The most distinct words a table numbers (the number + 1 fits in 32 bits).
    static let maxWords = (1 << 32) - 2
    /// The most bytes of distinct words a table stores.
    static let maxArenaBytes = 1 << 32

    /// Whether a table holding `count` of `capacity` words and `arenaCount` of `arenaCapacity`
    /// bytes may take one more word of `length` bytes. Only a table that must grow is checked,
    /// its new arrays taking `bytesPerWord` per word (or a doubled arena); a refusal is kept in
    /// `refusal`, and a table with a refusal takes nothing more.
    static func allows(count: Int, capacity: Int, arenaCount: Int, arenaCapacity: Int, length: Int, bytesPerWord: Int,
                       refusal: inout WordTableError?) -> Bool {
        guard refusal == nil else { return false }
        guard count == capacity || arenaCount + length > arenaCapacity else { return true }
        let newBytes = count == capacity ? capacity * 2 * bytesPerWord : max(arenaCapacity * 2, arenaCount + length)
        do {
            try check(words: count + 1, arenaBytes: arenaCount + length, newBytes: newBytes)
            return true
        } catch {
            refusal = error
            return false
        }
    }

    /// Throws when a table cannot hold `words` words or `arenaBytes` bytes of words, or the
    /// `newBytes` a growth would allocate now.
    static func check(words: Int, arenaBytes: Int, newBytes: Int) throws(WordTableError) {
        guard words <= maxWords else { throw .tooManyWords(limit: maxWords) }
        guard arenaBytes <= maxArenaBytes else { throw .tooManyBytes(limit: maxArenaBytes) }
        do {
            try MemoryBudget.reserve([newBytes], elementSize: 1, for: "a vocabulary of \(words) distinct words",
                                     lower: "use a smaller corpus, or min_count/num_words on a sample of it")
        } catch {
            throw .memory(error)
        }
    }
}

/// Why a vocabulary being counted could not take more words.
public enum WordTableError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooManyWords(limit: Int)
    case tooManyBytes(limit: Int)
    /// More documents than a tokenizer counts (their number is kept in 32 bits per word).
    case tooManyDocuments(limit: Int)
    case memory(MemoryError)

    public var description: String {
        switch self {
        case .tooManyWords(let limit): "the corpus has more than \(limit) distinct words, more than a vocabulary can number"
        case .tooManyBytes(let limit): "the distinct words of the corpus take more than \(ByteCount.format(Double(limit))), "
            + "more than a vocabulary can hold"
        case .tooManyDocuments(let limit): "more than \(limit) documents, more than a tokenizer counts"
        case .memory(let error): error.description
        }
    }
}
