import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// A section another library adds to a report (the calibration probe), with a sentence
/// for the verdict line.
public struct ReportAppendix: Sendable {
    public var verdict: String?
    public var lines: [String]

    public init(verdict: String?, lines: [String]) {
        self.verdict = verdict
        self.lines = lines
    }
}

/// The GitHub-flavoured Markdown report of an attack run: verdict first, then the
/// summary, details, adversarial examples, errors, the recipe and reproducibility.
public enum AttackReport {
    public static let maxExamplesShown = AttackDigest.shownSuccesses

    /// The accuracy chart written beside the report.
    public static let chartFileName = "accuracy.svg"

    public static func render(_ results: ResultsFile, context: ReportContext, appendix: ReportAppendix? = nil) -> String
    {
        render(AttackDigest(results), context: context, appendix: appendix)
    }

    /// The report of a run streamed into a digest (see ``AttackDigest``); the same text as
    /// rendering the results file it describes.
    public static func render(_ results: AttackDigest, context: ReportContext, appendix: ReportAppendix? = nil)
        -> String
    {
        let run = results.run
        var lines: [String] = []
        let title = "\(run.task.displayName) · \(run.recipe.name) · \(run.model.spec)"
        lines.append("# advglue attack report: " + MarkdownEscaping.escape(title))
        lines.append("")
        lines.append(
            "**Verdict:** " + verdict(results) + " " + ValiditySection.verdict(results)
                + (appendix?.verdict.map { " " + $0 } ?? ""))
        lines.append("")
        if !results.complete {
            lines.append(
                "> **Incomplete:** the run was interrupted after \(results.resultCount) of \(run.examplesSelected) examples; the figures cover those only."
            )
            lines.append("")
        }
        if run.data.demo {
            lines.append(
                "> **Demo data:** these examples come from the small demo corpus in `Corpora/demo`, written for this repository; they are not GLUE and the figures say nothing about real accuracy."
            )
            lines.append("")
        }
        lines += summaryTable(results)
        lines += detailsTable(results)
        lines += ValiditySection.lines(results)
        lines += appendix?.lines ?? []
        lines += examplesSection(results)
        lines += errorsSection(results)
        lines += recipeSection(results)
        lines += reproducibilitySection(results, context: context)
        return lines.joined(separator: "\n") + "\n"
    }

    static func verdict(_ results: AttackDigest) -> String {
        let s = results.summary
        let attacked = s.successful + s.failed + s.skipped
        guard attacked > 0 else { return "no example could be attacked (\(s.errors) errors)." }
        let interval = s.intervals?.accuracyUnderAttack.map {
            " (95% interval \(Format.fixed($0.lower * 100, digits: 1))–\(Format.fixed($0.upper * 100, digits: 1))%)"
        }
        var text =
            "accuracy falls from \(Format.percent(s.originalAccuracy)) to \(Format.percent(s.accuracyUnderAttack))\(interval ?? "") under the \(MarkdownEscaping.code(results.run.recipe.name)) attack"
        text +=
            " (attack success rate \(Format.percent(s.attackSuccessRate)), \(s.successful) of \(s.successful + s.failed) attacked examples flipped)."
        if let none = s.noAnswerOriginal, let underAttack = s.noAnswerUnderAttack {
            text +=
                " The model's answer named no label for \(none) of \(attacked) examples without attack and \(underAttack) under attack; those count as wrong."
        }
        if s.errors > 0 {
            text +=
                s.errors == 1
                ? " 1 example failed with an error and is not counted as robust."
                : " \(s.errors) examples failed with errors and are not counted as robust."
        }
        return text
    }

