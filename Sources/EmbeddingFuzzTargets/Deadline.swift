#if canImport(Glibc)
import Glibc
#endif
import EmbeddingKit

/// Seconds one input's work may take before it is asked to stop.
let inputBudget = 0.25

/// An interruption that asks long work to stop once `inputBudget` has passed, as Ctrl-C
/// would: what polls it stays fast; what does not is a finding (libFuzzer's `-timeout`).
func deadline() -> Interruption {
    let end = monotonicNow() + inputBudget
    return Interruption { monotonicNow() > end }
}

private func monotonicNow() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
