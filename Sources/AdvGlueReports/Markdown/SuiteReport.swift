import AdvGlueResults
import AdvGlueSupport

/// The combined report of one `advglue attack --attack a,b,c` invocation: one summary
/// row per recipe with the drop, success rate, words perturbed, queries, budget
/// exhaustion, validity and probe verdict, linking each recipe's own report.
public enum SuiteReport {
    public static let fileName = "summary.md"
    public static let chartFileName = "accuracy.svg"

    /// One recipe's run inside the suite.
    public struct Part: Sendable {
        public var folder: String
        public var results: AttackDigest
        /// A short probe verdict ("illusion suspected (gap 46.0)") when the probe ran.
        public var probe: String?

        public init(folder: String, results: AttackDigest, probe: String?) {
            self.folder = folder
            self.results = results
            self.probe = probe
        }

        public init(folder: String, results: ResultsFile, probe: String?) {
            self.init(folder: folder, results: AttackDigest(results), probe: probe)
        }
    }

    public static func render(_ parts: [Part], context: ReportContext) -> String {
        guard let first = parts.first?.results else { return "# advglue attack report\n\nNo recipe ran.\n" }
        let title = "\(first.run.task.displayName) · \(first.run.model.spec) · \(parts.count) recipes"
        var lines = ["# advglue attack report: " + MarkdownEscaping.escape(title), ""]
        lines.append("**Verdict:** " + verdict(parts))
        lines.append("")
        let incomplete = parts.filter { !$0.results.complete }
        if !incomplete.isEmpty {
            lines.append(
                "> **Incomplete:** the run was interrupted during \(incomplete.map { MarkdownEscaping.escape($0.results.run.recipe.name) }.joined(separator: ", ")); recipes after it did not run."
            )
            lines.append("")
        }
        if first.run.data.demo {
            lines.append(
                "> **Demo data:** these examples come from the small demo corpus in `Corpora/demo`, written for this repository; they are not GLUE and the figures say nothing about real accuracy."
            )
            lines.append("")
        }
        lines += ["## Summary", ""] + table(parts, links: true) + ["", "![Accuracy per recipe](\(chartFileName))", ""]
        lines += chart(parts).mermaid() + [""]
        lines += Reproducibility.lines(
            tool: first.tool, context: context,
            items: [
                ("Seed", "\(first.run.seed)"),
                (
                    "Examples",
                    "\(first.run.examplesSelected) selected from \(first.run.data.examplesInFile) in the file"
                ),
                ("Data", Reproducibility.data(first.run.data)),
                ("Model", Reproducibility.model(first.run.model)),
                (
                    "Recipes",
                    parts.map {
                        "\(MarkdownEscaping.escape($0.results.run.recipe.file)) (sha256 \($0.results.run.recipe.sha256))"
                    }.joined(separator: "<br>")
                ),
                ("ICU", MarkdownEscaping.escape(context.icuVersion)),
            ], examples: parts.map(\.results.resultCount).reduce(0, +))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The recipe that hurts most names the verdict.
    static func verdict(_ parts: [Part]) -> String {
        let ranked = parts.filter { $0.results.summary.accuracyUnderAttack != nil }
            .sorted {
                ($0.results.summary.accuracyUnderAttack!, $0.results.run.recipe.name) < (
                    $1.results.summary.accuracyUnderAttack!, $1.results.run.recipe.name
                )
            }
        guard let worst = ranked.first else { return "no example could be attacked." }
        let s = worst.results.summary
        var text =
            "the strongest of \(parts.count) recipes is \(MarkdownEscaping.code(worst.results.run.recipe.name)): accuracy falls from \(Format.percent(s.originalAccuracy)) to \(Format.percent(s.accuracyUnderAttack)) (attack success rate \(Format.percent(s.attackSuccessRate)))."
        let suspected = parts.filter { $0.probe?.hasPrefix("illusion") == true }
        if !suspected.isEmpty {
            text +=
                " Calibration probe: illusion of robustness suspected under \(suspected.map { MarkdownEscaping.code($0.results.run.recipe.name) }.joined(separator: ", "))."
        }
        let errors = parts.map(\.results.summary.errors).reduce(0, +)
        if errors > 0 { text += " \(errors) examples failed with errors and are not counted as robust." }
        return text
    }

    /// One row per recipe, narrow enough for a GitHub page, then the other measures folded
    /// in a `<details>` block; with `links`, the recipe names link to their reports.
    public static func table(_ parts: [Part], links: Bool) -> [String] {
        var lines = [
            "| Recipe | Accuracy under attack | Drop | Success rate | Errors | Probe |",
            "|---|---:|---:|---:|---:|---|",
        ]
        func recipe(_ part: Part) -> String {
            let name = MarkdownEscaping.escape(part.results.run.recipe.name)
            return (links ? "[\(name)](\(linkTarget(part.folder))/report.md)" : name)
                + (part.results.complete ? "" : " (incomplete)")
        }
        for part in parts {
            let s = part.results.summary
            lines.append(
                "| \(recipe(part)) | \(RateText.percent(s.accuracyUnderAttack, s.intervals?.accuracyUnderAttack)) | \(RateText.drop(s)) | \(RateText.percent(s.attackSuccessRate, s.intervals?.attackSuccessRate)) | \(s.errors) | \(part.probe.map(MarkdownEscaping.escape) ?? "–") |"
            )
        }
        lines += ["", RateText.note, "", MarkdownEscaping.foldOpen, ""]
        lines += [
            "| Task | Recipe | Examples | Original accuracy | Words perturbed | Queries mean / p95 | Budget exhausted | Similarity | BERTScore F1 |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for part in parts {
            let s = part.results.summary
            lines.append(
                "| \(part.results.run.task.displayName) | \(recipe(part)) | \(s.examples) | \(RateText.percent(s.originalAccuracy, s.intervals?.originalAccuracy)) | \(Format.percent(s.averagePerturbedWordShare)) | \(Format.number(s.averageQueries)) / \(s.p95Queries.map(String.init) ?? "n/a") | \(s.budgetExhausted) | \(s.averageSimilarity.map { Format.fixed($0, digits: 3) } ?? "–") | \(s.averageBERTScoreF1.map { Format.fixed($0, digits: 3) } ?? "–") |"
            )
        }
        lines += ["", MarkdownEscaping.foldClose]
        return lines
    }

    /// A relative link to a sub-folder, percent-encoding anything but plain characters so
    /// a recipe name cannot break out of the link.
    static func linkTarget(_ folder: String) -> String {
        var out = ""
        for byte in folder.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-._~".unicodeScalars.contains(scalar)
            {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    public static func chart(_ parts: [Part]) -> BarChart {
        let title =
            parts.first.map { "\($0.results.run.task.displayName) · \($0.results.run.model.spec): accuracy per recipe" }
            ?? "accuracy per recipe"
        return BarChart(
            title: title, series: [BarChart.before, BarChart.under],
            groups: parts.map {
                BarChart.Group(
                    label: $0.results.run.recipe.name,
                    values: [$0.results.summary.originalAccuracy, $0.results.summary.accuracyUnderAttack])
            })
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
