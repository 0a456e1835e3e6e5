import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport

/// The Markdown report of `advglue eval --benchmark advglue`: verdict first, the
/// leaderboard-layout table, per-task figures, accuracy by perturbation level and by
/// attack method, the items the perturbation flipped, AdvGLUE's published reference
/// figures, and reproducibility.
public enum EvalReport {
    public static let fileName = "report.md"
    public static let chartFileName = "accuracy-by-task.svg"
    public static let maxExamplesShown = 10

    /// AdvGLUE's published averages (Wang et al., NeurIPS 2021 Datasets and Benchmarks,
    /// leaderboard): benign on GLUE dev, adversarial on AdvGLUE.
    public static let reference: [(model: String, benign: Double, adversarial: Double)] = [
        ("BERT-large", 85.76, 33.68), ("RoBERTa-large", 91.44, 50.21), ("DeBERTa-large", 92.67, 60.86),
    ]

    public static func render(_ eval: EvalFile, context: ReportContext) -> String {
        let models = Set(eval.tasks.map(\.model.spec)).sorted()
        var lines = ["# advglue AdvGLUE evaluation: " + MarkdownEscaping.escape(models.joined(separator: ", ")), ""]
        lines.append("**Verdict:** " + verdict(eval))
        lines.append("")
        if !eval.complete {
            lines.append(
                "> **Incomplete:** the run was interrupted; the figures cover the \(eval.tasks.map(\.items.count).reduce(0, +)) items scored before it."
            )
            lines.append("")
        }
        if eval.annotations == nil {
            lines.append(
                "> **No annotations:** `dev_ann.json` was not found beside the data (or given with `--annotations`), so there are no originals, levels or methods; benign accuracy is not shown."
            )
            lines.append("")
        }
        lines += leaderboard(eval)
        lines += taskTable(eval)
        lines += groups(eval)
        lines += examples(eval)
        lines += referenceSection()
        var items: [(String, String)] = [("Data", Reproducibility.data(eval.data))]
        if let annotations = eval.annotations { items.append(("Annotations", Reproducibility.data(annotations))) }
        for task in eval.tasks { items.append(("Model (\(task.task.displayName))", Reproducibility.model(task.model))) }
        items.append(
            (
                "Results",
                "\(MarkdownEscaping.escape(context.resultsFileName)) (schema \(eval.schema) v\(eval.schemaVersion))"
            ))
        lines += Reproducibility.lines(
            tool: eval.tool, context: context, items: items, examples: eval.tasks.map(\.items.count).reduce(0, +))
        return lines.joined(separator: "\n") + "\n"
    }

    public static func verdict(_ eval: EvalFile) -> String {
        let s = eval.summary
        guard let adversarial = s.adversarialAverage else { return "no task was scored." }
        let over =
            s.averagedOver.count == EvalSummary.leaderboardColumns.count
            ? "AdvGLUE's average over its five tasks"
            : "averaged over \(s.averagedOver.joined(separator: ", ")) only, not all five AdvGLUE tasks"
        var text = "adversarial score \(points(adversarial))"
        if let benign = s.benignAverage {
            text +=
                " against \(points(benign)) on the originals (\(over)): a drop of \(Format.fixed((benign - adversarial) * 100, digits: 2)) points."
        } else {
            text += " (\(over))."
        }
        let errors = eval.tasks.map(\.summary.errors).reduce(0, +)
        if errors > 0 {
            text +=
                errors == 1
                ? " 1 item failed with a model error and counts as wrong."
                : " \(errors) items failed with model errors and count as wrong."
        }
        return text
    }

    static func points(_ value: Double?) -> String {
        value.map { Format.fixed($0 * 100, digits: 2) } ?? "n/a"
    }

