/// The files a saved run can be rendered as (`advglue report --format`).
public enum OutputFormat: String, CaseIterable, Sendable {
    /// The Markdown report (`report.md`, `summary.md`, `probe.md`).
    case md
    /// The JSON results with their `run.json` (and `probe.json`), re-encoded.
    case json
    /// The per-example CSV in TextAttack's columns.
    case csv
    /// JUnit XML.
    case junit
    /// The SVG charts.
    case svg

    public static let all = Set(allCases)

    /// Parses `md,csv,junit`.
    public static func parse(_ text: String) -> Set<OutputFormat>? {
        var formats = Set<OutputFormat>()
        for name in text.split(separator: ",") {
            guard let format = OutputFormat(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                return nil
            }
            formats.insert(format)
        }
        return formats.isEmpty ? nil : formats
    }
}
