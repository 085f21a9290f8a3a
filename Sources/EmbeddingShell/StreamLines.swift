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
    /// Bytes read and not yet handed out start at `start`; `count` bytes are in use.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity = 1 << 16
    private var start = 0, count = 0
    private var atEnd = false

    init(descriptor: Int32, ownsDescriptor: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(descriptor) }
    }

    /// What `nextLine` found.
    enum Next {
        case line([UInt8])
        /// A line longer than `StreamLines.maxLineBytes`; the reader has stopped.
        case tooLong
        case end
    }

    /// The next line. A final line without `\n` counts.
    func nextLine() -> Next {
        var searched = start
        while true {
            if let hit = memchr(buffer + searched, 10, count - searched) {
                let newline = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                defer { start = newline + 1 }
                return .line(Array(UnsafeBufferPointer(start: buffer + start, count: newline - start)))
            }
            if atEnd {
                guard start < count else { return .end }
                defer { start = count }
                return .line(Array(UnsafeBufferPointer(start: buffer + start, count: count - start)))
            }
            if count - start > StreamLines.maxLineBytes {
                (start, count, atEnd) = (0, 0, true)
                return .tooLong
            }
            searched = count - start
            fill()
        }
    }

    /// Moves the unread bytes to the front, makes room, and reads more.
    private func fill() {
        if start > 0 {
            memmove(buffer, buffer + start, count - start)
            (count, start) = (count - start, 0)
        }
        if capacity - count < 1 << 16 {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: count)
            buffer.deallocate()
            (buffer, capacity) = (bigger, capacity * 2)
        }
        var received = 0
        repeat {
            received = read(descriptor, buffer + count, capacity - count)
        } while received < 0 && errno == EINTR
        if received <= 0 { atEnd = true } else { count += received }
    }
}

/// The C library's message for the current `errno`, e.g. "No such file or directory".
func systemErrorMessage() -> String {
    String(cString: strerror(errno)).lowercased()
}
