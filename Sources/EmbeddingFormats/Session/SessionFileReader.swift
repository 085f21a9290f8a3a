import EmbeddingKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens session files written by `SessionFileWriter`, checking everything before anything
/// is returned: a file that is not a session, from a newer embsh, cut short or damaged is
/// refused with a `SessionFileError` that says which.
public enum SessionFileReader {
    public static func read(path: String) throws -> SessionArchive {
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
        do {
            return try read(file.bytes, owner: file, path: path)
        } catch SessionFileError.corrupt(let reason) {
            throw SessionFileError.damaged(path: path, reason: reason)
        }
    }

    static func read(_ bytes: UnsafeRawBufferPointer, owner: AnyObject, path: String) throws -> SessionArchive {
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
        guard metadataOffset >= SessionFileLayout.headerSize, metadataLength >= 0 else {
            throw SessionFileError.corrupt("metadata at offset \(metadataOffset), length \(metadataLength)")
        }
        let end = metadataOffset.addingReportingOverflow(metadataLength)
        guard !end.overflow, end.partialValue <= bytes.count else {
            throw SessionFileError.truncated(path: path, size: bytes.count, needed: end.overflow ? Int.max : end.partialValue)
        }
        let metadata = UnsafeRawBufferPointer(rebasing: bytes[metadataOffset ..< end.partialValue])
        guard Checksum.of(metadata) == metadataChecksum else {
            throw SessionFileError.checksumMismatch(path: path, part: "the object descriptions")
        }
        return try decode(metadata, file: bytes, owner: owner, path: path)
    }

    private static func decode(_ metadata: UnsafeRawBufferPointer, file: UnsafeRawBufferPointer, owner: AnyObject,
                               path: String) throws -> SessionArchive {
        var reader = ByteReader(metadata)
        var archive = SessionArchive(log: try reader.strings())
        let count = try reader.count(limit: metadata.count)
        for _ in 0 ..< count {
            let name = try reader.string()
            guard let kind = SessionFileLayout.Kind(rawValue: try reader.u8()) else {
                throw SessionFileError.corrupt("object '\(name)' is of an unknown kind")
            }
            switch kind {
            case .tokenizer:
                archive.objects.append((name, .tokenizer(try reader.tokenizer(name: name))))
            case .model:
                archive.objects.append((name, .model(try reader.classifier(name: name))))
            case .table:
                archive.objects.append((name, .table(try table(&reader, name: name, file: file, owner: owner, path: path))))
            }
        }
        let remarked = try reader.strings(), remarks = try reader.strings()
        guard remarked.count == remarks.count else { throw SessionFileError.corrupt("remarks without their objects") }
        archive.remarks = Dictionary(zip(remarked, remarks), uniquingKeysWith: { first, _ in first })
        guard reader.isAtEnd else { throw SessionFileError.corrupt("unexpected data after the last object") }
        return archive
    }

    private static func table(_ reader: inout ByteReader, name: String, file: UnsafeRawBufferPointer,
                              owner: AnyObject, path: String) throws -> EmbeddingTable {
        let rows = try reader.int()
        let dim = try reader.int()
        let offset = try reader.int()
        let checksum = try reader.u64()
        let labels = try reader.bool() ? try reader.strings() : nil
        let counts = try reader.bool() ? try reader.ints() : nil
        let (count, overflow) = rows.multipliedReportingOverflow(by: dim)
        guard rows > 0, dim > 0, !overflow, count <= Int.max / 4, offset >= SessionFileLayout.headerSize,
              offset % SessionFileLayout.alignment == 0 else {
            throw SessionFileError.corrupt("table '\(name)' claims \(rows)×\(dim) values at offset \(offset)")
        }
        guard offset <= file.count - count * 4 else {
            throw SessionFileError.truncated(path: path, size: file.count, needed: offset + count * 4)
        }
        let raw = UnsafeRawBufferPointer(rebasing: file[offset ..< offset + count * 4])
        guard Checksum.of(raw) == checksum else {
            throw SessionFileError.checksumMismatch(path: path, part: "table '\(name)'")
        }
        let values = raw.bindMemory(to: Float.self)
        do {
            return try EmbeddingTable(rows: rows, dim: dim, borrowing: values, owner: owner, labels: labels, counts: counts)
        } catch {
            throw SessionFileError.corrupt("table '\(name)': \(error)")
        }
    }
}
