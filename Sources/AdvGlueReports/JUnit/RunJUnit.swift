import AdvGlueResults
import AdvGlueSupport

/// `junit.xml` of a run without a gate: one test case per recipe (or per AdvGLUE task),
/// which passes when the run measured every example and is an error when it stopped
/// early. CI reporters then show green exactly when the command exited 0; a gate
/// (`--gate`, `advglue gate`) replaces the file with one test case per gate check
/// (``GateReport/junit(_:)``). The per-example cases, where a successful attack is a
/// failure, are in `junit-examples.xml` (``AttackJUnit``).
///
/// ```swift
/// RunJUnit.attack([digest]).render()  // <testcase name="attack sst2/typo"> passes when complete
/// ```
/// Complexity: O(recipes).
public enum RunJUnit {
    /// The run's verdict for CI: one case per recipe, or per gate check.
    public static let fileName = "junit.xml"
    /// One case per example, for reading the adversarial examples in a CI test view.
    public static let examplesFileName = "junit-examples.xml"

    /// One suite with a case per recipe.
    public static func attack(_ runs: [AttackDigest]) -> JUnitXML {
        let cases = runs.map { run -> JUnitXML.TestCase in
            let name = "attack \(run.run.task.rawValue)/\(run.run.recipe.name)"
            let className = AttackJUnit.suiteName(run.run)
            guard run.complete else {
                let message =
                    "incomplete: \(run.resultCount) of \(run.run.examplesSelected) examples measured; "
                    + "resume the run before reading its figures"
                return .init(
                    className: className, name: name,
                    outcome: .error(message: message, type: "IncompleteRun", body: message))
            }
            // The command exits 65 for such a run, so CI must not show it green.
            if run.resultCount > 0, run.summary.errors == run.resultCount {
                let message = "all \(run.resultCount) examples ended in an error; nothing was measured"
                return .init(
                    className: className, name: name,
                    outcome: .error(message: message, type: "AllErrors", body: message))
            }
            return .init(className: className, name: name, outcome: .passed)
        }
        return JUnitXML(suites: [
            JUnitXML.Suite(
                name: "advglue.run", properties: runs.flatMap { properties($0) }, cases: cases)
        ])
    }

    /// One suite with a case per AdvGLUE task.
    public static func eval(_ eval: EvalFile) -> JUnitXML {
        let cases = eval.tasks.map { task -> JUnitXML.TestCase in
            let className = "advglue.\(eval.benchmark).\(task.task.rawValue)"
            let name = "eval \(eval.benchmark)/\(task.task.rawValue)"
            guard eval.complete else {
                let message = "incomplete: the evaluation stopped early; resume it before reading its figures"
                return .init(
                    className: className, name: name,
                    outcome: .error(message: message, type: "IncompleteRun", body: message))
            }
            if !task.items.isEmpty, task.summary.errors == task.items.count {
                let message = "all \(task.items.count) items ended in an error; nothing was measured"
                return .init(
                    className: className, name: name,
                    outcome: .error(message: message, type: "AllErrors", body: message))
            }
            return .init(className: className, name: name, outcome: .passed)
        }
        return JUnitXML(suites: [
            JUnitXML.Suite(
                name: "advglue.run",
                properties: eval.tasks.flatMap { task in
                    let prefix = "\(task.task.rawValue)."
                    return [
                        (prefix + "model", task.model.spec),
                        (prefix + "adversarial_accuracy", Format.percent(task.summary.adversarialAccuracy)),
                        (prefix + "benign_accuracy", Format.percent(task.summary.benignAccuracy)),
                    ]
                }, cases: cases)
        ])
    }

    /// A recipe's figures as suite properties, prefixed with `TASK.RECIPE.` so that
    /// several recipes' stay apart.
    static func properties(_ run: AttackDigest) -> [(String, String)] {
        let s = run.summary
        let prefix = "\(run.run.task.rawValue).\(run.run.recipe.name)."
        var out: [(String, String)] = [
            (prefix + "model", run.run.model.spec), (prefix + "seed", "\(run.run.seed)"),
            (prefix + "complete", "\(run.complete)"),
            (
                prefix + "accuracy_under_attack",
                RateText.percent(s.accuracyUnderAttack, s.intervals?.accuracyUnderAttack)
            ),
            (prefix + "attack_success_rate", RateText.percent(s.attackSuccessRate, s.intervals?.attackSuccessRate)),
        ]
        out.append((prefix + "errors", "\(s.errors)"))
        return out
    }
}
