/// Buffered writes to a descriptor (e.g. the one `AtomicFile.write` hands out), in 1 MB blocks.
final class FileOutput {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    /// Bytes written so far, buffered ones included.
    private(set) var written = 0
    private static let capacity = 1 << 20

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(Self.capacity)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        written += bytes.count
        if buffer.count + bytes.count > Self.capacity { try flush() }
        if bytes.count >= Self.capacity {
            try AtomicFile.writeAll(descriptor, bytes, path: path)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes what is buffered.
    func flush() throws {
        try buffer.withUnsafeBytes { try AtomicFile.writeAll(descriptor, $0, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }
}
