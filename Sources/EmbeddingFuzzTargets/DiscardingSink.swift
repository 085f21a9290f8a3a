import EmbeddingShell

/// Drops everything the shell writes (the reports are still rendered). Claims a terminal on
/// stderr, so progress bars are drawn too.
final class DiscardingSink: OutputSink {
    let errIsTerminal = true
    func out(_ text: String) {}
    func err(_ text: String) {}
}
