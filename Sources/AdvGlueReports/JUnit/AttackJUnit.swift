import AdvGlueAttacks

/// An attack run as a JUnit test suite: one test case per example. A successful attack
/// (the prediction flipped) is a failure, showing both texts with the changed words in
/// `[[…]]`; a failed attack passes; an example misclassified before the attack is
/// skipped; a model or input error is an error.
public enum AttackJUnit {
    public static func suite(_ results: ResultsFile) -> JUnitXML.Suite {
        let run = results.run
        let className = "advglue.\(run.task.rawValue).\(run.recipe.name)"
        let labels = run.labels
        func label(_ id: Int?) -> String {
            guard let id else { return "n/a" }
            return labels.indices.contains(id) ? labels[id] : "\(id)"
        }
        let cases = results.results.map { result -> JUnitXML.TestCase in
            let name = "example \(result.exampleID)"
            switch result.outcome {
            case .failed:
                return .init(className: className, name: name, outcome: .passed)
            case .skipped:
                return .init(className: className, name: name,
                             outcome: .skipped(message: "misclassified before the attack (gold \(label(result.groundTruth)), predicted \(label(result.originalPrediction)))"))
            case .error:
                return .init(className: className, name: name,
                             outcome: .error(message: result.errorMessage ?? "error", type: "ModelError", body: result.errorMessage ?? ""))
            case .successful:
                let (original, perturbed) = AttackCSV.markedTexts(result)
                let changes = result.modifications.map { "\($0.original) → \($0.replacement) (\($0.transformation))" }.joined(separator: "\n")
                let body = "original (\(label(result.originalPrediction))): \(original)\nperturbed (\(label(result.perturbedPrediction))): \(perturbed)\nchanges:\n\(changes)\n"
                return .init(className: className, name: name,
                             outcome: .failed(message: "prediction flipped from \(label(result.originalPrediction)) to \(label(result.perturbedPrediction)) (gold \(label(result.groundTruth)))",
                                              type: "AdversarialExample", body: body))
            }
        }
        return JUnitXML.Suite(name: className, properties: [
            ("task", run.task.rawValue), ("recipe", run.recipe.name), ("model", run.model.spec), ("seed", "\(run.seed)"),
            ("data_sha256", run.data.sha256), ("complete", "\(results.complete)"),
            ("accuracy_under_attack", Format.percent(results.summary.accuracyUnderAttack)),
            ("attack_success_rate", Format.percent(results.summary.attackSuccessRate)),
        ], cases: cases)
    }
}
