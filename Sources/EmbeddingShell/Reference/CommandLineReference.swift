/// The executable's command line as the reference shows it, taken from the flags' own
/// declarations (the executable owns them; the shell library does not).
public struct CommandLineReference: Sendable {
    /// One argument or flag: how it is written (`-c COMMAND`, `--format F`) and what it does.
    public struct Flag: Sendable {
        public var usage: String
        public var help: String

        public init(usage: String, help: String) {
            self.usage = usage
            self.help = help
        }
    }

    /// `embsh [SESSION_FILE] [-c COMMAND]...`
    public var synopsis: String
    /// One line on what the program is.
    public var abstract: String
    /// The longer description `--help` shows.
    public var discussion: String
    public var version: String
    public var flags: [Flag]

    public init(synopsis: String, abstract: String, discussion: String, version: String, flags: [Flag]) {
        self.synopsis = synopsis
        self.abstract = abstract
        self.discussion = discussion
        self.version = version
        self.flags = flags
    }
}
