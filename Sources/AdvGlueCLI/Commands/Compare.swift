import AdvGlueRun
import ArgumentParser
import Foundation

struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a candidate's robustness with a baseline's, example by example.",
        discussion: """
            BASELINE and CANDIDATE are saved runs (folders written by `advglue attack` or
            `advglue eval`, or their results.json / eval.json) of the same examples, recipe,
            seed and filters, typically the shipped model and the release candidate. For each
            task and recipe it counts the examples both models withstand, both lose, newly
            broken (robust in the baseline, not in the candidate) and newly fixed; gives the
            change in accuracy under attack with its 95% interval (Newcombe's paired score
            interval) and McNemar's exact one-sided test of "the candidate is less robust";
            and lists the newly broken examples. Runs that differ in data, recipe, seed,
            filters or examples are refused, naming the difference. Runs no model.

            To fail a release on a regression, put `baseline:` and `max_regression` or
            `no_significant_regression` in a gate config (see robustness.example.yaml).

            Exit status: 0 compared (whatever the verdict), 64 runs that cannot be compared,
            66 a run not found, 74 cannot write output.

            Example:
              advglue compare Reports/v1.3/sst2-typo Reports/sst2-typo --out Reports/compare
            """
    )

    @Argument(help: ArgumentHelp("The baseline run (what ships today).", valueName: "baseline"))
    var baseline: String

    @Argument(help: ArgumentHelp("The candidate run (the release being considered).", valueName: "candidate"))
    var candidate: String

    @Option(
        name: .long,
        help: ArgumentHelp("Also write compare.md (for a pull request) and compare.json here.", valueName: "dir"))
    var out: String?

    func run() async throws {
        try CompareRun(
            baseline: baseline, candidate: candidate, out: out.map { URL(filePath: $0, directoryHint: .isDirectory) },
            console: TerminalConsole()
        ).run()
    }
}
