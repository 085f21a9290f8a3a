#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Checks sizes before anything is allocated for them: the element count is an overflow-checked
/// product, and the bytes must fit in what the machine can give now. Every allocation whose size
/// comes from a file, an option or a session file goes through `reserve`, so an absurd size is
/// refused with a clear message instead of trapping, aborting in malloc or swapping the machine.
public enum MemoryBudget {
    /// Bytes the machine can give now: `MemAvailable` from /proc/meminfo where the system has it
    /// (free memory plus what the page cache would give back), else physical memory.
    public static var available: UInt64 {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let fields = line.split(separator: " ")
                if fields.count >= 2, let kilobytes = UInt64(fields[1]), kilobytes < UInt64.max / 1024 {
                    return kilobytes * 1024
                }
            }
        }
        return ProcessInfo.processInfo.physicalMemory
    }

    /// The product of `factors`, or nil when one is negative or the product overflows `Int`.
    public static func product(_ factors: [Int]) -> Int? {
        var total = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (next, overflow) = total.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            total = next
        }
        return total
    }

    /// Returns the element count `factors` multiply to, after checking that this many elements of
    /// `elementSize` bytes (plus `alsoBytes` more needed at the same time) fit in `limit` bytes
    /// (default: `available`). Throws `MemoryError` naming `what` and `hint` (what to lower) when
    /// the count overflows or the bytes do not fit.
    @discardableResult
    public static func reserve(_ factors: [Int], elementSize: Int, for what: @autoclosure () -> String,
                               lower hint: @autoclosure () -> String, alsoBytes: Int = 0,
                               limit: UInt64? = nil) throws(MemoryError) -> Int {
        let exact = factors.reduce(Double(max(elementSize, 1))) { $0 * Double($1) } + Double(alsoBytes)
        let limit = limit ?? available
        guard let count = product(factors), let bytes = product([count, max(elementSize, 1)]),
              bytes <= Int.max - alsoBytes, UInt64(bytes + alsoBytes) <= limit
        else {
            throw MemoryError(what: what(), bytes: exact, limit: limit, hint: hint())
        }
        return count
    }
}

/// An allocation refused before it was tried: `what` would take `bytes`, more than `limit`.
public struct MemoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the memory was for: "a 50 × 100000000 table".
    public var what: String
    /// The bytes it would take (may be beyond any integer, hence a Double).
    public var bytes: Double
    /// The bytes the machine could give when it was checked.
    public var limit: UInt64
    /// What to lower: "lower rows= or dim=".
    public var hint: String

    public init(what: String, bytes: Double, limit: UInt64, hint: String) {
        self.what = what
        self.bytes = bytes
        self.limit = limit
        self.hint = hint
    }

    public var description: String {
        "\(what) would take \(ByteCount.format(bytes)), more than the \(ByteCount.format(Double(limit))) "
            + "this machine can give now; \(hint)"
    }
}
