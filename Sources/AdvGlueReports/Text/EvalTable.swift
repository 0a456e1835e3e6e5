import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport

/// The leaderboard table `advglue eval` prints.
public enum EvalTable {
    public static func render(_ eval: EvalFile) -> String {
        let columns = EvalSummary.columns(eval.tasks)
        func p(_ value: Double?) -> String { value.map { Format.fixed($0 * 100, digits: 2) } ?? "n/a" }
        func summary(_ task: GlueTask) -> EvalTaskSummary? { eval.tasks.first { $0.task == task }?.summary }
        let header = ["", "Avg", "SST-2", "MNLI-m", "MNLI-mm", "RTE", "QNLI", "QQP"]
        let benign = [
            "benign (originals)", p(eval.summary.benignAverage), p(columns[0].benign), p(summary(.mnli)?.benignScore),
            p(summary(.mnliMismatched)?.benignScore), p(columns[2].benign), p(columns[3].benign), p(columns[4].benign),
        ]
        let adversarial = [
            "adversarial", p(eval.summary.adversarialAverage), p(columns[0].adversarial),
            p(summary(.mnli)?.adversarialScore),
            p(summary(.mnliMismatched)?.adversarialScore), p(columns[2].adversarial), p(columns[3].adversarial),
            p(columns[4].adversarial),
        ]
        var lines: [String] = []
        let widths = header.indices.map { i in [header[i], benign[i], adversarial[i]].map(\.count).max()! }
        for row in [header, benign, adversarial] {
            lines.append(
                row.enumerated().map { i, cell in
                    i == 0
                        ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[i] - cell.count) + cell
                }.joined(separator: "  "))
        }
        lines.append("AdvGLUE metrics: QQP = mean of accuracy and F1; MNLI enters Avg as the mean of m and mm.")
        if !eval.summary.byLevel.isEmpty {
            lines.append(
                "by level: "
                    + eval.summary.byLevel.map { "\($0.name) \(Format.percent($0.adversarialAccuracy)) (\($0.items))" }
                    .joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
