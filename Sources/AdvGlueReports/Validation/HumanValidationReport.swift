import AdvGlueResults
import AdvGlueSupport

/// The report's section on people's verdicts (`advglue report --annotations`): robust
/// accuracy over the adversarial examples people judged valid, as AdvGLUE computed it, and
/// how far the validity filters agree with them.
public enum HumanValidationReport {
    public static func appendix(_ file: HumanValidationFile, results: ResultsFile) -> ReportAppendix {
        let s = file.summary(of: results)
        var lines = ["## Human validation", ""]
        lines.append(
            "People judged \(s.judged) of \(s.successes) successful adversarial examples in \(MarkdownEscaping.escape(file.source)) (sha256 \(file.sha256)): \(s.valid) valid, \(s.invalid) invalid (a verdict of valid with another label than the gold one counts as invalid)"
                + (s.unsure > 0 ? ", \(s.unsure) unsure" : "") + "."
                + (s.unjudged > 0
                    ? " The \(s.unjudged) successes without a verdict of valid or invalid are left out of the figures below."
                    : ""))
        lines += ["", "| Measure | Value |", "|---|---:|"]
        lines.append(
            "| Accuracy under attack, human-validated (failed + invalid successes over the examples counted) | \(Format.percent(s.accuracyUnderAttack)) |"
        )
        lines.append(
            "| Attack success rate, human-validated (valid successes over valid, invalid and failed) | \(Format.percent(s.attackSuccessRate)) |"
        )
        lines.append(
            "| Accuracy under attack, as run | \(Format.percent(results.summary.accuracyUnderAttack)) |")
        if s.labelsGiven > 0 {
            lines.append(
                "| Human labels equal to the gold label | \(Format.percent(s.labelAgreement)) of \(s.labelsGiven) |")
        }
        let kappa = s.kappa.map { Format.fixed($0, digits: 2) } ?? "undefined"
        lines.append(
            "| Agreement of the validity filters with the people (Cohen's kappa) | \(kappa) (\(s.agreed) of \(s.compared) agree) |"
        )
        if s.kappa == nil, s.compared > 0 {
            lines += [
                "",
                "Kappa is undefined when either side gave every example the same verdict: export a run made with `--filters none` to see how the filters sort what people accept and refuse.",
            ]
        }
        lines.append("")
        let verdict =
            "Human validation: \(s.valid) of \(s.judged) judged successes valid; accuracy under attack over them \(Format.percent(s.accuracyUnderAttack))."
        return ReportAppendix(verdict: verdict, lines: lines)
    }
}
