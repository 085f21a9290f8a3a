/// Where a command came from: a script file or stdin, and its (first) line number.
public struct SourceLocation: Sendable, Equatable {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}