    /// AdvGLUE's leaderboard layout: Avg, SST-2, MNLI (m/mm), RTE, QNLI, QQP.
    static func leaderboard(_ eval: EvalFile) -> [String] {
        let columns = EvalSummary.columns(eval.tasks)
        func summary(_ task: GlueTask) -> EvalTaskSummary? { eval.tasks.first { $0.task == task }?.summary }
        func cell(_ column: EvalSummary.Column, adversarial: Bool) -> String {
            let value = adversarial ? column.adversarial : column.benign
            guard column.name == "MNLI" else { return points(value) }
            let m = adversarial ? summary(.mnli)?.adversarialScore : summary(.mnli)?.benignScore
            let mm = adversarial ? summary(.mnliMismatched)?.adversarialScore : summary(.mnliMismatched)?.benignScore
            return "\(points(m)) / \(points(mm))"
        }
        let lines =
            [
                "## Leaderboard",
                "",
                "AdvGLUE's layout and metrics: QQP is the mean of accuracy and F1, MNLI shows matched / mismatched and enters the average as their mean, Avg is the mean of the five columns. Benign figures are on the originals AdvGLUE perturbed (not on the full GLUE dev sets, as the leaderboard's benign column is).",
                "",
                "| Inputs | Avg | SST-2 | MNLI (m / mm) | RTE | QNLI | QQP |",
                "|---|---:|---:|---:|---:|---:|---:|",
                "| Originals (benign) | \(points(eval.summary.benignAverage)) | "
                    + columns.map { cell($0, adversarial: false) }.joined(separator: " | ") + " |",
                "| AdvGLUE (adversarial) | \(points(eval.summary.adversarialAverage)) | "
                    + columns.map { cell($0, adversarial: true) }.joined(separator: " | ") + " |",
                "",
            ]
            + (eval.summary.adversarialAverageInterval.map {
                [
                    "The adversarial Avg's 95% interval is \(points($0.lower))–\(points($0.upper)): a percentile bootstrap that resamples each task's items (\(Bootstrap.resamples) resamples, seed \(Bootstrap.seed)).",
                    "",
                ]
            } ?? []) + [
                "![Accuracy by task](\(chartFileName))",
                "",
            ] + chart(eval).mermaid() + [""]
        return lines
    }

    static func taskTable(_ eval: EvalFile) -> [String] {
        var lines = [
            "## Per task",
            "",
            "| Task | Items | Adversarial accuracy | Adversarial F1 | Adversarial score | With original | Benign accuracy | Adversarial accuracy on those | Drop | Errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for task in eval.tasks {
            let s = task.summary
            lines.append(
                "| \(task.task.displayName) | \(s.items) | \(RateText.percent(s.adversarialAccuracy, s.intervals?.adversarialAccuracy)) | \(s.adversarialF1.map { Format.percent($0) } ?? "–") | \(points(s.adversarialScore))\(s.intervals?.adversarialScore.map { " (\(points($0.lower))–\(points($0.upper)))" } ?? "") | \(s.pairs) | \(RateText.percent(s.benignAccuracy, s.intervals?.benignAccuracy)) | \(RateText.percent(s.pairedAdversarialAccuracy, s.intervals?.pairedAdversarialAccuracy)) | \(Format.points(from: s.benignAccuracy, to: s.pairedAdversarialAccuracy)) | \(s.errors) |"
            )
        }
        lines.append("")
        if eval.tasks.contains(where: { $0.summary.intervals != nil }) {
            lines += [
                RateText.note
                    + " QQP's score, the mean of accuracy and F1, is not a proportion: its interval is a percentile bootstrap (\(Bootstrap.resamples) resamples of the items, seed \(Bootstrap.seed)).",
                "",
            ]
        }
        return lines
    }

