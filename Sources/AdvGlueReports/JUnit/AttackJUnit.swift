import AdvGlueResults
import AdvGlueSupport

/// An attack run as a JUnit test suite: one test case per example. A successful attack
/// (the prediction flipped) is a failure, showing both texts with the changed words in
/// `[[…]]`; a failed attack passes; an example misclassified before the attack is
/// skipped; a model or input error is an error.
public enum AttackJUnit {
    public static func suite(_ results: ResultsFile) -> JUnitXML.Suite {
        JUnitXML.Suite(
            name: suiteName(results.run), properties: properties(AttackDigest(results)),
            cases: results.results.map { testCase($0, run: results.run) })
    }

    /// The suite's name, also every test case's class name.
    public static func suiteName(_ run: RunInfo) -> String {
        "advglue.\(run.task.rawValue).\(run.recipe.name)"
    }

    /// The suite's tallies, which the digest knows before the cases are written.
    public static func counts(_ results: AttackDigest) -> JUnitXML.Counts {
        let s = results.summary
        return JUnitXML.Counts(tests: results.resultCount, failures: s.successful, errors: s.errors, skipped: s.skipped)
    }

    public static func properties(_ results: AttackDigest) -> [(String, String)] {
        let run = results.run
        return [
            ("task", run.task.rawValue), ("recipe", run.recipe.name), ("model", run.model.spec),
            ("seed", "\(run.seed)"),
            ("data_sha256", run.data.sha256), ("complete", "\(results.complete)"),
            ("accuracy_under_attack", Format.percent(results.summary.accuracyUnderAttack)),
            ("attack_success_rate", Format.percent(results.summary.attackSuccessRate)),
        ]
    }

    /// One example's test case.
    public static func testCase(_ result: AttackResult, run: RunInfo) -> JUnitXML.TestCase {
        testCase(result, run: run, marked: nil)
    }

    /// One example's test case; `marked` saves recomputing ``AttackCSV/markedTexts(_:)``
    /// when the CSV row already has.
    public static func testCase(_ result: AttackResult, run: RunInfo, marked: (original: String, perturbed: String)?)
        -> JUnitXML.TestCase
    {
        let className = suiteName(run)
        let labels = run.labels
        func label(_ id: Int?) -> String {
            guard let id else { return "n/a" }
            return labels.indices.contains(id) ? labels[id] : "\(id)"
        }
        let name = "example \(result.exampleID)"
        switch result.outcome {
        case .failed:
            return .init(className: className, name: name, outcome: .passed)
        case .skipped:
            return .init(
                className: className, name: name,
                outcome: .skipped(
                    message:
                        "misclassified before the attack (gold \(label(result.groundTruth)), predicted \(label(result.originalPrediction)))"
                ))
        case .error:
            return .init(
                className: className, name: name,
                outcome: .error(
                    message: result.errorMessage ?? "error", type: "ModelError", body: result.errorMessage ?? ""))
        case .successful:
            let (original, perturbed) = marked ?? AttackCSV.markedTexts(result)
            let changes = result.modifications.map { "\($0.original) → \($0.replacement) (\($0.transformation))" }
                .joined(separator: "\n")
            let body =
                "original (\(label(result.originalPrediction))): \(original)\nperturbed (\(label(result.perturbedPrediction))): \(perturbed)\nchanges:\n\(changes)\n"
            return .init(
                className: className, name: name,
                outcome: .failed(
                    message:
                        "prediction flipped from \(label(result.originalPrediction)) to \(label(result.perturbedPrediction)) (gold \(label(result.groundTruth)))",
                    type: "AdversarialExample", body: body))
        }
    }
}
