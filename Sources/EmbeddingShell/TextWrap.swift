/// `text` broken at spaces into lines at most `width` columns wide: the first line starts
/// with `first`, the others with `rest`. A word longer than a line keeps a line of its own.
func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> String {
    var lines: [String] = []
    var line = first
    var lineIsEmpty = true
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        let candidate = lineIsEmpty ? line + word : line + " " + word
        if displayWidth(candidate) > width, !lineIsEmpty {
            lines.append(line)
            line = rest + word
        } else {
            line = candidate
        }
        lineIsEmpty = false
    }
    lines.append(line)
    return lines.joined(separator: "\n")
}
