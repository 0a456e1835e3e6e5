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
        let cases = runs.map { run in
            verdict(
                className: AttackJUnit.suiteName(run.run),
                name: "attack \(run.run.task.rawValue)/\(run.run.recipe.name)",
                incomplete: run.complete
                    ? nil
                    : "incomplete: \(run.resultCount) of \(run.run.examplesSelected) examples measured; resume the run before reading its figures",
                measured: run.resultCount, errors: run.summary.errors, unit: "examples")
        }
        return JUnitXML(suites: [
            JUnitXML.Suite(
                name: "advglue.run", properties: runs.flatMap { properties($0) }, cases: cases)
        ])
    }

    /// One suite with a case per AdvGLUE task.
    public static func eval(_ eval: EvalFile) -> JUnitXML {
        let cases = eval.tasks.map { task in
            verdict(
                className: "advglue.\(eval.benchmark).\(task.task.rawValue)",
                name: "eval \(eval.benchmark)/\(task.task.rawValue)",
                incomplete: eval.complete
                    ? nil : "incomplete: the evaluation stopped early; resume it before reading its figures",
                measured: task.items.count, errors: task.summary.errors, unit: "items")
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

    /// One run's case: an error when it stopped early (`incomplete` says how far it got) or
    /// when every one of its `measured` examples errored (the command then exits 65), else
    /// a pass.
    static func verdict(
        className: String, name: String, incomplete: String?, measured: Int, errors: Int, unit: String
    ) -> JUnitXML.TestCase {
        if let incomplete {
            return .init(
                className: className, name: name,
                outcome: .error(message: incomplete, type: "IncompleteRun", body: incomplete))
        }
        if measured > 0, errors == measured {
            let message = "all \(measured) \(unit) ended in an error; nothing was measured"
            return .init(
                className: className, name: name, outcome: .error(message: message, type: "AllErrors", body: message))
        }
        return .init(className: className, name: name, outcome: .passed)
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
