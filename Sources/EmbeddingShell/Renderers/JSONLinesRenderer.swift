/// Writes each report as exactly one JSON object on one line of stdout, and its warnings as
/// `{"warning": …}` lines on stderr. Notes and status lines are left out: the object carries
/// the same facts as fields.
struct JSONLinesRenderer: ReportRenderer {
    func render(_ report: Report) -> [Rendered] {
        let warnings = report.blocks.compactMap { block -> Rendered? in
            guard case .warning(let text) = block else { return nil }
            return Rendered(stream: .err, text: JSON.object([("warning", .string(text))]).serialized + "\n")
        }
        return warnings + [Rendered(stream: .out, text: report.json.serialized + "\n")]
    }
}
