#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmbeddingKit

/// word2vec binary files (the C tool, gensim `binary=True`, fastText).
extension VectorFileReader {
    static func readBinary(_ p: UnsafePointer<UInt8>, _ count: Int, _ o: Options) throws -> RawVectors {
        let e = TextScan.lineEnd(p, 0, count)
        guard let h = TextScan.parseHeader(p, 0, e) else {
            throw VectorReadError.badHeader(line: TextScan.string(p, 0..<TextScan.trimEnd(p, 0, Swift.min(e, 200))))
        }
        let dim = h.dim
        let wanted = o.limit.map { Swift.min($0, h.count) } ?? h.count
        if wanted > 0 { try o.checkShape(rows: wanted, dim: dim) }
        var raw = RawVectors(dim: dim)
        raw.rows = wanted
        raw.words.reserveCapacity(wanted)
        var values = [Float](repeating: 0, count: wanted * dim)
        var pos = Swift.min(count, e + 1)
        let recordBytes = dim * 4
        var nonFinite = 0
        try values.withUnsafeMutableBufferPointer { vb in
            let out = UnsafeMutableRawPointer(vb.baseAddress!)
            for r in 0..<wanted {
                if r & 16383 == 0 { try o.interruption.checkpoint() }
                while pos < count, p[pos] == 10 || p[pos] == 13 { pos += 1 }  // gensim: word.lstrip('\n')
                guard pos < count, let sp = memchr(p + pos, 32, count - pos) else {
                    throw VectorReadError.truncated(expectedVectors: h.count, completeVectors: r, atByte: count)
                }
                let spOff = UnsafeRawPointer(sp).assumingMemoryBound(to: UInt8.self) - p
                guard count - (spOff + 1) >= recordBytes else {
                    throw VectorReadError.truncated(expectedVectors: h.count, completeVectors: r, atByte: count)
                }
                let (word, valid) = TextScan.decodeWord(p, pos..<spOff)
                if !valid { raw.noteInvalidUTF8(word) }
                let dst = out + r * recordBytes
                dst.copyMemory(from: p + spOff + 1, byteCount: recordBytes)
                #if _endian(big)
                let f = dst.assumingMemoryBound(to: UInt32.self)
                for j in 0..<dim { f[j] = UInt32(littleEndian: f[j]) }
                #endif
                let fv = dst.assumingMemoryBound(to: Float.self)
                for j in 0..<dim where !fv[j].isFinite {
                    if !o.allowNonFinite {
                        throw VectorReadError.nonFiniteVector(vector: r + 1, word: word, column: j + 1, text: "\(fv[j])")
                    }
                    nonFinite += 1
                    break
                }
                raw.words.append(word)
                pos = spOff + 1 + recordBytes
            }
        }
        raw.values = values
        raw.nonFiniteRows = nonFinite
        var rest = pos
        while rest < count, p[rest] == 10 || p[rest] == 13 || p[rest] == 32 { rest += 1 }
        if o.limit == nil || o.limit! >= h.count, rest < count {
            raw.warnings.append(.trailingDataIgnored(bytes: count - rest))
        }
        return raw
    }

}
