import AdvGlueCorpora
import AdvGlueGates
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// The steps that end a run of recipes, the same after `advglue attack` and `advglue
/// merge`: the suite's top-level files (several recipes) or the single recipe's step
/// summary, and the gates.
struct RunClosing {
    var console: any RunConsole
    /// The run's `--out`.
    var base: URL
    var resources: ProjectResources?

    /// Writes `summary.md`, `run.json`, `junit.xml` and the chart of a several-recipe
    /// run (`suite` is its context), or appends the single recipe's step summary.
    func summarise(_ runs: [StreamedRun], suite: ReportContext?) throws {
        if let suite {
            try StreamedRun.writeSuite(runs, context: suite, into: base)
            GitHubStepSummary.append(StepSummary.suite(runs.map(\.part)), console: console)
            console.print("summary: \(base.appending(path: SuiteReport.fileName).path)")
        } else if let only = runs.first {
            GitHubStepSummary.append(StepSummary.attack(only.digest, probe: only.probeNote), console: console)
        }
    }

    /// Throws when a recipe's every example ended in an error: the run measured nothing,
    /// and must not look like a success to a script (its report is written first).
    func refuseAllErrors(_ runs: [StreamedRun]) throws {
        guard
            let failed = runs.first(where: {
                $0.digest.resultCount > 0 && $0.digest.summary.errors == $0.digest.resultCount
            })
        else { return }
        let first = failed.digest.errors.first?.errorMessage ?? "no message"
        throw AdvGlueError(
            .modelFailed,
            "all \(failed.digest.resultCount) examples of \(failed.digest.run.recipe.name) ended in an error, so nothing was measured; the first: \(first)",
            hint: "check the model (its model.log) and the data; the report lists the errors")
    }

    /// Checks each recipe's results against the gate config; throws when a gate fails.
    func checkGates(_ gates: GateConfig, runs: [StreamedRun], single: Bool) throws {
        let subjects = runs.map {
            GateSubject(
                attack: $0.digest, probe: $0.probe.map(ProbeVerdict.init),
                source: single ? base.path : base.appending(path: $0.folder).path)
        }
        try GateRun(console: console).check(gates, subjects: subjects, out: base)
    }
}
