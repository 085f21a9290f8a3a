/// A labelled scatter plot as a standalone SVG document: points, labels placed clear of
/// each other and of the points, axes through the origin (or along the edges when it is
/// outside), and axis captions.
enum SVGScatter {
    static let width = 640.0, height = 480.0, margin = 56.0
    static let fontSize = 13.0, pointRadius = 4.0

    static func document(points: [[Double]], labels: [String], title: String, xCaption: String, yCaption: String) -> String {
        let layout = ScatterLayout(points: points, width: width - 2 * margin, height: height - 2 * margin)
        let n = { (value: Double) in formatFixed(value, digits: 1) }
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
            font-family="Helvetica, Arial, sans-serif">
              <title>\(escaped(title))</title>
              <rect width="100%" height="100%" fill="white"/>
              <rect x="\(n(margin))" y="\(n(margin))" width="\(n(width - 2 * margin))" height="\(n(height - 2 * margin))" \
            fill="none" stroke="#cccccc"/>

            """
        let axisY = margin + (layout.originY ?? layout.height)
        let axisX = margin + (layout.originX ?? 0)
        svg += "  <line x1=\"\(n(margin))\" y1=\"\(n(axisY))\" x2=\"\(n(width - margin))\" y2=\"\(n(axisY))\" stroke=\"#888888\"/>\n"
        svg += "  <line x1=\"\(n(axisX))\" y1=\"\(n(margin))\" x2=\"\(n(axisX))\" y2=\"\(n(height - margin))\" stroke=\"#888888\"/>\n"
        svg += "  <text x=\"\(n(width / 2))\" y=\"\(n(height - 16))\" text-anchor=\"middle\" font-size=\"14\">\(escaped(xCaption))</text>\n"
        svg += "  <text x=\"18\" y=\"\(n(height / 2))\" text-anchor=\"middle\" font-size=\"14\" "
            + "transform=\"rotate(-90 18 \(n(height / 2)))\">\(escaped(yCaption))</text>\n"
        svg += "  <text x=\"\(n(width / 2))\" y=\"30\" text-anchor=\"middle\" font-size=\"16\">\(escaped(title))</text>\n"
        let centres = points.map { point in
            let place = layout.place(point)
            return (x: margin + place.x, y: margin + place.y)
        }
        let placement = LabelPlacement(fontSize: fontSize, pointRadius: pointRadius,
                                       bounds: .init(x: margin, y: margin, width: width - 2 * margin, height: height - 2 * margin))
        let placed = placement.place(points: centres, labels: labels)
        for (centre, place) in zip(centres, placed) {
            guard let place, place.leader else { continue }
            let end = place.box.nearest(to: centre.x, centre.y)
            svg += "  <line x1=\"\(n(centre.x))\" y1=\"\(n(centre.y))\" x2=\"\(n(end.x))\" y2=\"\(n(end.y))\" "
                + "stroke=\"#aaaaaa\" stroke-width=\"0.75\"/>\n"
        }
        for centre in centres {
            svg += "  <circle cx=\"\(n(centre.x))\" cy=\"\(n(centre.y))\" r=\"\(n(pointRadius))\" fill=\"#1f77b4\"/>\n"
        }
        for (label, place) in zip(labels, placed) {
            guard let place else { continue }
            // The baseline sits 0.8 em below the box's top, leaving room for descenders.
            svg += "  <text x=\"\(n(place.box.x))\" y=\"\(n(place.box.y + 0.8 * fontSize))\" font-size=\"\(n(fontSize))\">"
                + "\(escaped(label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
