#if canImport(Glibc)
import Glibc
#endif
import EmbeddingFuzzTargets
import Foundation

// libFuzzer's entry points for the targets of `FuzzTarget`, the one run chosen by the
// environment: `EMBSH_FUZZ_TARGET=NAME` (`list` prints each name and its -max_len, then
// exits); with `EMBSH_FUZZ_DICTIONARY=PATH` the target's dictionary is written there instead
// of fuzzing. `Scripts/fuzz` builds this with `--sanitize=fuzzer --sanitize=address`, so
// libFuzzer supplies `main`. An ordinary `swift build` links SwiftPM's empty `main` instead:
// that binary does nothing, and `FuzzRegressionTests` replays the inputs there.

nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let name = getenv("EMBSH_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    if name == "list" {
        for target in FuzzTarget.allCases { print(target.rawValue, target.maxLength) }
        exit(0)
    }
    guard let target = FuzzTarget(rawValue: name) else {
        fail("set EMBSH_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")) (or list)")
    }
    if let path = getenv("EMBSH_FUZZ_DICTIONARY").map({ String(cString: $0) }) {
        do {
            try target.dictionary.map(dictionaryLine).joined().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            fail("cannot write \(path): \(error)")
        }
        exit(0)
    }
    target.prepare()
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = selected!.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

private func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("embsh-fuzz: \(message)\n".utf8))
    exit(2)
}

/// `entry` as a line of a libFuzzer dictionary: quoted, with `"`, `\` and bytes outside
/// printable ASCII escaped as `\xNN`.
private func dictionaryLine(_ entry: String) -> String {
    let hex = Array("0123456789ABCDEF")
    let body = entry.utf8.map { byte in
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte > 0x7E
            ? "\\x\(hex[Int(byte >> 4)])\(hex[Int(byte & 15)])" : String(UnicodeScalar(byte))
    }
    return "\"" + body.joined() + "\"\n"
}
