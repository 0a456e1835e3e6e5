import AdvGlueResults
import AdvGlueSupport
import Foundation

/// The gate's verdict as Markdown (`gate.md`, the step summary), plain text lines for
/// the terminal, and JUnit (one test case per check).
public enum GateReport {
    public static let markdownFileName = "gate.md"
    public static let jsonFileName = "gate.json"
    /// The gate's JUnit replaces the run's: CI shows green exactly when the gate passed.
    public static let junitFileName = RunJUnit.fileName

    public static func verdict(_ evaluation: GateEvaluation) -> String {
        let failures = evaluation.failures
        if failures.isEmpty {
            return "PASSED: all \(evaluation.checks.count) checks passed."
        }
        return "FAILED: \(failures.count) of \(evaluation.checks.count) checks failed."
    }

    public static func markdown(_ evaluation: GateEvaluation, heading: String = "#") -> String {
        var lines = ["\(heading) advglue gate: " + MarkdownEscaping.escape(evaluation.config), ""]
        lines.append("**Verdict:** " + verdict(evaluation))
        lines.append("")
        let failures = evaluation.failures
        if !failures.isEmpty {
            for check in failures {
                lines.append(
                    "- **\(MarkdownEscaping.escape(check.gate))**\(subject(check)): \(MarkdownEscaping.escape(check.message))"
                )
            }
            lines.append("")
        }
        lines.append("| Gate | Task | Recipe | Check | Threshold | Actual | Result |")
        lines.append("|---|---|---|---|---:|---:|---|")
        for check in evaluation.checks {
            lines.append(
                "| \(MarkdownEscaping.escape(check.gate)) | \(MarkdownEscaping.escape(check.task ?? "*")) | \(MarkdownEscaping.escape(check.recipe ?? "*")) | \(MarkdownEscaping.escape(check.check)) | \(value(check.threshold, check.check)) | \(value(check.actual, check.check))\(check.basis.map { " (" + MarkdownEscaping.escape($0) + ")" } ?? "") | \(check.passed ? "pass" : "**FAIL**: " + MarkdownEscaping.escape(check.message)) |"
            )
        }
        lines.append("")
        if !evaluation.notApplicable.isEmpty {
            lines.append("Not applicable:")
            lines.append("")
            for entry in evaluation.notApplicable { lines.append("- " + MarkdownEscaping.escape(entry)) }
            lines.append("")
        }
        lines.append("Config sha256 \(evaluation.configSHA256).")
        return lines.joined(separator: "\n") + "\n"
    }

    static func subject(_ check: GateEvaluation.Check) -> String {
        guard let task = check.task else { return "" }
        return " (" + MarkdownEscaping.escape(task + (check.recipe.map { " · " + $0 } ?? "")) + ")"
    }

    static func value(_ value: Double?, _ key: String) -> String {
        guard let value else { return "–" }
        switch key {
        case "min_similarity", "min_bertscore_f1": return Format.fixed(value, digits: 3)
        case "max_drop", "fail_on_calibration_illusion", "max_regression":
            return Format.fixed(value * 100, digits: 1) + " pp"
        case "no_significant_regression": return Format.pValue(value)
        default: return Format.percent(value)
        }
    }

    /// One line per check for the terminal: `FAIL sst2/typo: ...`.
    public static func lines(_ evaluation: GateEvaluation) -> [String] {
        var lines = ["gate: " + verdict(evaluation)]
        for check in evaluation.checks {
            let subject = check.task.map { $0 + (check.recipe.map { "/" + $0 } ?? "") } ?? "*"
            lines.append(
                "  \(check.passed ? "pass" : "FAIL") \(VisibleText.render(check.gate)) [\(VisibleText.render(subject))] \(check.check): \(VisibleText.render(check.message))"
            )
        }
        for entry in evaluation.notApplicable { lines.append("  n/a  \(VisibleText.render(entry))") }
        return lines
    }

    public static func junit(_ evaluation: GateEvaluation) -> JUnitXML {
        let cases =
            evaluation.checks.map { check -> JUnitXML.TestCase in
                let subject = check.task.map { $0 + (check.recipe.map { "." + $0 } ?? "") } ?? "any"
                return JUnitXML.TestCase(
                    className: "advglue.gate.\(subject)", name: "\(check.gate): \(check.check)",
                    outcome: check.passed
                        ? .passed : .failed(message: check.message, type: "GateFailed", body: check.message))
            }
            + evaluation.notApplicable.map { entry in
                let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                return JUnitXML.TestCase(
                    className: "advglue.gate", name: parts[0],
                    outcome: .skipped(message: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : entry))
            }
        return JUnitXML(suites: [
            JUnitXML.Suite(
                name: "advglue.gate",
                properties: [("config", evaluation.config), ("config_sha256", evaluation.configSHA256)], cases: cases)
        ])
    }
}
