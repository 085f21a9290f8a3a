/// What the code under test made of one fuzz input.
public enum FuzzOutcome: Equatable, Sendable {
    /// Read or run without an error.
    case accepted
    /// Refused with an error, as bad input should be.
    case refused
    /// Not tried: outside what the target explores (a path out of its workspace, a size that
    /// legitimately takes gigabytes or minutes).
    case skipped
}

/// Runs `body`: `.accepted` when it returns, `.refused` when it throws.
func attempt(_ body: () throws -> Void) -> FuzzOutcome {
    do {
        try body()
        return .accepted
    } catch {
        return .refused
    }
}
