#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with LeakSanitizer, when the process has it, ignoring what `body` allocates on
/// this thread: for what lives as long as the process. Swift keeps some pointers with an
/// enum's tag in their spare bits, which LeakSanitizer cannot follow, so the objects of the
/// shell target's session were reported as leaked whenever an input led libFuzzer to check.
func withLeaksIgnored(_ body: () -> Void) {
    typealias Switch = @convention(c) () -> Void
    let (disable, enable) = (dlsym(nil, "__lsan_disable"), dlsym(nil, "__lsan_enable"))
    disable.map { unsafeBitCast($0, to: Switch.self)() }
    defer { enable.map { unsafeBitCast($0, to: Switch.self)() } }
    body()
}
