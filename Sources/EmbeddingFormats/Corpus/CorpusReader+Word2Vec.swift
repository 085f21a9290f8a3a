#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EmbeddingKit

/// word2vec streams a corpus file block by block, each pass re-reading it from disk.
extension CorpusReader: Word2VecCorpus {
    public func forEachLine<Part: AnyObject & Sendable>(parts: [Part], split: CorpusSplit, interruption: Interruption,
                                                        work: @escaping @Sendable (Part, UnsafeBufferPointer<UInt8>) -> Void,
                                                        afterBlock: (Part) throws -> Void) throws {
        var next = 0
        _ = try forEachBlock(split: split, threads: parts.count, interruption: interruption,
                             makePart: { defer { next += 1 }; return parts[next] },
                             work: { part, _, document in work(part, document.text) }, afterBlock: { try afterBlock($0) })
    }

    /// Throws `CorpusError.binaryFile` when the file's first 64 KiB hold a NUL byte, as text
    /// never does (a vector file in word2vec's binary format, an archive, an executable).
    public func checkIsText() throws {
        let descriptor: Int32
        do { descriptor = try InputFile.open(path) } catch { throw CorpusError.file(error) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let received = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if received < 0 { throw CorpusError.file(.fromErrno(errno, path: path)) }
        if received > 0 && buffer[..<received].contains(0) { throw CorpusError.binaryFile(path: path) }
    }
}
