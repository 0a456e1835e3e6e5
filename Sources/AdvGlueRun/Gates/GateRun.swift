import AdvGlueAttacks
import AdvGlueCorpora
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

    /// Matches the config against the runs about to be made, before any model call:
    /// throws when it could never pass (``GateConfig/check(planned:knownRecipes:)``) and
    /// notes a gate that names an unknown recipe.
    /// A regression gate's baseline must hold a run of each planned task and recipe it
    /// matches, with the run's `seed` when one is given.
    public func checkPlanned(
        _ config: GateConfig, runs: [GateConfig.PlannedRun], seed: UInt64? = nil, resources: ProjectResources?
    ) throws {
        let known = Set((resources.map(RecipeLoader.availableNames) ?? []) + ["advglue"])
        for note in try config.check(planned: runs, knownRecipes: known) { console.note(note) }
        let gates = config.gates.filter(\.needsBaseline)
        guard !gates.isEmpty else { return }
        let baselines = try loadBaselines(config)
        for run in runs {
            guard
                let gate = gates.first(where: {
                    ($0.task == nil || $0.task == run.task) && ($0.recipe == nil || $0.recipe == run.recipe)
                })
            else { continue }
            guard let baseline = baselines.first(where: { $0.task == run.task && $0.recipe == run.recipe }) else {
                throw AdvGlueError(
                    .badConfig,
                    "gate \(gate.name) compares with a baseline, but \(config.baseline.joined(separator: ", ")) holds no run of \(run.task.rawValue)/\(run.recipe)",
                    hint: "point `baseline` at the shipped release's results of the same task and recipe",
                    at: .file(config.file, key: "baseline"))
            }
            if let seed, let theirs = baseline.conditions.first(where: { $0.name == "seed" })?.value,
                theirs != "\(seed)"
            {
                throw AdvGlueError(
                    .badConfig,
                    "the baseline \(baseline.source) was attacked with seed \(theirs), this run with \(seed): their examples cannot be compared",
                    hint: "run with --seed \(theirs)", at: .file(config.file, key: "baseline"))
            }
        }
    }

    /// Every run under the config's `baseline` paths.
    func loadBaselines(_ config: GateConfig) throws -> [PairedRun] {
        var baselines: [PairedRun] = []
        for path in config.baseline {
            do {
                baselines += try SavedRuns.paired(at: URL(filePath: path), console: console).map(\.run)
            } catch let error as AdvGlueError {
                throw AdvGlueError(
                    .badConfig, "baseline \(path): \(error.message)", hint: error.hint,
                    at: .file(config.file, key: "baseline"))
            }
        }
        return baselines
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

    /// Prints every check, writes `gate.md`, `gate.json` and `junit.xml` (one case per check) into
    /// `out`, appends the step summary, and throws ``AdvGlueError/Code/gateFailed`` when a
    /// check failed.
    public func check(_ config: GateConfig, subjects: [GateSubject], out: URL?) throws {
        let subjects = try withBaselines(config, subjects)
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

    /// The subjects a regression gate matches, each compared with the baseline run of its
    /// task and recipe; throws when the two runs cannot be compared (different data,
    /// recipe, seed or filters), naming the difference.
    func withBaselines(_ config: GateConfig, _ subjects: [GateSubject]) throws -> [GateSubject] {
        let gates = config.gates.filter(\.needsBaseline)
        guard !gates.isEmpty else { return subjects }
        let baselines = try loadBaselines(config)
        return try subjects.map { subject in
            guard gates.contains(where: { $0.matches(subject) }) else { return subject }
            var subject = subject
            guard
                let baseline = baselines.first(where: { $0.task == subject.task && $0.recipe == subject.recipe })
            else {
                subject.baselineProblem =
                    "no baseline run of \(subject.task.rawValue)/\(subject.recipe) in \(config.baseline.joined(separator: ", "))"
                return subject
            }
            let candidate = try subject.paired ?? Self.pairedRun(at: subject.source, console: console)
            // An interrupted run fails its gate (the `complete` check); it is not a config error.
            guard candidate.complete, baseline.complete else {
                subject.baselineProblem =
                    "cannot compare with the baseline: \(candidate.complete ? "the baseline \(baseline.source)" : "this run") is incomplete"
                return subject
            }
            do {
                subject.comparison = try RunComparison(baseline: baseline, candidate: candidate)
            } catch let error as AdvGlueError {
                throw AdvGlueError(
                    .badConfig, error.message,
                    hint: "the gate config's `baseline` must be a run of the same data, recipe, seed and filters",
                    at: .file(config.file, key: "baseline"))
            }
            return subject
        }
    }

    /// The paired run saved in `source` (an attack's folder).
    static func pairedRun(at source: String, console: any RunConsole) throws -> PairedRun {
        let results = try AttackBundle.load(from: URL(filePath: source), console: console).results
        return PairedRun(results: results, source: source)
    }
}
