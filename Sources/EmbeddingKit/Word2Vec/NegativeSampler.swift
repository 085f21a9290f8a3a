import Foundation

/// Draws noise words from the unigram distribution raised to a power (0.75 for word2vec.c and
/// gensim, 0.5 for fastText) in constant time with Walker's alias method: vocabulary-sized tables (8 bytes a word)
/// instead of word2vec.c's 10^8-entry table, and exact probabilities.
struct NegativeSampler: Sendable {
    /// Bucket `i` answers `i` when the second random number is below `threshold`, else `alias`.
    struct Bucket {
        var threshold: UInt32
        var alias: Int32
    }

    let buckets: [Bucket]

    /// The exponent word2vec applies to counts.
    static let word2vecPower = 0.75
    /// The exponent fastText applies (its `initTableNegatives`).
    static let fastTextPower = 0.5

    init(counts: [Int], power: Double = Self.word2vecPower) {
        let n = counts.count
        let weights = counts.map { pow(Double($0), power) }
        let total = weights.reduce(0, +)
        // Vose's construction: scaled probabilities, small ones topped up by large ones.
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int] = [], large: [Int] = []
        for i in 0 ..< n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        var buckets = (0 ..< n).map { Bucket(threshold: UInt32.max, alias: Int32($0)) }
        while let s = small.popLast(), let l = large.last {
            buckets[s] = Bucket(threshold: UInt32(min(scaled[s] * 4_294_967_296, 4_294_967_295)), alias: Int32(l))
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        self.buckets = buckets
    }

    /// The probability of drawing each word (for tests and checks).
    var probabilities: [Double] {
        var p = [Double](repeating: 0, count: buckets.count)
        for (i, bucket) in buckets.enumerated() {
            let own = bucket.threshold == UInt32.max ? 1 : Double(bucket.threshold) / 4_294_967_296
            p[i] += own / Double(buckets.count)
            p[Int(bucket.alias)] += (1 - own) / Double(buckets.count)
        }
        return p
    }
}
