import AdvGlueResults
import AdvGlueText

/// Successful adversarial examples as a CSV for people to validate, as AdvGLUE had
/// annotators check every example: does the perturbed text keep the gold label and
/// read as valid language? The `verdict`, `human_label` and `comment` columns are left
/// blank for them (verdicts: valid, invalid, unsure; the label they would give the
/// perturbed text); `filters_verdict` and `filters_reasons` say what the validity filters
/// made of the example, so `advglue report --annotations` can measure their agreement.
///
/// Several fields read `premise: …` on their own lines within the cell; `changes`
/// lists each change as `old → new`. Cells are quoted, guarded against formula
/// injection, and show invisible characters as `⟨U+202E⟩` (``CSV``).
public enum AnnotationCSV {
    public static let columns = [
        "example_id", "task", "recipe", "gold_label", "original", "perturbed", "changes", "model_prediction",
        "filters_verdict", "filters_reasons", "verdict", "human_label", "comment",
    ]

    /// The validity filters' verdict on one example: `valid` or `invalid`, and why.
    public struct FiltersVerdict: Sendable {
        public var valid: Bool
        public var reasons: String

        public init(valid: Bool, reasons: String) {
            self.valid = valid
            self.reasons = reasons
        }
    }

    /// The key of an example in `verdicts`.
    public static func key(task: String, recipe: String, exampleID: String) -> String {
        "\(task)\u{0}\(recipe)\u{0}\(exampleID)"
    }

    public static func render(_ runs: [ResultsFile], verdicts: [String: FiltersVerdict] = [:]) -> String {
        var out = CSV.header(columns)
        for run in runs {
            let labels = run.run.labels
            func label(_ id: Int?) -> String { id.map { labels.indices.contains($0) ? labels[$0] : "\($0)" } ?? "" }
            for result in run.results where result.outcome == .successful {
                guard let perturbed = result.perturbed else { continue }
                let filters = verdicts[
                    key(task: run.run.task.rawValue, recipe: run.run.recipe.name, exampleID: result.exampleID)]
                out += CSV.row([
                    .text(result.exampleID), .text(run.run.task.rawValue), .text(run.run.recipe.name),
                    .text(label(result.groundTruth)),
                    .text(text(result.original)), .text(text(perturbed)),
                    .text(result.modifications.map { "\($0.original) → \($0.replacement)" }.joined(separator: "; ")),
                    .text(label(result.perturbedPrediction)),
                    .text(filters.map { $0.valid ? "valid" : "invalid" } ?? ""), .text(filters?.reasons ?? ""), .empty,
                    .empty, .empty,
                ])
            }
        }
        return out
    }

    static func text(_ input: AdvGlueText.TextInput) -> String {
        input.fields.count == 1
            ? input.fields[0].text : input.fields.map { "\($0.name): \($0.text)" }.joined(separator: "\n")
    }
}
