/// fastText's hash of a string (dictionary.cc `Dictionary::hash`, gensim `ft_hash_bytes`):
/// 32-bit FNV-1a over the UTF-8 bytes, where each byte goes through a signed `char` first,
/// so bytes ≥ 0x80 are XORed in sign-extended (0xC3 → 0xFFFFFFC3). Every fastText model and
/// gensim's FastText since 3.8 hash this way; a hash that skipped the sign extension would put
/// every non-ASCII n-gram in a different bucket.
public enum SubwordHash {
    /// The hash of `bytes`.
    @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for byte in bytes {
            h ^= UInt32(bitPattern: Int32(Int8(bitPattern: byte)))
            h = h &* 16_777_619
        }
        return h
    }

    /// The hash of `text`'s UTF-8 bytes.
    public static func hash(_ text: String) -> UInt32 {
        var text = text
        return text.withUTF8 { hash($0) }
    }
}
