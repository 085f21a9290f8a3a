import EmbeddingKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens session files written by `SessionFileWriter`, checking everything before anything
/// is returned: a file that is not a session, from a newer embsh, cut short, damaged, or
/// describing an object that cannot be (a value out of its range, sizes that disagree) is
/// refused with a `SessionFileError` that says which, naming the object and the field.
///
/// The one exception is the checksum of a large block of table values or index arrays (over
/// `deferredCheckBytes`), used in place: reading gigabytes to open a file would cost more than
/// the query it was opened for. Its check is left with the table (`EmbeddingTable.deferredChecks`)
/// for `check` and `save` to run; until then damage in it can give wrong numbers, never a
/// crash or a read outside the file (index ids are checked as a search reads them).
public enum SessionFileReader {
    /// Blocks larger than this are checked later (`deferredChecks`), not as the file opens.
    public static let deferredCheckBytes = 64 << 20

    /// Reads the session at `path`, leaving the checksums of blocks over `deferChecksAbove` bytes for later.
    public static func read(path: String, deferChecksAbove: Int = deferredCheckBytes) throws -> SessionArchive {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch let error as VectorReadError {
            switch error {
            case .fileNotFound: throw SessionFileError.io(path: path, reason: "no such file")
            case .isDirectory: throw SessionFileError.io(path: path, reason: "is a directory, not a session file")
            case let .notRegular(_, kind): throw SessionFileError.io(path: path, reason: "is \(kind), not a session file")
            case .emptyFile: throw SessionFileError.truncated(path: path, size: 0, needed: SessionFileLayout.headerSize)
            default: throw SessionFileError.io(path: path, reason: error.description)
            }
        }
        // Tables use their values in place: the mapping lives as long as they do. Their
        // access is not just one sequential pass, so the default read-ahead suits them.
        _ = madvise(UnsafeMutableRawPointer(mutating: file.bytes.baseAddress!), file.bytes.count, MADV_NORMAL)
        return try read(file.bytes, owner: file, path: path, deferChecksAbove: deferChecksAbove)
    }

    /// Decodes and checks a whole session held in memory exactly as `read(path:)` does a file
    /// (e.g. for fuzzing; the shell checks object names as it adds them); never traps, whatever
    /// the bytes. Errors name `name` as the file.
    public static func read(bytes: [UInt8], name: String = "(session bytes)", deferChecksAbove: Int = deferredCheckBytes) throws -> SessionArchive {
        let copy = AlignedBytes(bytes)
        return try read(copy.bytes, owner: copy, path: name, deferChecksAbove: deferChecksAbove)
    }

    /// Reads a session from `bytes`, which start at a multiple of 64 bytes (as a mapping or
    /// `AlignedBytes` does), so table values at aligned offsets can be used in place as floats;
    /// `owner` keeps `bytes` alive as long as the tables do.
    private static func read(_ bytes: UnsafeRawBufferPointer, owner: AnyObject, path: String,
                             deferChecksAbove: Int) throws -> SessionArchive {
        do {
            let (metadata, version) = try checkedMetadata(bytes, path: path)
            var reader = ByteReader(metadata, owner: owner)
            let contents = try reader.contents(version: version)
            let checks = BlockChecks(path: path, owner: owner, deferAbove: deferChecksAbove)
            var archive = try objects(contents, file: bytes, checks: checks)
            try attach(contents.indexes, to: &archive, file: bytes, checks: checks)
            return archive
        } catch SessionFileError.corrupt(let reason) {
            throw SessionFileError.damaged(path: path, reason: reason)
        }
    }

