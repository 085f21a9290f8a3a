import EmbeddingKit

/// NumPy `.npy` files: a rows × dim float32 or float64 array (C or Fortran order), labelled by a words file.
extension VectorFileReader {
    static func readNpy(_ bytes: UnsafeRawBufferPointer, words: WordList, _ o: Options) throws -> RawVectors {
        let h = try NpyHeader(parsing: bytes, path: o.name)
        let rows = o.limit.map { Swift.min($0, h.rows) } ?? h.rows
        let available = bytes.count - h.dataOffset
        // C order needs only the rows read; Fortran order spreads every row over the whole array.
        // (The header checked that the whole array's byte count is an Int.)
        guard available >= (h.fortranOrder ? h.rows : rows) * h.rowBytes else {
            throw VectorReadError.truncated(expectedVectors: h.rows, completeVectors: h.fortranOrder ? 0 : available / h.rowBytes,
                                            atByte: bytes.count)
        }
        if rows > 0 { try o.checkShape(rows: rows, dim: h.dim) }
        var raw = RawVectors(dim: h.dim)
        raw.rows = rows
        try raw.attach(words, limited: o.limit != nil)
        let data = bytes.baseAddress! + h.dataOffset
        let count = rows * h.dim
        raw.values = count == 0 ? [] : [Float](unsafeUninitializedCapacity: count) { out, initialized in
            HugePageFloats.advise(out)
            if h.valueBytes == 4, !h.fortranOrder {
                UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: data, byteCount: count * 4)
            } else {
                for r in 0..<rows {
                    for j in 0..<h.dim {
                        let index = h.fortranOrder ? j * h.rows + r : r * h.dim + j
                        out[r * h.dim + j] = h.valueBytes == 4
                            ? data.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
                            : Float(data.loadUnaligned(fromByteOffset: index * 8, as: Double.self))
                    }
                }
            }
            initialized = count
        }
        try raw.values.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                guard let j = FiniteCheck.firstNonFinite(v.baseAddress! + r * h.dim, h.dim) else { continue }
                if !o.allowNonFinite {
                    throw VectorReadError.nonFiniteVector(vector: r + 1, word: raw.words[r], column: j + 1, text: "\(v[r * h.dim + j])")
                }
                raw.nonFiniteRows += 1
            }
        }
        return raw
    }
}
