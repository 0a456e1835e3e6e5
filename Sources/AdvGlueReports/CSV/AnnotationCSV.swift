import AdvGlueResults
import AdvGlueText

/// Successful adversarial examples as a CSV for people to validate, as AdvGLUE had
/// annotators check every example: does the perturbed text keep the gold label and
/// read as valid language? The `verdict` and `comment` columns are left blank for them
/// (suggested verdicts: valid, invalid, unsure).
///
/// Several fields read `premise: …` on their own lines within the cell; `changes`
/// lists each change as `old → new`. Cells are quoted, guarded against formula
/// injection, and show invisible characters as `⟨U+202E⟩` (``CSV``).
public enum AnnotationCSV {
    public static let columns = [
        "example_id", "task", "recipe", "gold_label", "original", "perturbed", "changes", "model_prediction",
        "verdict", "comment",
    ]

    public static func render(_ runs: [ResultsFile]) -> String {
        var out = CSV.header(columns)
        for run in runs {
            let labels = run.run.labels
            func label(_ id: Int?) -> String { id.map { labels.indices.contains($0) ? labels[$0] : "\($0)" } ?? "" }
            for result in run.results where result.outcome == .successful {
                guard let perturbed = result.perturbed else { continue }
                out += CSV.row([
                    .text(result.exampleID), .text(run.run.task.rawValue), .text(run.run.recipe.name),
                    .text(label(result.groundTruth)),
                    .text(text(result.original)), .text(text(perturbed)),
                    .text(result.modifications.map { "\($0.original) → \($0.replacement)" }.joined(separator: "; ")),
                    .text(label(result.perturbedPrediction)), .empty, .empty,
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