    static func groups(_ eval: EvalFile) -> [String] {
        guard !eval.summary.byLevel.isEmpty else { return [] }
        var lines = [
            "## By perturbation level",
            "",
            "| Level | Items | Adversarial accuracy | With original | Benign accuracy | Adversarial accuracy on those | Drop |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for group in eval.summary.byLevel { lines.append(groupRow(group, name: group.name)) }
        lines += ["", "Adversarial accuracy by task and level:", ""]
        let levels = eval.summary.byLevel.map(\.name)
        lines.append("| Task | " + levels.map(MarkdownEscaping.escape).joined(separator: " | ") + " |")
        lines.append("|---|" + levels.map { _ in "---:|" }.joined())
        for task in eval.tasks {
            let cells = levels.map { level -> String in
                let items = task.items.filter { $0.level == level }
                guard let accuracy = EvalTaskSummary.accuracy(items.map(\.correct)) else { return "–" }
                return "\(Format.percent(accuracy)) (\(items.count))"
            }
            lines.append("| \(task.task.displayName) | " + cells.joined(separator: " | ") + " |")
        }
        lines += [
            "", "## By attack method", "",
            "| Method | Level | Items | Adversarial accuracy | With original | Benign accuracy | Adversarial accuracy on those | Drop |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for group in eval.summary.byMethod {
            lines.append(
                groupRow(
                    group, name: group.name, levels: group.levels.map(MarkdownEscaping.escape).joined(separator: ", ")))
        }
        lines.append("")
        return lines
    }

    static func groupRow(_ group: EvalGroup, name: String, levels: String? = nil) -> String {
        "| \(MarkdownEscaping.escape(name)) | " + (levels.map { "\($0) | " } ?? "")
            + "\(group.items) | \(Format.percent(group.adversarialAccuracy)) | \(group.pairs) | \(Format.percent(group.benignAccuracy)) | \(Format.percent(group.pairedAdversarialAccuracy)) | \(Format.points(from: group.benignAccuracy, to: group.pairedAdversarialAccuracy)) |"
    }

    /// Items right on the original and wrong on the perturbed text, changed words marked.
    static func examples(_ eval: EvalFile) -> [String] {
        let flipped = eval.tasks.flatMap { task in
            task.items.filter { $0.originalCorrect == true && !$0.correct }.map { (task, $0) }
        }
        guard !flipped.isEmpty else { return [] }
        var lines = [
            "## Flipped by the perturbation", "",
            "The first \(min(maxExamplesShown, flipped.count)) of \(flipped.count) items the model gets right on the original and wrong on AdvGLUE's perturbed text. Changed words: ~~original~~, **perturbed**.",
            "", "| Task | Item | Level / method | Original | Prediction | Perturbed | Prediction |",
            "|---|---|---|---|---|---|---|",
        ]
        for (task, item) in flipped.prefix(maxExamplesShown) {
            let (before, after) = TextDiff.compare(item.original!, item.input)
            func prediction(_ label: Int?, _ probabilities: [Float]?) -> String {
                guard let label, task.labels.indices.contains(label) else { return "n/a" }
                return MarkdownEscaping.escape(task.labels[label])
                    + (probabilities.map { " (\(Format.percent(Double($0[label]))))" } ?? "")
            }
            let how = [item.level, item.method].compactMap { $0.map(MarkdownEscaping.escape) }.joined(separator: " / ")
            lines.append(
                "| \(task.task.displayName) | \(MarkdownEscaping.escape(item.id, limit: 100)) | \(how) | \(WordDiff.markdown(before, side: .original)) | \(prediction(item.originalPrediction, item.originalProbabilities)) | \(WordDiff.markdown(after, side: .perturbed)) | \(prediction(item.prediction, item.probabilities)) |"
            )
        }
        lines.append("")
        return lines
    }

    static func referenceSection() -> [String] {
        var lines = [
            "## Reference: AdvGLUE's published figures", "",
            "Averages from AdvGLUE (Wang et al., NeurIPS 2021 Datasets and Benchmarks): benign on the GLUE dev sets, adversarial on AdvGLUE. These are large pre-trained transformers, not the model above; they show the scale, not a like-for-like comparison.",
            "", "| Model | Benign avg | Adversarial avg |", "|---|---:|---:|",
        ]
        for row in reference {
            lines.append(
                "| \(row.model) | \(Format.fixed(row.benign, digits: 2)) | \(Format.fixed(row.adversarial, digits: 2)) |"
            )
        }
        lines.append("")
        return lines
    }

    public static func chart(_ eval: EvalFile) -> BarChart {
        BarChart(
            title: "AdvGLUE: accuracy by task (\(Set(eval.tasks.map(\.model.spec)).sorted().joined(separator: ", ")))",
            series: [
                BarChart.Series(name: "benign (originals)", colour: "#9a9a9a"),
                BarChart.Series(name: "adversarial", colour: "#3b6fb6"),
            ],
            groups: eval.tasks.map {
                BarChart.Group(
                    label: $0.task.displayName, values: [$0.summary.benignAccuracy, $0.summary.adversarialAccuracy])
            })
    }

    /// A short block for `$GITHUB_STEP_SUMMARY`.
    public static func stepSummary(_ eval: EvalFile) -> String {
        var lines = [
            "### advglue AdvGLUE evaluation: "
                + MarkdownEscaping.escape(Set(eval.tasks.map(\.model.spec)).sorted().joined(separator: ", ")), "",
        ]
        lines.append("**Verdict:** " + verdict(eval))
        lines.append("")
        lines += Array(leaderboard(eval).dropFirst(4).prefix(4))
        return lines.joined(separator: "\n") + "\n"
    }
}
