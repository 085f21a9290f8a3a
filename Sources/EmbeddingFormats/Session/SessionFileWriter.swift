import EmbeddingKit

/// Writes a `SessionArchive` in the layout of `SessionFileLayout`, atomically (see `AtomicFile`).
public enum SessionFileWriter {
    /// Writes `archive` to `path`, replacing any file there only once the new one is complete.
    /// First runs the checks a table's file left for later (`deferredChecks`), so damaged values
    /// are refused, never saved under a new checksum.
    public static func write(_ archive: SessionArchive, to path: String) throws {
        for case (_, .table(let table)) in archive.objects {
            if let failed = table.deferredChecks.first(where: { !$0.verify() }) {
                throw SessionFileError.io(path: path, reason: "not saved: \(failed.failure)")
            }
        }
        var placements: [Int: (offset: Int, checksum: UInt64)] = [:]
        var position = SessionFileLayout.headerSize
        for (index, entry) in archive.objects.enumerated() {
            guard case .table(let table) = entry.object else { continue }
            position = aligned(position)
            let checksum = table.withUnsafeValues { Checksum.of(UnsafeRawBufferPointer($0)) }
            placements[index] = (position, checksum)
            position += table.memoryBytes
        }
        // Subword blocks: n-grams, then output vectors, per table that has them.
        var subwordPlacements: [Int: [(offset: Int, checksum: UInt64)]] = [:]
        for (index, entry) in archive.objects.enumerated() {
            guard case .table(let table) = entry.object, let subwords = table.subwords else { continue }
            for block in [subwords.ngrams] + (subwords.output.map { [$0] } ?? []) {
                position = aligned(position)
                subwordPlacements[index, default: []].append((position, block.withUnsafeBytes(Checksum.of)))
                position += block.count * MemoryLayout<Float>.size
            }
        }
        // Index arrays follow the tables' values.
        var indexes: [(index: NeighborIndex, stored: StoredIndex)] = []
        for entry in archive.objects {
            guard case .table(let table) = entry.object, let index = table.neighborIndex else { continue }
            var sections: [(offset: Int, length: Int, checksum: UInt64)] = []
            for bytes in index.sections {
                position = aligned(position)
                sections.append((position, bytes.count, Checksum.of(bytes)))
                position += bytes.count
            }
            indexes.append((index, StoredIndex(table: entry.name, parameters: index.parameters, rows: index.rows, dim: index.dim,
                                               entry: index.entry, maxLevel: index.maxLevel, sections: sections)))
        }
        let metadataOffset = aligned(position)
        let metadata = encode(archive, placements: placements, subwordPlacements: subwordPlacements,
                              indexes: indexes.map(\.stored))
        let header = headerBytes(metadataOffset: metadataOffset, metadata: metadata,
                                 version: SessionFileLayout.version(for: indexes.map(\.stored)))

        try AtomicFile.write(to: path) { descriptor in
            var written = 0
            func put(_ bytes: UnsafeRawBufferPointer) throws {
                try AtomicFile.writeAll(descriptor, bytes, path: path)
                written += bytes.count
            }
            func pad(to offset: Int) throws {
                let zeros = [UInt8](repeating: 0, count: offset - written)
                try zeros.withUnsafeBytes(put)
            }
            try header.withUnsafeBytes(put)
            for (index, entry) in archive.objects.enumerated() {
                guard case .table(let table) = entry.object, let placement = placements[index] else { continue }
                try pad(to: placement.offset)
                try table.withUnsafeValues { try put(UnsafeRawBufferPointer($0)) }
            }
            for (index, entry) in archive.objects.enumerated() {
                guard case .table(let table) = entry.object, let subwords = table.subwords, let blocks = subwordPlacements[index] else { continue }
                for (block, placement) in zip([subwords.ngrams] + (subwords.output.map { [$0] } ?? []), blocks) {
                    try pad(to: placement.offset)
                    try block.withUnsafeBytes(put)
                }
            }
            for (index, stored) in indexes {
                for (bytes, section) in zip(index.sections, stored.sections) {
                    try pad(to: section.offset)
                    try put(bytes)
                }
            }
            try pad(to: metadataOffset)
            try metadata.withUnsafeBytes(put)
        }
    }

    static func aligned(_ offset: Int) -> Int {
        (offset + SessionFileLayout.alignment - 1) / SessionFileLayout.alignment * SessionFileLayout.alignment
    }

    static func headerBytes(metadataOffset: Int, metadata: [UInt8], version: Int = SessionFileLayout.version) -> [UInt8] {
        var header = ByteWriter()
        SessionFileLayout.magic.forEach { header.u8($0) }
        header.u64(UInt64(version))  // version (UInt32) and reserved (UInt32, zero)
        header.int(metadataOffset)
        header.int(metadata.count)
        header.u64(metadata.withUnsafeBytes(Checksum.of))
        header.u64(header.bytes.withUnsafeBytes(Checksum.of))
        var bytes = header.bytes
        bytes += [UInt8](repeating: 0, count: SessionFileLayout.headerSize - bytes.count)
        return bytes
    }

    /// The metadata: the archive as `SessionContents`, with each table's placement.
    private static func encode(_ archive: SessionArchive, placements: [Int: (offset: Int, checksum: UInt64)],
                               subwordPlacements: [Int: [(offset: Int, checksum: UInt64)]], indexes: [StoredIndex]) -> [UInt8] {
        let remarks = archive.remarks.sorted { $0.key < $1.key }
        let objects = archive.objects.enumerated().map { index, entry -> (name: String, object: StoredObject) in
            switch entry.object {
            case .tokenizer(let tokenizer): return (entry.name, .tokenizer(tokenizer.state))
            case .vectorizer(let vectorizer): return (entry.name, .vectorizer(vectorizer.state))
            case .model(let classifier): return (entry.name, .model(classifier.state))
            case .phrases(let model): return (entry.name, .phrases(StoredPhrases(model)))
            case .table(let table):
                let placement = placements[index]!
                return (entry.name, .table(StoredTable(rows: table.rows, dim: table.dim, offset: placement.offset,
                                                       checksum: placement.checksum, labels: table.wordLabels, counts: table.counts)))
            }
        }
        let subwords = archive.objects.enumerated().compactMap { index, entry -> StoredSubwords? in
            guard case .table(let table) = entry.object, let subwords = table.subwords, let blocks = subwordPlacements[index] else { return nil }
            let output = blocks.count > 1 ? blocks[1] : (offset: -1, checksum: 0)
            return StoredSubwords(object: index, minn: subwords.settings.minn, maxn: subwords.settings.maxn, bucket: subwords.settings.bucket,
                                  dim: subwords.dim, ngramOffset: blocks[0].offset, ngramChecksum: blocks[0].checksum,
                                  outputOffset: output.offset, outputChecksum: output.checksum, training: subwords.training)
        }
        var out = ByteWriter()
        out.contents(SessionContents(log: archive.log, objects: objects, remarked: remarks.map(\.key), remarks: remarks.map(\.value),
                                     subwords: subwords, indexes: indexes))
        return out.bytes
    }
}
