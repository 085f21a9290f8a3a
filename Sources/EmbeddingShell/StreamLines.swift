#if canImport(Glibc)
import Glibc
#endif

/// Lines from a file descriptor (stdin or a script file): no prompt, no escape codes.
/// Bytes that are not UTF-8 are replaced, so binary garbage is just a bad command.
public struct StreamLines: LineSource {
    public let name: String?
    public private(set) var lineNumber = 0
    public let recordsHistory: Bool
    private let reader: ByteLineReader

    /// Reads standard input, naming it `<stdin>` in error locations.
    public init(standardInput: Void = ()) {
        name = "<stdin>"
        recordsHistory = true
        reader = ByteLineReader(descriptor: 0, ownsDescriptor: false)
    }

    /// Reads a script file; throws when it cannot be opened.
    public init(path: String) throws(ShellError) {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw .file(path: path, reason: "is a directory, not a script")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .file(path: path, reason: systemErrorMessage()) }
        name = path
        recordsHistory = false
        reader = ByteLineReader(descriptor: fd, ownsDescriptor: true)
    }

    public mutating func read(continuation: Bool) -> LineRead {
        guard let bytes = reader.nextLine() else { return .end }
        lineNumber += 1
        return .line(String(decoding: bytes, as: UTF8.self))
    }
}

/// Reads a descriptor in large chunks and splits it into lines without their `\n`.
final class ByteLineReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(descriptor: Int32, ownsDescriptor: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// The next line, or nil at the end of input. A final line without `\n` counts.
    func nextLine() -> ArraySlice<UInt8>? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            searchFrom = buffer.count
            fill()
        }
    }

    private func fill() {
        let chunk = 1 << 16
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count = 0
        repeat {
            count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + old, chunk) }
        } while count < 0 && errno == EINTR
        buffer.removeLast(chunk - max(count, 0))
        if count <= 0 { atEnd = true }
    }
}

/// The C library's message for the current `errno`, e.g. "No such file or directory".
func systemErrorMessage() -> String {
    String(cString: strerror(errno)).lowercased()
}
