import AdvGlueResults
import AdvGlueSupport
import Foundation

/// The plain-text summary `advglue attack` prints on standard output.
public enum SummaryTable {
    public static func render(_ results: AttackDigest) -> String {
        let s = results.summary
        let percent = { (value: Double?) in Format.percent(value) }
        let range = { (interval: Interval?) in
            interval.map {
                "\(Format.fixed($0.lower * 100, digits: 1))–\(Format.fixed($0.upper * 100, digits: 1))%"
            } ?? "n/a"
        }
        let number = { (value: Double?) in Format.number(value) }
        var rows: [(String, String)] = [
            ("Task", results.run.task.displayName),
            ("Recipe", results.run.recipe.name),
            ("Model", results.run.model.spec),
            ("Examples", "\(s.examples)" + (results.complete ? "" : " (interrupted)")),
            ("Successful attacks", "\(s.successful)"),
            ("Failed attacks", "\(s.failed)"),
            ("Skipped attacks", "\(s.skipped)"),
            ("Errors", "\(s.errors)"),
            ("Original accuracy", percent(s.originalAccuracy)),
            ("Accuracy under attack", percent(s.accuracyUnderAttack)),
            ("Attack success rate", percent(s.attackSuccessRate)),
            ("Accuracy under attack, 95% CI", range(s.intervals?.accuracyUnderAttack)),
            ("Attack success rate, 95% CI", range(s.intervals?.attackSuccessRate)),
            ("Average perturbed word %", percent(s.averagePerturbedWordShare)),
            ("Average words per input", number(s.averageWordsPerInput)),
            ("Average queries", number(s.averageQueries)),
            ("p95 queries", s.p95Queries.map(String.init) ?? "n/a"),
        ]
        if let similarity = s.averageSimilarity {
            rows.append(("Similarity (successful), mean", Format.fixed(similarity, digits: 3)))
        }
        if let f1 = s.averageBERTScoreF1 { rows.append(("BERTScore-style F1, mean", Format.fixed(f1, digits: 3))) }
        let width = rows.map(\.0.count).max() ?? 0
        let valueWidth = rows.map(\.1.count).max() ?? 0
        let rule =
            "+" + String(repeating: "-", count: width + 2) + "+" + String(repeating: "-", count: valueWidth + 2) + "+"
        var lines = [rule]
        for (name, value) in rows {
            lines.append(
                "| " + name.padding(toLength: width, withPad: " ", startingAt: 0) + " | "
                    + String(repeating: " ", count: valueWidth - value.count) + value + " |")
        }
        lines.append(rule)
        return lines.joined(separator: "\n")
    }
}
