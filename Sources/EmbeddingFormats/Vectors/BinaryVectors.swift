#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import EmbeddingKit
import Foundation

/// word2vec binary files (the C tool, gensim `binary=True`, fastText).
///
/// Records vary in length with their words, so one pass finds where each word starts and ends;
/// then one task decodes the words and builds the table's word index while the others copy
/// the values.
extension VectorFileReader {
    /// What one task gave: the words task its words and their index, a values task its count
    /// of non-finite rows or the first error.
    struct BinaryPart {
        var words: [String] = []
        var wordIndex: [String: Int] = [:]
        var invalidUTF8 = InvalidWords()
        var nonFiniteRows = 0
        var error: VectorReadError? = nil
    }

    static func readBinary(_ p: UnsafePointer<UInt8>, _ count: Int, _ o: Options) throws -> RawVectors {
        let h = try Header(p, count, .binary, o)
        let dim = h.dim, wanted = h.wanted
        // The header fits the file, so a record's size is far from overflowing.
        let recordBytes = dim * MemoryLayout<Float>.size
        var spans: [Range<Int>] = []
        spans.reserveCapacity(wanted)
        var pos = h.bodyStart
        // Writers that end each vector with a newline (the C tool, gensim) let a word with spaces
        // be found: its last space is the one whose vector ends right before a newline.
        let newlineTerminated = count - pos > recordBytes + 1 && p[count - 1] == 10 && p[count - 2 - recordBytes] == 32
        var spacedWords: [String] = [], spacedWordCount = 0
        for r in 0..<wanted {
            if r & 65535 == 0 { try o.interruption.checkpoint() }
            while pos < count, p[pos] == 10 || p[pos] == 13 { pos += 1 }  // gensim: word.lstrip('\n')
            guard pos < count, let sp = memchr(p + pos, 32, count - pos) else {
                throw VectorReadError.truncated(expectedVectors: h.count, completeVectors: r, atByte: count)
            }
            var spOff = UnsafeRawPointer(sp).assumingMemoryBound(to: UInt8.self) - p
            if newlineTerminated, let end = spaceEndingSpacedWord(p, count, from: pos, firstSpace: spOff, recordBytes: recordBytes) {
                spOff = end
                if spacedWords.count < 3 { spacedWords.append(TextScan.decodeWord(p, pos..<spOff).0) }
                spacedWordCount += 1
            }
            guard count - (spOff + 1) >= recordBytes else {
                throw VectorReadError.truncated(expectedVectors: h.count, completeVectors: r, atByte: count)
            }
            spans.append(pos..<spOff)
            pos = spOff + 1 + recordBytes
        }

        let starts = spans
        let chunks = partRanges(rows: wanted, parts: ProcessInfo.processInfo.activeProcessorCount * 4)
        var parts = [BinaryPart](repeating: BinaryPart(), count: chunks.count + 1)
        let source = Box(p)
        let values = wanted == 0 ? [] : [Float](unsafeUninitializedCapacity: wanted * dim) { buffer, initialized in
            HugePageFloats.advise(buffer)
            let out = Box(UnsafeMutableRawPointer(buffer.baseAddress!))
            parts.withUnsafeMutableBufferPointer { results in
                let target = Box(results)
                DispatchQueue.concurrentPerform(iterations: chunks.count + 1) { k in
                    target.value[k] = k == 0 ? readWords(source.value, spans: starts)
                        : readValues(source.value, spans: starts, rows: chunks[k - 1], dim: dim, into: out.value, o)
                }
            }
            initialized = wanted * dim
        }
        try o.interruption.checkpoint()
        if let error = parts.lazy.compactMap(\.error).first { throw error }
        var raw = RawVectors(dim: dim)
        raw.rows = wanted
        raw.values = values
        raw.words = parts[0].words
        raw.wordIndex = parts[0].wordIndex
        raw.invalidUTF8 = parts[0].invalidUTF8
        raw.nonFiniteRows = parts.reduce(0) { $0 + $1.nonFiniteRows }
        if spacedWordCount > 0 { raw.warnings.append(.spacedWords(count: spacedWordCount, examples: spacedWords)) }
        var rest = pos
        while rest < count, p[rest] == 10 || p[rest] == 13 || p[rest] == 32 { rest += 1 }
        if o.limit == nil || o.limit! >= h.count, rest < count {
            raw.warnings.append(.trailingDataIgnored(bytes: count - rest))
        }
        return raw
    }

    /// In a file whose vectors each end with a newline: when the vector after `firstSpace` is
    /// not followed by one, the word holds spaces; returns the later space (on the same line) whose
    /// vector is, or nil when the first space fits or none does.
    static func spaceEndingSpacedWord(_ p: UnsafePointer<UInt8>, _ count: Int, from start: Int, firstSpace: Int,
                                      recordBytes: Int) -> Int? {
        func fits(_ space: Int) -> Bool {
            let end = space + 1 + recordBytes
            return end == count || (end < count && p[end] == 10)
        }
        if fits(firstSpace) { return nil }
        var space = firstSpace + 1
        while space < count, space - start < 4096, p[space] != 10 {
            if p[space] == 32, fits(space) { return space }
            space += 1
        }
        return nil
    }

    /// `0..<rows` in at most `parts` contiguous slices.
    static func partRanges(rows: Int, parts: Int) -> [Range<Int>] {
        let size = Swift.max(1, (rows + parts - 1) / parts)
        return stride(from: 0, to: rows, by: size).map { $0 ..< Swift.min(rows, $0 + size) }
    }

    /// Decodes every record's word (at `spans[r]`) and indexes them as the table will.
    static func readWords(_ p: UnsafePointer<UInt8>, spans: [Range<Int>]) -> BinaryPart {
        var part = BinaryPart()
        part.words.reserveCapacity(spans.count)
        for span in spans {
            let (word, valid) = TextScan.decodeWord(p, span)
            if !valid { part.invalidUTF8.note(word) }
            part.words.append(word)
        }
        part.wordIndex = EmbeddingTable.buildIndex(part.words)
        return part
    }

    /// Copies the values of the records `rows` (each right after the space that ends its word).
    static func readValues(_ p: UnsafePointer<UInt8>, spans: [Range<Int>], rows: Range<Int>, dim: Int,
                           into out: UnsafeMutableRawPointer, _ o: Options) -> BinaryPart {
        var part = BinaryPart()
        let recordBytes = dim * 4
        for r in rows {
            let dst = out + r * recordBytes
            dst.copyMemory(from: p + spans[r].upperBound + 1, byteCount: recordBytes)
            #if _endian(big)
            let f = dst.assumingMemoryBound(to: UInt32.self)
            for j in 0..<dim { f[j] = UInt32(littleEndian: f[j]) }
            #endif
            let fv = dst.assumingMemoryBound(to: Float.self)
            if let j = FiniteCheck.firstNonFinite(fv, dim) {
                if !o.allowNonFinite {
                    let word = TextScan.decodeWord(p, spans[r]).0
                    part.error = .nonFiniteVector(vector: r + 1, word: word, column: j + 1, text: "\(fv[j])")
                    return part
                }
                part.nonFiniteRows += 1
            }
        }
        return part
    }
}
