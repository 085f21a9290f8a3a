/// Every command the shell knows, in help order. Help, usage errors, Tab completion and
/// dispatch all read this one list.
public enum CommandTable {
    public static let all: [CommandSpec] =
        ShellCommands.all + SessionCommands.all + SessionFileCommands.all + TokenizerCommands.all + TableCommands.all
        + SimilarityCommands.all + IndexCommand.all + KeyedVectorCommands.all + WordMoversCommand.all + VectorFileCommands.all
        + Word2VecCommand.all + FastTextCommand.all + PhrasesCommand.all + ModelCommands.all + TutorialCommand.all + ExplainCommand.all
        + PlotCommand.all + ProjectCommand.all

    private static let byName: [String: CommandSpec] = {
        var map: [String: CommandSpec] = [:]
        for spec in all {
            for name in [spec.name] + spec.aliases { map[name] = spec }
        }
        return map
    }()

    /// Command names and aliases, sorted (for completion).
    public static let names: [String] = byName.keys.sorted()

    /// The command called `name` (or one of its aliases).
    public static func lookup(_ name: String) -> CommandSpec? { byName[name] }

    /// A likely intended command for a misspelt `name`.
    static func suggestion(for name: String) -> String? {
        closestMatch(to: name, among: names)
    }
}
