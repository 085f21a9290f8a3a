import Foundation

/// One self-contained HTML page in the spirit of the TensorFlow Embedding Projector: the
/// words, their map (2 or 3 coordinates each) and their unit vectors (for neighbours by cosine
/// in the original space) embedded as base64 float32, with the script and style inline, so the
/// page works offline and from any folder.
struct ProjectorPage {
    let title: String
    /// One line on how the map was made ("PCA: PC1 12.3%, …", "t-SNE, perplexity 30").
    let subtitle: String
    let words: [String]
    /// A point per word, 2 or 3 coordinates.
    let points: [[Double]]
    /// The words' vectors scaled to length 1 (zero vectors stay zero), row-major.
    let unitVectors: [Float]
    let dim: Int
    /// Axis names, for the view's legend.
    let axes: [String]

    /// The whole page.
    func html() -> String {
        let dimensions = points.first?.count ?? 2
        var coordinates = [Float](repeating: 0, count: words.count * 3)
        for (i, point) in points.enumerated() {
            for axis in 0 ..< min(3, point.count) { coordinates[i * 3 + axis] = Float(point[axis]) }
        }
        let data = JSON.object([
            ("title", .string(title)), ("subtitle", .string(subtitle)),
            ("words", .array(words.map { .string($0) })), ("dimensions", .int(dimensions)), ("dim", .int(dim)),
            ("axes", .array(axes.map { .string($0) })),
            ("points", .string(Self.base64(coordinates))), ("vectors", .string(Self.base64(unitVectors))),
        ]).serialized
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escaped(title))</title>
            <style>\(ProjectorAssets.style)</style>
            </head>
            <body>
            \(ProjectorAssets.body)
            <script type="application/json" id="projector-data">\(Self.scriptSafe(data))</script>
            <script>\(ProjectorAssets.script)</script>
            </body>
            </html>

            """
    }

    /// Little-endian float32 bytes in base64.
    private static func base64(_ values: [Float]) -> String {
        values.withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    /// JSON that cannot end its `<script>` element early: every `<` escaped.
    private static func scriptSafe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
