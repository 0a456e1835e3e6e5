import AdvGlueResults
import AdvGlueSupport

/// A baseline-versus-candidate comparison as a Markdown diff for a pull request
/// (`compare.md`, the step summary) and as lines for the terminal.
///
/// ```swift
/// CompareReport.markdown(comparison, examples: CompareReport.examples(candidateResults))
/// ```
/// Complexity: O(newly broken examples shown).
public enum CompareReport {
    public static let markdownFileName = "compare.md"
    public static let jsonFileName = "compare.json"
    /// Newly broken examples a report lists; `compare.json` lists them all.
    public static let shownExamples = 50

    /// How a newly broken example looks in the candidate run, as table cells.
    public struct ExampleCells: Sendable, Hashable {
        public var original: String
        public var perturbed: String
        public var prediction: String
    }

    /// The verdict: how robustness changed, with its interval and the test.
    public static func verdict(_ c: RunComparison) -> String {
        guard let difference = c.difference, let interval = c.differenceInterval else {
            return "no example could be paired (every one ended in an error in a run)."
        }
        let direction =
            c.pValue < 0.05
            ? "the candidate is **significantly less robust** (5% level)"
            : difference < 0 ? "the candidate is less robust, but not significantly" : "no regression"
        return
            "\(direction): accuracy under attack \(Format.percent(c.candidate.accuracyUnderAttack)) against the baseline's \(Format.percent(c.baseline.accuracyUnderAttack)), \(Format.points(from: c.baseline.accuracyUnderAttack, to: c.candidate.accuracyUnderAttack)) (95% interval \(Format.signed(interval.lower * 100)) to \(Format.signed(interval.upper * 100)) pp); McNemar's exact test, one-sided, \(Format.pValue(c.pValue)). \(c.count(.newlyBroken)) examples newly broken, \(c.count(.newlyFixed)) newly fixed, of \(c.paired) paired."
    }

