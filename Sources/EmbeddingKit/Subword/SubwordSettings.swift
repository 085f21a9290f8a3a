/// How a subword model splits words: character n-grams of `minn`…`maxn` characters of the
/// word wrapped in `<` and `>`, each hashed (`SubwordHash`) into one of `bucket` rows
/// (Bojanowski et al. 2017; fastText's `computeSubwords`, gensim's `compute_ngrams_bytes`).
public struct SubwordSettings: Equatable, Sendable {
    /// Shortest and longest n-grams, in characters (Unicode scalars, as fastText counts
    /// UTF-8 lead bytes); `maxn` 0 means no n-grams: a plain word2vec model.
    public var minn: Int
    public var maxn: Int
    /// Rows of the n-gram table.
    public var bucket: Int

    /// The largest n-gram length and bucket count accepted (fastText's own limits are looser;
    /// these keep tables addressable with 32-bit ids and n-grams short).
    public static let maxLength = 100, maxBucket = 1 << 30
    /// fastText's end-of-line word.
    static let endOfSentence = Array(FastText.lineEnd.utf8)

    /// Without n-grams (`maxn` 0) a single bucket row is kept, whatever `bucket` says, as fastText
    /// then keeps none: nothing is hashed into them.
    public init(minn: Int = 3, maxn: Int = 6, bucket: Int = 2_000_000) {
        self.minn = minn
        self.maxn = maxn
        self.bucket = maxn == 0 ? Swift.min(bucket, 1) : bucket
    }

    /// The first setting out of range, as (name, value, expected), or nil when all are valid;
    /// `minn` 0 counts as 1, as in fastText (whose classifier defaults are minn 0, maxn 0).
    public var problem: (name: String, value: Int, expected: String)? {
        if !(0 ... Self.maxLength).contains(minn) { return ("minn", minn, "from 0 to \(Self.maxLength)") }
        if maxn != 0 && !(minn ... Self.maxLength).contains(maxn) { return ("maxn", maxn, "0 or from minn to \(Self.maxLength)") }
        if !(1 ... Self.maxBucket).contains(bucket) { return ("bucket", bucket, "from 1 to \(Self.maxBucket)") }
        return nil
    }

    /// Calls `body` with the bytes and bucket row of each n-gram of `word` (its UTF-8 bytes,
    /// without the `<` `>` marks), in fastText's order: by start character, then by length.
    /// One-character n-grams of the marks alone (`<`, `>`) are skipped, and fastText's line-end
    /// token `</s>` has no n-grams, as in fastText.
    public func forEachNgram(of word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        guard maxn > 0, !word.elementsEqual(Self.endOfSentence) else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: word.count + 2) { marked in
            marked[0] = 60  // <
            for i in 0 ..< word.count { marked[i + 1] = word[i] }
            marked[word.count + 1] = 62  // >
            let size = word.count + 2, base = marked.baseAddress!
            for i in 0 ..< size where marked[i] & 0xC0 != 0x80 {
                var j = i, n = 1
                while j < size && n <= maxn {
                    j += 1
                    while j < size && marked[j] & 0xC0 == 0x80 { j += 1 }
                    if n >= minn && !(n == 1 && (i == 0 || j == size)) {
                        let gram = UnsafeBufferPointer(start: base + i, count: j - i)
                        body(gram, Int(SubwordHash.hash(gram) % UInt32(bucket)))
                    }
                    n += 1
                }
            }
        }
    }

    /// The bucket rows of `word`'s n-grams, in fastText's order (with repeats).
    public func buckets(of word: String) -> [Int] {
        var word = word, rows: [Int] = []
        word.withUTF8 { forEachNgram(of: $0) { rows.append($1) } }
        return rows
    }

    /// `word`'s n-grams as text with their bucket rows (for `explain`).
    public func ngrams(of word: String) -> [(ngram: String, bucket: Int)] {
        var word = word, found: [(ngram: String, bucket: Int)] = []
        word.withUTF8 { forEachNgram(of: $0) { found.append((String(decoding: $0, as: UTF8.self), $1)) } }
        return found
    }
}
