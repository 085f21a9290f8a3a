#if canImport(Glibc)
import Glibc
#endif

/// Where every byte the shell writes goes; tests swap in a buffer.
public protocol OutputSink: AnyObject {
    /// Writes results (stdout).
    func out(_ text: String)
    /// Writes errors, warnings, timings and progress (stderr).
    func err(_ text: String)
    /// Whether stderr is a terminal (progress bars, colours).
    var errIsTerminal: Bool { get }
}

/// The process's stdout (buffered here, flushed before each read and before stderr is
/// written, so `2>&1` interleaves right) and stderr (unbuffered).
public final class StandardSink: OutputSink {
    public let errIsTerminal = isatty(2) != 0
    private var pending: [UInt8] = []

    public init() {}

    deinit { flush() }

    public func out(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 16 { flush() }
    }

    public func err(_ text: String) {
        flush()
        Self.writeAll(Array(text.utf8), to: 2)
    }

    /// Writes what stdout holds.
    public func flush() {
        guard !pending.isEmpty else { return }
        Self.writeAll(pending, to: 1)
        pending.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Collects output in memory, for tests.
public final class BufferSink: OutputSink {
    public private(set) var stdout = ""
    public private(set) var stderr = ""
    public let errIsTerminal: Bool

    /// `errIsTerminal`: whether to act as a terminal on stderr (progress bars).
    public init(errIsTerminal: Bool = false) { self.errIsTerminal = errIsTerminal }
    public func out(_ text: String) { stdout += text }
    public func err(_ text: String) { stderr += text }
}
