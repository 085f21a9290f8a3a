/// Lets a long computation stop at a safe point when the user asks (Ctrl-C in the shell).
///
/// The kit never touches signals itself: the caller passes a check, and loops poll it
/// between chunks of work, returning with a consistent state.
public struct Interruption: Sendable {
    private let check: @Sendable () -> Bool

    /// Wraps a check that answers `true` once a stop has been requested.
    public init(_ check: @escaping @Sendable () -> Bool) {
        self.check = check
    }

    /// Never asks to stop.
    public static let never = Interruption { false }

    /// Whether a stop has been requested.
    public var isRequested: Bool { check() }

    /// Throws `Interrupted` when a stop has been requested.
    public func checkpoint() throws {
        if check() { throw Interrupted() }
    }
}

/// Thrown by work that stopped early at the user's request; nothing was changed.
public struct Interrupted: Error, Equatable, Sendable {
    public init() {}
}
