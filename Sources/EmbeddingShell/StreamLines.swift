#if canImport(Glibc)
import Glibc
#endif
import EmbeddingFormats
import EmbeddingKit

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

    /// Reads a script file (a regular file or a pipe, e.g. `-f <(make-script)`); throws when it
    /// cannot be opened or is a directory or device.
    public init(path: String) throws(ShellError) {
        let fd: Int32
        do { fd = try InputFile.open(path, allowPipes: true) } catch { throw .message(error.description, offset: nil) }
        name = path
        recordsHistory = false
        reader = ByteLineReader(descriptor: fd, ownsDescriptor: true)
    }

    public mutating func read(continuation: Bool) -> LineRead {
        switch reader.nextLine() {
        case .line(let bytes):
            lineNumber += 1
            return .line(String(decoding: bytes, as: UTF8.self))
        case .tooLong:
            lineNumber += 1
            return .failed("line \(lineNumber) is longer than \(ByteCount.format(Double(Self.maxLineBytes))); "
                           + "the rest of \(name ?? "the input") is not read")
        case .end:
            return .end
        }
    }

    /// The longest command line read from a script or stdin: 16 MB. A longer one (a binary
    /// file, /dev/zero on stdin) ends the source instead of filling the memory.
    public static let maxLineBytes = 16 << 20
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

    /// What `nextLine` found.
    enum Next {
        case line(ArraySlice<UInt8>)
        /// A line longer than `StreamLines.maxLineBytes`; the reader has stopped.
        case tooLong
        case end
    }

    /// The next line. A final line without `\n` counts.
    func nextLine() -> Next {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<newline]
                start = newline + 1
                return .line(line)
            }
            if atEnd {
                guard start < buffer.count else { return .end }
                let line = buffer[start...]
                start = buffer.count
                return .line(line)
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            if buffer.count > StreamLines.maxLineBytes {
                (buffer, atEnd) = ([], true)
                return .tooLong
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
