/// A command's JSON fields written as the shape of its object, from the paths it declares:
/// `results[].word`, `results[].score`, `total` → `{"results": [{"word", "score"}], "total"}`.
enum JSONShape {
    static func of(_ paths: [String]) -> String {
        var root = Node()
        for path in paths { root.insert(path.split(separator: ".").map(String.init)) }
        return root.written
    }

    /// The fields of one object, in the order first declared.
    private struct Node {
        var keys: [String] = []
        var children: [String: Node] = [:]

        /// `segments` from here: `["results[]", "word"]`.
        mutating func insert(_ segments: [String]) {
            guard let first = segments.first else { return }
            if children[first] == nil {
                keys.append(first)
                children[first] = Node()
            }
            children[first]?.insert(Array(segments.dropFirst()))
        }

        var written: String {
            "{" + keys.map { key in
                let child = children[key] ?? Node()
                let isArray = key.hasSuffix("[]")
                let name = "\"" + (isArray ? String(key.dropLast(2)) : key) + "\""
                guard !child.keys.isEmpty else { return name }
                return name + ": " + (isArray ? "[" + child.written + "]" : child.written)
            }.joined(separator: ", ") + "}"
        }
    }
}
