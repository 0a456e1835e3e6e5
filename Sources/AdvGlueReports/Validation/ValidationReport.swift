import AdvGlueResults
import AdvGlueSupport

/// `validation.md`: how many of the judged adversarial examples the validity filters accept,
/// which filters refused the others, per method, and the refused examples with reasons.
public enum ValidationReport {
    public static let shownRejections = 100

    public static func render(_ file: ValidationFile) -> String {
        let summary = file.summary
        let level: String = file.source.level.map { " of `data_construction` \(MarkdownEscaping.escape($0))" } ?? ""
        let share: String = Format.percent(summary.acceptedShare)
        let names: String = file.filters?.filters.map(MarkdownEscaping.code).joined(separator: ", ") ?? "none"
        var lines: [String] = ["# advglue validation: \(MarkdownEscaping.escape(file.source.file))", ""]
        lines.append(
            "**Verdict:** the validity filters accept \(summary.accepted) of \(summary.examples) adversarial examples (\(share))\(level)."
        )
        lines.append("")
        lines.append(
            "The filters are those an attack runs under by default (`--filters advglue`; docs/validity.md): \(names).")
        lines += ["", "## Refused, by filter", "", "An example refused by several filters counts under each.", ""]
        lines += ["| Filter | Examples refused |", "|---|---:|"]
        for (filter, count) in summary.rejectedBy.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            lines.append("| \(MarkdownEscaping.code(filter)) | \(count) |")
        }
        lines += ["", "## By method", "", "| Method | Examples | Accepted | Share |", "|---|---:|---:|---:|"]
        for (method, entry) in summary.byMethod.sorted(by: { $0.key < $1.key }) {
            let share = entry.examples == 0 ? nil : Double(entry.accepted) / Double(entry.examples)
            lines.append(
                "| \(MarkdownEscaping.escape(method)) | \(entry.examples) | \(entry.accepted) | \(Format.percent(share)) |"
            )
        }
        let refused = file.verdicts.filter { !$0.accepted }
        lines += ["", "## Refused examples", ""]
        if refused.isEmpty {
            lines.append("None.")
        } else {
            lines += [
                "The first \(min(refused.count, shownRejections)) of \(refused.count); every verdict is in \(ValidationFile.fileName).",
                "", "| Example | Method | Reasons |", "|---|---|---|",
            ]
            for verdict in refused.prefix(shownRejections) {
                let reasons = verdict.reasons.map { "\($0.filter): \($0.detail)" }.joined(separator: "; ")
                lines.append(
                    "| \(MarkdownEscaping.escape(verdict.id)) | \(MarkdownEscaping.escape(verdict.method ?? "")) | \(MarkdownEscaping.escape(reasons, limit: TextLimit.cell)) |"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