    static func summaryTable(_ results: AttackDigest) -> [String] {
        let s = results.summary
        return [
            "## Summary",
            "",
            "| Task | Recipe | Examples | Original accuracy | Accuracy under attack | Drop | Attack success rate |",
            "|---|---|---:|---:|---:|---:|---:|",
            "| \(results.run.task.displayName) | \(MarkdownEscaping.escape(results.run.recipe.name)) | \(s.examples) | \(RateText.percent(s.originalAccuracy, s.intervals?.originalAccuracy)) | \(RateText.percent(s.accuracyUnderAttack, s.intervals?.accuracyUnderAttack)) | \(RateText.drop(s)) | \(RateText.percent(s.attackSuccessRate, s.intervals?.attackSuccessRate)) |",
            "",
            RateText.note,
            "",
            "![Accuracy before and under attack](\(chartFileName))",
            "",
        ] + SuiteReport.chart([SuiteReport.Part(folder: "", results: results, probe: nil)]).mermaid() + [""]
    }

    static func detailsTable(_ results: AttackDigest) -> [String] {
        let s = results.summary
        let budget = results.run.queryBudget.map(String.init) ?? "none"
        return [
            "## Attack details",
            "",
            "| Measure | Value |",
            "|---|---:|",
            "| Successful attacks | \(s.successful) |",
            "| Failed attacks | \(s.failed) |",
            "| Skipped (misclassified before the attack) | \(s.skipped) |",
            "| Errors (not counted as robust), share of examples | \(s.errors): \(RateText.percent(s.errorRate, s.intervals?.errorRate)) |",
            "| Average share of words perturbed (successful attacks) | \(Format.percent(s.averagePerturbedWordShare)) |",
            "| Average words per input | \(Format.number(s.averageWordsPerInput)) |",
            "| Queries per attacked example, mean | \(Format.number(s.averageQueries)) |",
            "| Queries per attacked example, p95 | \(s.p95Queries.map(String.init) ?? "n/a") |",
            "| Failed attacks that spent the query budget (\(budget)) | \(s.budgetExhausted) (\(Format.percent(s.successful + s.failed == 0 ? nil : Double(s.budgetExhausted) / Double(s.successful + s.failed))) of attacked) |",
            "| Malformed rows skipped (`--lenient`) | \(results.run.data.skippedRows.count) |",
        ]
            + noAnswerRows(s)
            + (s.averageSimilarity.map {
                ["| Semantic similarity of successful attacks, mean | \(Format.fixed($0, digits: 3)) |"]
            } ?? [])
            + (s.averageBERTScoreF1.map {
                ["| BERTScore-style F1 of successful attacks, mean | \(Format.fixed($0, digits: 3)) |"]
            } ?? [])
            + [""]
    }

    /// An LLM classifier's format failures (answers naming no label), without and with
    /// attack: counted wrong, and shown so that a prompt that confuses the model is not
    /// mistaken for an attack that works.
    static func noAnswerRows(_ s: AttackSummary) -> [String] {
        guard let none = s.noAnswerOriginal, let underAttack = s.noAnswerUnderAttack else { return [] }
        let attacked = s.successful + s.failed + s.skipped
        func rate(_ count: Int) -> String {
            "\(count) of \(attacked) (\(Format.percent(attacked == 0 ? nil : Double(count) / Double(attacked))))"
        }
        return [
            "| Answers naming no label, without attack (counted wrong) | \(rate(none)) |",
            "| Answers naming no label, under attack (counted wrong) | \(rate(underAttack)) |",
        ]
    }

