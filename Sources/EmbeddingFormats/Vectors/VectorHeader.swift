import EmbeddingKit

/// The `N D` header line of word2vec text and binary files, checked against the file before
/// anything is allocated: a header that is not two integers is refused, and so is one that
/// announces more vectors than the file's bytes could hold however short its words and numbers.
extension VectorFileReader {
    struct Header {
        /// Vectors announced.
        var count: Int
        var dim: Int
        /// Vectors to read: the count, or the limit when lower.
        var wanted: Int
        /// Offset of the first vector (after the header line).
        var bodyStart: Int

        /// The fewest bytes a vector can take: in text a one-byte word, a space and a digit per
        /// value and a newline (which the last line may lack); in binary a space (the word may be
        /// empty) and four bytes per value.
        enum Layout {
            case text, binary

            var bytesPerValue: Int { self == .text ? 2 : 4 }
            var bytesPerVector: Int { self == .text ? 2 : 1 }
            /// Bytes the last vector may lack (its newline).
            var slack: Int { self == .text ? 1 : 0 }
            /// Bytes per vector the reader keeps while it reads (binary: where each record is).
            var bookkeeping: Int { self == .text ? 0 : MemoryLayout<Range<Int>>.stride }
        }

        init(_ p: UnsafePointer<UInt8>, _ size: Int, _ layout: Layout, _ o: Options) throws {
            let e = TextScan.lineEnd(p, 0, size)
            guard let h = TextScan.parseHeader(p, 0, e) else {
                throw VectorReadError.badHeader(line: TextScan.string(p, 0..<TextScan.trimEnd(p, 0, Swift.min(e, 200))))
            }
            count = h.count
            dim = h.dim
            wanted = o.limit.map { Swift.min($0, h.count) } ?? h.count
            bodyStart = Swift.min(size, e + 1)
            let body = size - bodyStart
            let most: Int
            if let valueBytes = MemoryBudget.product([dim, layout.bytesPerValue]), valueBytes <= body {
                most = (body + layout.slack) / (valueBytes + layout.bytesPerVector)
            } else {
                most = 0
            }
            guard wanted <= most else {
                throw VectorReadError.headerExceedsFile(announced: count, dim: dim, bytes: size, atMost: most)
            }
            if wanted > 0 { try o.checkShape(rows: wanted, dim: dim, bookkeeping: layout.bookkeeping) }
        }
    }
}
