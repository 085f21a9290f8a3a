/// Keras `TextVectorization`'s preprocessing on UTF-8 bytes: standardize, split, then
/// n-grams joined by a space. Every step Keras takes here works on ASCII bytes
/// (`tf.strings.lower`, its punctuation regex, `tf.strings.split`), so no step decodes UTF-8
/// except the character split.
struct VectorizerPipeline: Sendable {
    let standardize: TextVectorizerConfig.Standardize
    let split: TextVectorizerConfig.Split
    /// N-gram widths in output order; [1] when none were asked for.
    let widths: [Int]

    init(_ config: TextVectorizerConfig) {
        standardize = config.standardize
        split = config.split
        widths = config.ngrams ?? [1]
    }

    /// Keras's punctuation class `[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']`: all ASCII punctuation.
    private static let punctuation: [Bool] = (0 ..< 256).map { byte in
        Array("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".utf8).contains(UInt8(byte))
    }

    /// The whitespace `tf.strings.split` splits on.
    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Calls `body` with the bytes of each token of `text` (valid UTF-8), in Keras's order:
    /// for each width in turn, its n-grams from left to right. The bytes live in `scratch`
    /// until `body` returns, with 8 readable bytes after them (for `WordHash.hashPadded`).
    func forEachToken(in text: UnsafeBufferPointer<UInt8>, scratch: TokenScratch,
                      _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        scratch.reserve(textBytes: text.count, widest: widths.max() ?? 1)
        let clean = scratch.text
        let length = standardized(text, into: clean)
        let bounds = scratch.bounds
        let tokens = split == .whitespace ? splitWhitespace(clean, length, into: bounds) : splitCharacters(clean, length, into: bounds)
        for width in widths where width <= tokens {
            if width == 1 {
                for t in 0 ..< tokens {
                    body(UnsafeBufferPointer(start: clean + bounds[2 * t], count: bounds[2 * t + 1] - bounds[2 * t]))
                }
                continue
            }
            let joined = scratch.joined
            for first in 0 ... tokens - width {
                var n = 0
                for t in first ..< first + width {
                    if t > first { joined[n] = 0x20; n += 1 }
                    let count = bounds[2 * t + 1] - bounds[2 * t]
                    (joined + n).update(from: clean + bounds[2 * t], count: count)
                    n += count
                }
                body(UnsafeBufferPointer(start: joined, count: n))
            }
        }
    }

    /// Writes the standardized text to `out` (room for `text.count` bytes); returns its length.
    private func standardized(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let lower = standardize == .lower || standardize == .lowerAndStripPunctuation
        let strip = standardize == .stripPunctuation || standardize == .lowerAndStripPunctuation
        var n = 0
        Self.punctuation.withUnsafeBufferPointer { punctuation in
            for byte in text {
                if strip && punctuation[Int(byte)] { continue }
                out[n] = lower && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                n += 1
            }
        }
        return n
    }

    /// Writes start and end offsets of each whitespace-separated token; returns their number.
    private func splitWhitespace(_ text: UnsafeMutablePointer<UInt8>, _ length: Int, into bounds: UnsafeMutablePointer<Int>) -> Int {
        var count = 0
        var i = 0
        while i < length {
            while i < length && Self.isSpace(text[i]) { i += 1 }
            if i == length { break }
            let start = i
            while i < length && !Self.isSpace(text[i]) { i += 1 }
            bounds[2 * count] = start
            bounds[2 * count + 1] = i
            count += 1
        }
        return count
    }

    /// Writes start and end offsets of each Unicode scalar; returns their number. A stray
    /// continuation byte is a token of its own, and a cut sequence ends at the text's end.
    private func splitCharacters(_ text: UnsafeMutablePointer<UInt8>, _ length: Int, into bounds: UnsafeMutablePointer<Int>) -> Int {
        var count = 0
        var i = 0
        while i < length {
            let byte = text[i]
            let size = byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            bounds[2 * count] = i
            i = min(i + size, length)
            bounds[2 * count + 1] = i
            count += 1
        }
        return count
    }
}

/// Buffers one thread reuses while preprocessing texts; each byte buffer has 8 bytes more
/// than it holds, so a token's last word can be read whole.
final class TokenScratch {
    private(set) var text: UnsafeMutablePointer<UInt8>
    private(set) var bounds: UnsafeMutablePointer<Int>
    private(set) var joined: UnsafeMutablePointer<UInt8>
    private var capacity = 0
    private var joinedCapacity = 0

    init() {
        text = .allocate(capacity: 8)
        bounds = .allocate(capacity: 2)
        joined = .allocate(capacity: 8)
    }

    deinit {
        text.deallocate()
        bounds.deallocate()
        joined.deallocate()
    }

    /// Makes room for a text of `textBytes` bytes: its standardized form, two offsets per
    /// token (at most one per byte), and one n-gram of up to `widest` tokens.
    func reserve(textBytes: Int, widest: Int) {
        if textBytes > capacity {
            capacity = max(textBytes, capacity * 2, 256)
            text.deallocate()
            bounds.deallocate()
            text = .allocate(capacity: capacity + 8)
            bounds = .allocate(capacity: 2 * capacity)
        }
        if textBytes + widest > joinedCapacity {
            joinedCapacity = max(textBytes + widest, joinedCapacity * 2, 256)
            joined.deallocate()
            joined = .allocate(capacity: joinedCapacity + 8)
        }
    }
}
