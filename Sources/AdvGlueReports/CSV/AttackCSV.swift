import AdvGlueResults

/// The per-example CSV of an attack run, with TextAttack's CSV-log columns in its order
/// (`original_text`, `perturbed_text`, `original_score`, `perturbed_score`,
/// `original_output`, `perturbed_output`, `ground_truth_output`, `num_queries`,
/// `result_type`) and advglue's `example_id` last, so a script written for TextAttack's
/// logs reads it unchanged.
///
/// As TextAttack's logger (`color_method="file"`): changed words are wrapped in `[[…]]`;
/// inputs of several fields read `[[[[Premise]]]]: …<SPLIT>[[[[Hypothesis]]]]: …`;
/// `result_type` is `Successful`, `Failed` or `Skipped` (advglue adds `Error` for
/// examples whose model call failed; their outputs are empty); a skipped example's
/// perturbed columns repeat the original; scores are TextAttack's untargeted score,
/// 1 − p(ground truth), from the unscaled model. Cells are quoted and guarded against
/// formula injection by ``CSV``.
public enum AttackCSV {
    public static let columns = [
        "original_text", "perturbed_text", "original_score", "perturbed_score", "original_output",
        "perturbed_output", "ground_truth_output", "num_queries", "result_type", "example_id",
    ]

    public static func render(_ results: ResultsFile) -> String {
        var out = header
        for result in results.results { out += line(result) }
        return out
    }

    /// The header row; a file streamed row by row starts with it.
    public static var header: String { CSV.header(columns) }

    /// One example's row, with its line ending.
    public static func line(_ result: AttackResult) -> String { line(result, marked: markedTexts(result)) }

    /// One example's row from its ``markedTexts(_:)``, which the JUnit case shares.
    public static func line(_ result: AttackResult, marked: (original: String, perturbed: String)) -> String {
        CSV.row(row(result, marked: marked))
    }

    static func row(_ result: AttackResult) -> [CSV.Cell] { row(result, marked: markedTexts(result)) }

    static func row(_ result: AttackResult, marked: (original: String, perturbed: String)) -> [CSV.Cell] {
        let (original, perturbed) = marked
        func score(_ probabilities: [Float]?) -> CSV.Cell {
            guard let probabilities, probabilities.indices.contains(result.groundTruth) else { return .empty }
            return .number(String(1 - probabilities[result.groundTruth]))
        }
        let searched = result.outcome == .successful || result.outcome == .failed
        return [
            .text(original), .text(perturbed),
            score(result.originalProbabilities),
            score(searched ? result.perturbedProbabilities : result.originalProbabilities),
            .int(result.originalPrediction), .int(searched ? result.perturbedPrediction : result.originalPrediction),
            .int(result.groundTruth), .int(result.queries), .text(resultType(result.outcome)), .text(result.exampleID),
        ]
    }

    public static func resultType(_ outcome: AttackOutcome) -> String {
        switch outcome {
        case .successful: "Successful"
        case .failed: "Failed"
        case .skipped: "Skipped"
        case .error: "Error"
        }
    }

    /// Both texts in TextAttack's file markup; the perturbed one is the original when
    /// the search did not run.
    public static func markedTexts(_ result: AttackResult) -> (original: String, perturbed: String) {
        let modifications = result.perturbed == nil ? [] : result.modifications
        guard let (original, perturbed) = TextDiff.sides(result.original, modifications: modifications) else {
            let fields = result.original.fields.map { DiffField(name: $0.name, pieces: [.same($0.text)]) }
            let after = (result.perturbed ?? result.original).fields.map {
                DiffField(name: $0.name, pieces: [.same($0.text)])
            }
            return (WordDiff.textAttackFile(fields), WordDiff.textAttackFile(after))
        }
        return (WordDiff.textAttackFile(original), WordDiff.textAttackFile(perturbed))
    }
}
