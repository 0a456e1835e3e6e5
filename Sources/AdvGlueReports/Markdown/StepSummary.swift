import AdvGlueResults

/// Short Markdown blocks for `$GITHUB_STEP_SUMMARY`: a title, the verdict and the
/// summary table and the chart as Mermaid, without relative images or long example
/// tables (the job summary has no files beside it, and a 1 MiB limit).
public enum StepSummary {
    public static func attack(_ results: ResultsFile, probe: String?) -> String {
        attack(AttackDigest(results), probe: probe)
    }

    public static func attack(_ results: AttackDigest, probe: String?) -> String {
        let run = results.run
        var lines = [
            "### advglue attack: "
                + MarkdownEscaping.escape("\(run.task.displayName) · \(run.recipe.name) · \(run.model.spec)"), "",
        ]
        lines.append(
            "**Verdict:** " + AttackReport.verdict(results)
                + (probe.map { " Calibration probe: " + MarkdownEscaping.escape($0) + "." } ?? ""))
        if !results.complete { lines += ["", "**Incomplete:** the run was interrupted."] }
        let parts = [SuiteReport.Part(folder: "", results: results, probe: probe)]
        lines +=
            [""] + SuiteReport.table(parts, links: false) + [""] + SuiteReport.chart(parts).mermaid() + [""]
            + SuiteReport.chart(parts).mermaid() + [""]
        return lines.joined(separator: "\n") + "\n"
    }

    public static func suite(_ parts: [SuiteReport.Part]) -> String {
        guard let first = parts.first?.results else { return "" }
        var lines = [
            "### advglue attack: "
                + MarkdownEscaping.escape(
                    "\(first.run.task.displayName) · \(first.run.model.spec) · \(parts.count) recipes"), "",
        ]
        lines.append("**Verdict:** " + SuiteReport.verdict(parts))
        lines += [""] + SuiteReport.table(parts, links: false) + [""] + SuiteReport.chart(parts).mermaid() + [""]
        return lines.joined(separator: "\n") + "\n"
    }
}
