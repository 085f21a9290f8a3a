/// The generated part of the reference: file names and contents. `embsh --generate-docs DIR`
/// writes them, and a test fails when the committed copies differ.
public enum ReferenceFiles {
    /// Where the reference lives in the source tree, beside its hand-written pages.
    public static let folder = "Sources/embsh/embsh.docc"

    public static func generated(_ commandLine: CommandLineReference) -> [(name: String, text: String)] {
        [("Commands.md", MarkdownReference.commands()), ("Language.md", MarkdownReference.language(commandLine)),
         ("embsh.1", ManPage.page(commandLine))]
    }
}