    /// The metadata and the format version, after checking the header, its checksum and the metadata's.
    private static func checkedMetadata(_ bytes: UnsafeRawBufferPointer, path: String) throws -> (UnsafeRawBufferPointer, Int) {
        guard !bytes.isEmpty else { throw SessionFileError.truncated(path: path, size: 0, needed: SessionFileLayout.headerSize) }
        let magic = SessionFileLayout.magic
        guard bytes.count >= magic.count, bytes.prefix(magic.count).elementsEqual(magic) else {
            throw SessionFileError.notASession(path: path)
        }
        guard bytes.count >= SessionFileLayout.headerSize else {
            throw SessionFileError.truncated(path: path, size: bytes.count, needed: SessionFileLayout.headerSize)
        }
        var header = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[magic.count ..< SessionFileLayout.headerSize]))
        let versionWord = try header.u64()
        let version = Int(versionWord & 0xFFFF_FFFF)
        guard version <= SessionFileLayout.version else {
            throw SessionFileError.newerVersion(path: path, version: version, supported: SessionFileLayout.version)
        }
        let metadataOffset = try header.int()
        let metadataLength = try header.int()
        let metadataChecksum = try header.u64()
        let headerChecksum = try header.u64()
        guard Checksum.of(UnsafeRawBufferPointer(rebasing: bytes[0 ..< 40])) == headerChecksum else {
            throw SessionFileError.checksumMismatch(path: path, part: "the header")
        }
        guard version >= 1, metadataOffset >= SessionFileLayout.headerSize, metadataLength >= 0 else {
            throw SessionFileError.corrupt("format version \(version), metadata at offset \(metadataOffset), length \(metadataLength)")
        }
        let end = metadataOffset.addingReportingOverflow(metadataLength)
        guard !end.overflow, end.partialValue <= bytes.count else {
            throw SessionFileError.truncated(path: path, size: bytes.count, needed: end.overflow ? Int.max : end.partialValue)
        }
        let metadata = UnsafeRawBufferPointer(rebasing: bytes[metadataOffset ..< end.partialValue])
        guard Checksum.of(metadata) == metadataChecksum else {
            throw SessionFileError.checksumMismatch(path: path, part: "the object descriptions")
        }
        return (metadata, version)
    }

    /// Rebuilds every object, checking each value against it (see `TokenizerState`,
    /// `TextClassifier(state:)`, `table`); names must be distinct and remarks name objects.
    private static func objects(_ contents: SessionContents, file: UnsafeRawBufferPointer, checks: BlockChecks) throws -> SessionArchive {
        let path = checks.path
        var archive = SessionArchive(log: contents.log)
        var names = Set<String>()
        for (name, stored) in contents.objects {
            guard names.insert(name).inserted else { throw SessionFileError.corrupt("two objects are named '\(name)'") }
            switch stored {
            case .tokenizer(let state):
                do {
                    archive.objects.append((name, .tokenizer(try Tokenizer(state: state))))
                } catch {
                    throw SessionFileError.corrupt("tokenizer '\(name)': \(error)")
                }
            case .vectorizer(let state):
                do {
                    archive.objects.append((name, .vectorizer(try TextVectorizer(state: state))))
                } catch {
                    throw SessionFileError.corrupt("vectorizer '\(name)': \(error)")
                }
            case .model(let state):
                archive.objects.append((name, .model(try model(state, name: name, path: path))))
            case .phrases(let stored):
                archive.objects.append((name, .phrases(try stored.model(name: name))))
            case .table(let stored):
                archive.objects.append((name, .table(try table(stored, name: name, file: file, checks: checks))))
            }
        }
        var attached = Set<Int>()
        for stored in contents.subwords {
            guard archive.objects.indices.contains(stored.object), case .table(var table) = archive.objects[stored.object].object,
                  attached.insert(stored.object).inserted else {
                throw SessionFileError.corrupt("subword vectors for object \(stored.object), which is not a table or has them twice")
            }
            let name = archive.objects[stored.object].name
            try SubwordCoding.attach(stored, to: &table, name: name, file: file, path: path)
            archive.objects[stored.object] = (name, .table(table))
        }
        guard contents.remarked.count == contents.remarks.count, contents.remarked.allSatisfy(names.contains) else {
            throw SessionFileError.corrupt("remarks without their objects")
        }
        archive.remarks = Dictionary(zip(contents.remarked, contents.remarks), uniquingKeysWith: { first, _ in first })
        return archive
    }

    private static func model(_ state: TextClassifierState, name: String, path: String) throws -> TextClassifier {
        do {
            try ModelConfig(layers: state.model.layers, inputLength: state.model.inputLength).reserveMemory()
            return try TextClassifier(state: state)
        } catch let error as ModelError {
            throw SessionFileError.corrupt("model '\(name)': \(error)")
        } catch let error as MemoryError {
            throw SessionFileError.io(path: path, reason: "model '\(name)': \(error)")
        }
    }

    /// A table whose values lie in `file` at an aligned offset, within the file, with their
    /// checksum (now, or later for a large block); only the shape and the offset are checked,
    /// not every value (NaN and ∞ are allowed).
    private static func table(_ stored: StoredTable, name: String, file: UnsafeRawBufferPointer,
                              checks: BlockChecks) throws -> EmbeddingTable {
        let (rows, dim, offset) = (stored.rows, stored.dim, stored.offset)
        guard rows > 0, dim > 0, let byteCount = MemoryBudget.product([rows, dim, MemoryLayout<Float>.size]),
              offset >= SessionFileLayout.headerSize, offset % SessionFileLayout.alignment == 0,
              case let (end, overflow) = offset.addingReportingOverflow(byteCount), !overflow else {
            throw SessionFileError.corrupt("table '\(name)' claims \(rows)×\(dim) values at offset \(offset)")
        }
        guard end <= file.count else {
            throw SessionFileError.corrupt("table '\(name)' claims \(rows)×\(dim) values at offset \(offset), "
                + "beyond the end of the file (\(file.count) bytes)")
        }
        if let counts = stored.counts, let negative = counts.first(where: { $0 < 0 }) {
            throw SessionFileError.corrupt("table '\(name)' has a word count of \(negative)")
        }
        let raw = UnsafeRawBufferPointer(rebasing: file[offset ..< end])
        let deferred = try checks.check(raw, stored.checksum, part: "table '\(name)'")
        do {
            var table = try EmbeddingTable(rows: rows, dim: dim, borrowing: raw.bindMemory(to: Float.self), owner: checks.owner,
                                           wordLabels: stored.labels, counts: stored.counts)
            table.deferChecks(deferred)
            return table
        } catch {
            throw SessionFileError.corrupt("table '\(name)': \(error)")
        }
    }
}

/// A copy of bytes starting at a 64-byte boundary, like a file mapping, for tables to borrow.
private final class AlignedBytes {
    private let memory: UnsafeMutableRawBufferPointer
    let bytes: UnsafeRawBufferPointer

    init(_ source: [UInt8]) {
        memory = .allocate(byteCount: max(source.count, 1), alignment: SessionFileLayout.alignment)
        memory.copyBytes(from: source)
        bytes = UnsafeRawBufferPointer(rebasing: memory[0 ..< source.count])
    }

    deinit { memory.deallocate() }
}
