import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport

/// The per-item CSV and JUnit suites of an AdvGLUE evaluation.
extension EvalFile {
    /// TextAttack's columns (see ``AttackCSV``), then `task`, `level`, `method` and
    /// `example_id`. An item with an original reads as TextAttack would read an attack
    /// on it: `Skipped` when the original is already wrong, else `Successful` when the
    /// perturbed text is wrong and `Failed` when it is right. An item without an
    /// original (human-crafted) is `Successful` when the model gets it wrong, `Failed`
    /// when right; an item the model failed on is `Error`.
    public func csv() -> String {
        var out = CSV.header(
            AttackCSV.columns.filter { $0 != "example_id" } + ["task", "level", "method", "example_id"])
        for task in tasks {
            for item in task.items {
                let (original, perturbed): (String, String)
                if let source = item.original {
                    let (a, b) = TextDiff.compare(source, item.input)
                    (original, perturbed) = (WordDiff.textAttackFile(a), WordDiff.textAttackFile(b))
                } else {
                    original = ""
                    perturbed = WordDiff.textAttackFile(
                        item.input.fields.map { DiffField(name: $0.name, pieces: [.same($0.text)]) })
                }
                func score(_ probabilities: [Float]?) -> CSV.Cell {
                    guard let probabilities, probabilities.indices.contains(item.label) else { return .empty }
                    return .number(String(1 - probabilities[item.label]))
                }
                out += CSV.row([
                    .text(original), .text(perturbed), score(item.originalProbabilities), score(item.probabilities),
                    .int(item.originalPrediction), .int(item.prediction), .int(item.label), .int(item.queries),
                    .text(resultType(item)), .text(task.task.rawValue), .text(item.level ?? ""),
                    .text(item.method ?? ""), .text(item.id),
                ])
            }
        }
        return out
    }

    func resultType(_ item: EvalItem) -> String {
        if item.error != nil { return "Error" }
        if item.originalCorrect == false { return "Skipped" }
        return item.correct ? "Failed" : "Successful"
    }

    /// One suite per task, one case per item: wrong on the perturbed text is a failure.
    public func junit() -> JUnitXML {
        JUnitXML(
            suites: tasks.map { task in
                let className = "advglue.\(benchmark).\(task.task.rawValue)"
                func label(_ id: Int?) -> String {
                    id.map { task.labels.indices.contains($0) ? task.labels[$0] : "\($0)" } ?? "n/a"
                }
                let cases = task.items.map { item -> JUnitXML.TestCase in
                    let name = "item \(item.id)" + (item.method.map { " (\(item.level ?? "?") / \($0))" } ?? "")
                    if let error = item.error {
                        return .init(
                            className: className, name: name,
                            outcome: .error(message: error, type: "ModelError", body: error))
                    }
                    if item.correct { return .init(className: className, name: name, outcome: .passed) }
                    var body = ""
                    if let source = item.original {
                        let (a, b) = TextDiff.compare(source, item.input)
                        body += "original (\(label(item.originalPrediction))): \(WordDiff.textAttackFile(a))\n"
                        body += "perturbed (\(label(item.prediction))): \(WordDiff.textAttackFile(b))\n"
                    } else {
                        body +=
                            "input (\(label(item.prediction))): \(item.input.fields.map { "\($0.name): \($0.text)" }.joined(separator: "\n"))\n"
                    }
                    return .init(
                        className: className, name: name,
                        outcome: .failed(
                            message: "predicted \(label(item.prediction)), gold \(label(item.label))",
                            type: "AdversarialExample", body: body))
                }
                return JUnitXML.Suite(
                    name: className,
                    properties: [
                        ("task", task.task.rawValue), ("model", task.model.spec), ("data_sha256", data.sha256),
                        ("complete", "\(complete)"),
                        ("adversarial_accuracy", Format.percent(task.summary.adversarialAccuracy)),
                        ("benign_accuracy", Format.percent(task.summary.benignAccuracy)),
                    ], cases: cases)
            })
    }
}
