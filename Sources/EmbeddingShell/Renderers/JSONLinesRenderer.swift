/// Writes each report as exactly one JSON object on one line.
struct JSONLinesRenderer: ReportRenderer {
    func render(_ report: Report) -> String { report.json.serialized + "\n" }
}