    static func examplesSection(_ results: AttackDigest) -> [String] {
        var lines = ["## Adversarial examples", ""]
        guard results.summary.successful > 0 else { return lines + ["No attack succeeded.", ""] }
        let shown = results.successes.prefix(maxExamplesShown)
        lines.append(
            "The first \(shown.count) of \(results.summary.successful) successful attacks. Changed words: ~~original~~ in the original, **replacement** in the perturbed text."
        )
        lines.append("")
        // Validity columns appear only when the run measured it (`--validity`, a recipe's
        // `validity`; the filters' field similarity).
        let showValidity = shown.contains { $0.validity?.similarity != nil || $0.validity?.bertScoreF1 != nil }
        let showField = shown.contains { $0.validity?.fieldSimilarity != nil }
        lines.append(
            "| Example | Original | Prediction | Perturbed | Prediction |"
                + (showValidity ? " Similarity | BERTScore F1 |" : "") + (showField ? " Field similarity |" : ""))
        lines.append("|---|---|---|---|---|" + (showValidity ? "---:|---:|" : "") + (showField ? "---:|" : ""))
        let labels = results.run.labels
        func prediction(_ label: Int?, _ probabilities: [Float]?) -> String {
            guard let label, labels.indices.contains(label) else { return "n/a" }
            let confidence = probabilities.map { Format.percent(Double($0[label])) } ?? ""
            return MarkdownEscaping.escape(labels[label]) + " (\(confidence))"
        }
        for result in shown {
            let original = WordDiff.cell(result.original, modifications: result.modifications, side: .original)
            let perturbed =
                result.perturbed.map { _ in
                    WordDiff.cell(result.original, modifications: result.modifications, side: .perturbed)
                } ?? ""
            let validity =
                showValidity
                ? " \(result.validity?.similarity.map { Format.fixed($0, digits: 3) } ?? "n/a") | \(result.validity?.bertScoreF1.map { Format.fixed($0, digits: 3) } ?? "n/a") |"
                : ""
            let field =
                showField ? " \(result.validity?.fieldSimilarity.map { Format.fixed($0, digits: 3) } ?? "n/a") |" : ""
            lines.append(
                "| \(MarkdownEscaping.escape(result.exampleID, limit: 100)) | \(original) | \(prediction(result.originalPrediction, result.originalProbabilities)) | \(perturbed) | \(prediction(result.perturbedPrediction, result.perturbedProbabilities)) |"
                    + validity + field)
        }
        lines.append("")
        return lines
    }

    static func errorsSection(_ results: AttackDigest) -> [String] {
        let count = results.summary.errors
        guard count > 0 else { return [] }
        var lines = ["## Errors", "", "| Example | Error |", "|---|---|"]
        for result in results.errors.prefix(AttackDigest.shownErrors) {
            lines.append(
                "| \(MarkdownEscaping.escape(result.exampleID, limit: 100)) | \(MarkdownEscaping.escape(result.errorMessage ?? "unknown", limit: TextLimit.cell)) |"
            )
        }
        if count > AttackDigest.shownErrors {
            lines += ["", "\(count - AttackDigest.shownErrors) more in the results file."]
        }
        lines.append("")
        return lines
    }

    static func recipeSection(_ results: AttackDigest) -> [String] {
        let recipe = results.run.recipe
        var lines = [
            "## Recipe",
            "",
            "\(MarkdownEscaping.code(recipe.name)) follows \(MarkdownEscaping.escape(recipe.follows.attack)): \(MarkdownEscaping.escape(recipe.follows.citation))",
            "",
        ]
        if !recipe.deviations.isEmpty {
            lines.append("Where it deviates from the paper:")
            lines.append("")
            for deviation in recipe.deviations { lines.append("- " + MarkdownEscaping.escape(deviation)) }
            lines.append("")
        }
        return lines
    }

    static func reproducibilitySection(_ results: AttackDigest, context: ReportContext) -> [String] {
        let run = results.run
        return Reproducibility.lines(
            tool: results.tool, context: context,
            items: [
                ("Seed", "\(run.seed)"),
                ("Fields attacked", run.fields.map(MarkdownEscaping.escape).joined(separator: ", ")),
                ("Examples", "\(run.examplesSelected) selected from \(run.data.examplesInFile) in the file"),
                ("Data", Reproducibility.data(run.data)),
                ("Recipe", "\(MarkdownEscaping.escape(run.recipe.file)) (sha256 \(run.recipe.sha256))"),
            ] + Reproducibility.recipeData(run.recipe) + Reproducibility.filters(run.filters) + [
                ("Model", Reproducibility.model(run.model)),
                ("ICU", MarkdownEscaping.escape(context.icuVersion)),
                (
                    "Results",
                    "\(MarkdownEscaping.escape(context.resultsFileName)) (schema \(results.schema) v\(results.schemaVersion))"
                ),
            ], examples: results.resultCount)
    }

}
