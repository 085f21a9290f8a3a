import EmbeddingKit

/// A table's approximate-neighbour index as a session file describes it (format version 2; 3
/// for an HNSW index with codes): its settings and shape, and where each of its arrays lies in
/// the file, with its checksum. Stored after the remarks, apart from the table's own record, so
/// files without indexes keep version 1 and open in older embsh.
struct StoredIndex {
    var table: String
    var parameters: IndexParameters
    var rows: Int
    var dim: Int
    var entry: Int
    var maxLevel: Int
    var sections: [(offset: Int, length: Int, checksum: UInt64)]
}

extension ByteWriter {
    mutating func indexes(_ indexes: [StoredIndex]) {
        int(indexes.count)
        for index in indexes {
            string(index.table)
            string(index.parameters.method.rawValue)
            for value in [index.parameters.m, index.parameters.efConstruction, index.parameters.ef, index.parameters.rerank,
                          index.rows, index.dim, index.entry, index.maxLevel] { int(value) }
            int(index.sections.count)
            for section in index.sections {
                int(section.offset)
                int(section.length)
                u64(section.checksum)
            }
        }
    }
}

extension ByteReader {
    mutating func indexes() throws -> [StoredIndex] {
        try (0 ..< (try count(limit: remaining / 8))).map { _ in
            let table = try string()
            let methodName = try string()
            guard let method = IndexMethod(rawValue: methodName) else {
                throw SessionFileError.corrupt("the index of '\(table)' is of an unknown kind ('\(methodName)')")
            }
            let parameters = IndexParameters(method: method, m: try int(), efConstruction: try int(), ef: try int(), rerank: try int())
            let (rows, dim, entry, maxLevel) = (try int(), try int(), try int(), try int())
            let sections = try (0 ..< (try count(limit: 8))).map { _ in (offset: try int(), length: try int(), checksum: try u64()) }
            return StoredIndex(table: table, parameters: parameters, rows: rows, dim: dim, entry: entry, maxLevel: maxLevel,
                               sections: sections)
        }
    }
}

extension SessionFileReader {
    /// Attaches each stored index to its table in `archive`, after checking that the table
    /// exists and has the index's shape, and that every array lies aligned inside the file with
    /// its checksum (a large array's later: `BlockChecks`); the arrays are then used in place.
    /// Neighbour ids are checked as searches read them, so a hostile graph gives an error, never
    /// a read outside the table.
    static func attach(_ indexes: [StoredIndex], to archive: inout SessionArchive, file: UnsafeRawBufferPointer,
                       checks: BlockChecks) throws {
        var seen = Set<String>()
        for stored in indexes {
            let name = stored.table
            guard seen.insert(name).inserted else { throw SessionFileError.corrupt("table '\(name)' has two indexes") }
            guard let position = archive.objects.firstIndex(where: { $0.name == name }),
                  case .table(var table) = archive.objects[position].object else {
                throw SessionFileError.corrupt("an index belongs to '\(name)', which is not a table of the file")
            }
            var sections: [UnsafeRawBufferPointer] = []
            var deferred: [DeferredCheck] = []
            for (n, section) in stored.sections.enumerated() {
                let (offset, length) = (section.offset, section.length)
                guard length >= 0, offset >= SessionFileLayout.headerSize, offset % SessionFileLayout.alignment == 0,
                      case let (end, overflow) = offset.addingReportingOverflow(length), !overflow, end <= file.count else {
                    throw SessionFileError.corrupt("the index of '\(name)' claims \(length) bytes at offset \(offset) (array \(n + 1)), "
                        + "outside the file (\(file.count) bytes)")
                }
                let bytes = UnsafeRawBufferPointer(rebasing: file[offset ..< end])
                deferred += try checks.check(bytes, section.checksum, part: "the index of table '\(name)'")
                sections.append(bytes)
            }
            do {
                guard stored.rows == table.rows, stored.dim == table.dim else {
                    throw IndexError.damaged("it describes \(stored.rows)×\(stored.dim) rows, the table is \(table.rows)×\(table.dim)")
                }
                try table.attach(try NeighborIndex(parameters: stored.parameters, rows: stored.rows, dim: stored.dim,
                                                   entry: stored.entry, maxLevel: stored.maxLevel, sections: sections,
                                                   owner: checks.owner, deferredChecks: deferred))
            } catch let error as IndexError {
                throw SessionFileError.corrupt("table '\(name)': \(error)")
            }
            archive.objects[position].object = .table(table)
        }
    }
}
