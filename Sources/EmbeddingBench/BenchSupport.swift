#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the monotonic clock.
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Processors available to this process.
func activeProcessors() -> Int {
    max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
}

/// The middle value (the upper middle of an even count).
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// The median wall time of `repeats` runs of `body`, and the last run's result (freeing a
/// run's result is not timed).
func medianTime<T>(repeats: Int, _ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    var times: [Double] = []
    var result: T?
    for _ in 0..<max(1, repeats) {
        result = nil  // the previous result is freed outside the timed part
        let start = now()
        let value = try body()
        times.append(now() - start)
        result = value
    }
    times.sort()
    let middle = times.count / 2
    let median = times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
    return (median, result!)
}

/// A value in a measurement line.
enum Field {
    case text(String)
    case number(Double)
    case integer(Int)

    var json: String {
        switch self {
        case .text(let text): return "\"" + text.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : "\($0)" }.joined() + "\""
        case .number(let value): return value.isFinite ? "\(value)" : "null"
        case .integer(let value): return "\(value)"
        }
    }
}

/// Prints one measurement as a JSON object on its own line.
func emit(_ fields: KeyValuePairs<String, Field>) {
    print("{" + fields.map { "\"\($0.key)\": \($0.value.json)" }.joined(separator: ", ") + "}")
    fflush(nil)
}

/// Writes `message` to stderr and exits.
func exitWithMessage(_ message: String, status: Int32) -> Never {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(status)
}

/// `--name value` options after the positional arguments.
struct BenchOptions {
    var positional: [String] = []
    private var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--") {
                guard index + 1 < arguments.count else { throw BenchError("\(argument) needs a value") }
                values[String(argument.dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                positional.append(argument)
                index += 1
            }
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, default value: Int) throws -> Int {
        guard let text = values[name] else { return value }
        guard let number = Int(text) else { throw BenchError("--\(name) needs an integer, not '\(text)'") }
        return number
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