    public static func markdown(_ c: RunComparison, examples: [String: ExampleCells], heading: String = "#")
        -> String
    {
        var lines = [
            "\(heading) advglue compare: " + MarkdownEscaping.escape("\(c.task.displayName) · \(c.recipe)"), "",
            "**Verdict:** " + verdict(c), "",
            "| | Baseline | Candidate |", "|---|---|---|",
            "| Model | \(MarkdownEscaping.escape(c.baseline.model, limit: 120)) | \(MarkdownEscaping.escape(c.candidate.model, limit: 120)) |",
            "| Results | \(MarkdownEscaping.escape(c.baseline.source, limit: 120)) | \(MarkdownEscaping.escape(c.candidate.source, limit: 120)) |",
            "| Accuracy under attack | \(RateText.percent(c.baseline.accuracyUnderAttack, c.baseline.accuracyInterval)) | \(RateText.percent(c.candidate.accuracyUnderAttack, c.candidate.accuracyInterval)) |",
            "| Robust examples | \(c.baseline.robust) of \(c.paired) | \(c.candidate.robust) of \(c.paired) |",
            "",
            "| Both robust | Both broken | Newly broken | Newly fixed | Left out (an error in either run) |",
            "|---:|---:|---:|---:|---:|",
            "| \(c.count(.bothRobust)) | \(c.count(.bothBroken)) | \(c.count(.newlyBroken)) | \(c.count(.newlyFixed)) | \(c.excludedErrors.count) |",
            "",
            RateText.note
                + " The difference's interval is Newcombe's paired score interval; the p-value is McNemar's exact test of \"the candidate is less robust\" over the \(c.count(.newlyBroken) + c.count(.newlyFixed)) examples that changed.",
            "",
        ]
        lines += ["\(heading)# Newly broken examples", ""]
        if c.newlyBroken.isEmpty {
            lines += ["None: every example robust in the baseline stays robust in the candidate.", ""]
        } else {
            let shown = c.newlyBroken.prefix(shownExamples)
            lines.append(
                "Robust in the baseline, not in the candidate"
                    + (shown.count < c.newlyBroken.count
                        ? " (the first \(shown.count) of \(c.newlyBroken.count); `compare.json` lists all)" : "")
                    + ". Changed words: ~~original~~ in the original, **replacement** in the candidate's adversarial example."
            )
            lines += [
                "", "| Example | Original | Candidate's adversarial example | Candidate's prediction |",
                "|---|---|---|---|",
            ]
            for id in shown {
                let cells = examples[id]
                lines.append(
                    "| \(MarkdownEscaping.escape(id, limit: 100)) | \(cells?.original ?? "–") | \(cells?.perturbed ?? "–") | \(cells?.prediction ?? "–") |"
                )
            }
            lines.append("")
        }
        if !c.newlyFixed.isEmpty {
            let shown = c.newlyFixed.prefix(shownExamples).map { MarkdownEscaping.escape($0, limit: 100) }
            lines += [
                "\(heading)# Newly fixed examples", "",
                "\(c.newlyFixed.count): " + shown.joined(separator: ", ")
                    + (shown.count < c.newlyFixed.count ? ", …" : "") + ".", "",
            ]
        }
        lines += ["\(heading)# What both runs share", ""]
        for key in c.conditions.keys.sorted() {
            lines.append(
                "- \(MarkdownEscaping.escape(key)): \(MarkdownEscaping.escape(c.conditions[key] ?? "", limit: 300))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per figure for the terminal.
    public static func lines(_ c: RunComparison) -> [String] {
        [
            "compare \(c.task.rawValue)/\(VisibleText.render(c.recipe)): "
                + verdict(c).replacingOccurrences(of: "**", with: ""),
            "  baseline  \(VisibleText.render(c.baseline.model)): \(RateText.percent(c.baseline.accuracyUnderAttack, c.baseline.accuracyInterval)) robust",
            "  candidate \(VisibleText.render(c.candidate.model)): \(RateText.percent(c.candidate.accuracyUnderAttack, c.candidate.accuracyInterval)) robust",
            "  both robust \(c.count(.bothRobust)), both broken \(c.count(.bothBroken)), newly broken \(c.count(.newlyBroken)), newly fixed \(c.count(.newlyFixed)), left out \(c.excludedErrors.count)",
        ]
    }

    /// The cells of every example of an attack run that the model got wrong under attack.
    public static func examples(_ results: ResultsFile) -> [String: ExampleCells] {
        let labels = results.run.labels
        func label(_ id: Int?) -> String {
            guard let id, labels.indices.contains(id) else { return "n/a" }
            return MarkdownEscaping.escape(labels[id])
        }
        var out: [String: ExampleCells] = [:]
        for result in results.results where result.outcome == .successful || result.outcome == .skipped {
            if result.outcome == .skipped {
                out[result.exampleID] = ExampleCells(
                    original: WordDiff.cell(result.original, modifications: [], side: .original),
                    perturbed: "(misclassified before the attack)",
                    prediction: "\(label(result.originalPrediction)) (gold \(label(result.groundTruth)))")
            } else {
                out[result.exampleID] = ExampleCells(
                    original: WordDiff.cell(result.original, modifications: result.modifications, side: .original),
                    perturbed: WordDiff.cell(result.original, modifications: result.modifications, side: .perturbed),
                    prediction: "\(label(result.perturbedPrediction)) (gold \(label(result.groundTruth)))")
            }
        }
        return out
    }

    /// The cells of every AdvGLUE item of `task` the model got wrong.
    public static func examples(_ task: EvalTask) -> [String: ExampleCells] {
        var out: [String: ExampleCells] = [:]
        func label(_ id: Int?) -> String {
            guard let id, task.labels.indices.contains(id) else { return "n/a" }
            return MarkdownEscaping.escape(task.labels[id])
        }
        for item in task.items where item.error == nil && !item.correct {
            out[item.id] = ExampleCells(
                original: item.original.map { WordDiff.cell($0, modifications: [], side: .original) } ?? "–",
                perturbed: WordDiff.cell(item.input, modifications: [], side: .original),
                prediction: "\(label(item.prediction)) (gold \(label(item.label)))")
        }
        return out
    }
}
