import AdvGlueGates
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// Loading a gate config and checking results against it, for `advglue gate` and for
/// `attack`, `merge` and `eval` with `--gate`.
///
/// ```swift
/// let gates = try GateRun.loadConfig("robustness.yaml")
/// try GateRun(console: console).check(gates, subjects: subjects, out: folder)  // throws .gateFailed
/// ```
public struct GateRun {
    public var console: any RunConsole

    public init(console: any RunConsole) {
        self.console = console
    }

    /// The config, or a ``AdvGlueError/Code/badConfig`` error naming it.
    public static func loadConfig(_ path: String) throws -> GateConfig {
        do {
            return try GateConfig.load(URL(filePath: path))
        } catch {
            throw error.within("gate config")
        }
    }

    /// `advglue gate`: checks saved results (folders or files; default: the config's
    /// `results`) against the config at `path`. Runs no model.
    public func checkSaved(config path: String, results: [String], out: URL?) throws {
        let gates = try Self.loadConfig(path)
        let paths = results.isEmpty ? gates.results : results
        guard !paths.isEmpty else {
            throw AdvGlueError(
                .usage,
                "no results to check: pass folders or files after --config, or list them under `results:` in \(path)")
        }
        var subjects: [GateSubject] = []
        for path in paths { subjects += try SavedRuns.subjects(at: URL(filePath: path), console: console) }
        try check(gates, subjects: subjects, out: out)
    }

    /// Prints every check, writes `gate.md`, `gate.json` and `gate-junit.xml` into
    /// `out`, appends the step summary, and throws ``AdvGlueError/Code/gateFailed`` when a
    /// check failed.
    public func check(_ config: GateConfig, subjects: [GateSubject], out: URL?) throws {
        let evaluation = GateEvaluation(config: config, subjects: subjects)
        if evaluation.checks.isEmpty {
            let matched = Set(subjects.map { "\($0.task.rawValue)/\($0.recipe)" }).sorted().joined(separator: ", ")
            throw AdvGlueError(.badConfig, "no gate in \(config.file) matches the results (\(matched))")
        }
        for line in GateReport.lines(evaluation) { console.print(line) }
        if let out {
            var files = OutputFiles()
            files.add(GateReport.markdownFileName, GateReport.markdown(evaluation))
            files.add(GateReport.jsonFileName, try evaluation.encoded())
            files.add(GateReport.junitFileName, GateReport.junit(evaluation).render())
            do {
                try files.write(to: out)
            } catch let error as AdvGlueError {
                throw error.coded(.badConfig)
            }
            console.print("gate report: \(out.appending(path: GateReport.markdownFileName).path)")
        }
        GitHubStepSummary.append(GateReport.markdown(evaluation, heading: "###"), console: console)
        if !evaluation.passed {
            let failures = evaluation.failures
            let first = failures[0]
            let subject = first.task.map { " [\($0)\(first.recipe.map { "/" + $0 } ?? "")]" } ?? ""
            throw AdvGlueError(
                .gateFailed,
                "\(failures.count) gate check\(failures.count == 1 ? "" : "s") failed; first: \(first.gate)\(subject) \(first.check): \(first.message)"
            )
        }
    }
}
