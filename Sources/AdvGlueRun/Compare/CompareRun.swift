import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// `advglue compare BASELINE CANDIDATE`: two saved runs of the same examples, recipe and
/// seed, compared example by example (``RunComparison``), printed, written as
/// `compare.md` and `compare.json` with `--out`, and appended to the step summary.
/// Runs no model. Folders holding several recipes (or an AdvGLUE evaluation's tasks)
/// are paired by task and recipe.
///
/// ```swift
/// let comparisons = try CompareRun(baseline: "Reports/v1", candidate: "Reports/v2", out: nil, console: console).run()
/// ```
public struct CompareRun {
    public var baseline: String
    public var candidate: String
    public var out: URL?
    public var console: any RunConsole

    public init(baseline: String, candidate: String, out: URL?, console: any RunConsole) {
        self.baseline = baseline
        self.candidate = candidate
        self.out = out
        self.console = console
    }

    @discardableResult
    public func run() throws -> [RunComparison] {
        let baseRuns = try SavedRuns.paired(at: URL(filePath: baseline), console: console)
        let candRuns = try SavedRuns.paired(at: URL(filePath: candidate), console: console)
        let pairs = try Self.pair(baseRuns.map(\.run), candRuns.map(\.run))
        var comparisons: [RunComparison] = []
        var markdown: [String] = []
        for (b, c) in pairs {
            let comparison = try RunComparison(baseline: baseRuns[b].run, candidate: candRuns[c].run)
            comparisons.append(comparison)
            for line in CompareReport.lines(comparison) { console.print(line) }
            markdown.append(CompareReport.markdown(comparison, examples: candRuns[c].examples))
        }
        if let out {
            var files = OutputFiles()
            files.add(CompareReport.markdownFileName, markdown.joined(separator: "\n"))
            files.add(CompareReport.jsonFileName, try JSONFiles.encode(comparisons))
            try files.write(to: out)
            console.print("comparison: \(out.appending(path: CompareReport.markdownFileName).path)")
        }
        for (c, comparison) in zip(pairs.map(\.1), comparisons) {
            GitHubStepSummary.append(
                CompareReport.markdown(comparison, examples: candRuns[c].examples, heading: "###"), console: console)
        }
        return comparisons
    }

    /// Index pairs of runs with the same task and recipe. One run on each side is
    /// compared whatever its recipe, so a difference is named rather than unmatched.
    static func pair(_ baseline: [PairedRun], _ candidate: [PairedRun]) throws -> [(Int, Int)] {
        if baseline.count == 1, candidate.count == 1 { return [(0, 0)] }
        func key(_ run: PairedRun) -> String { "\(run.task.rawValue)/\(run.recipe)" }
        let candidates = Dictionary(candidate.enumerated().map { (key($1), $0) }, uniquingKeysWith: { a, _ in a })
        let pairs = baseline.enumerated().compactMap { i, run in candidates[key(run)].map { (i, $0) } }
        let paired = Set(pairs.map { key(baseline[$0.0]) })
        let unmatched = (baseline + candidate).map(key).filter { !paired.contains($0) }
        guard !pairs.isEmpty else {
            throw AdvGlueError(
                .usage,
                "nothing to compare: the baseline holds \(baseline.map(key).joined(separator: ", ")) and the candidate \(candidate.map(key).joined(separator: ", "))",
                hint: "compare runs of the same task and recipe")
        }
        if !unmatched.isEmpty {
            throw AdvGlueError(
                .usage,
                "runs without a counterpart: \(Array(Set(unmatched)).sorted().joined(separator: ", ")); both sides must hold the same tasks and recipes",
                hint: "pass the folders of the two runs to compare (a recipe's own folder compares just that recipe)")
        }
        return pairs
    }
}

extension SavedRuns {
    /// Every run under `url` as a paired run, with the cells of its non-robust examples.
    static func paired(at url: URL, console: any RunConsole) throws -> [(
        run: PairedRun, examples: [String: CompareReport.ExampleCells]
    )] {
        let runs = try runs(under: url)
        var out: [(run: PairedRun, examples: [String: CompareReport.ExampleCells])] = []
        for run in runs {
            switch run {
            case .attack(let folder):
                let results = try AttackBundle.load(from: folder, console: console).results
                out.append((PairedRun(results: results, source: folder.path), CompareReport.examples(results)))
            case .suite(let folder, let context):
                for part in try SuiteBundle.load(from: folder, context: context, console: console).parts {
                    let results = part.bundle.results
                    out.append(
                        (
                            PairedRun(results: results, source: folder.appending(path: part.folder).path),
                            CompareReport.examples(results)
                        ))
                }
            case .eval(let folder):
                let eval = try EvalBundle.load(from: folder).eval
                for task in eval.tasks {
                    out.append((PairedRun(eval: eval, task: task, source: folder.path), CompareReport.examples(task)))
                }
            case .probe:
                continue
            }
        }
        if out.isEmpty {
            throw AdvGlueError(.notFound, "\(url.path): no saved results (results.json or eval.json) found")
        }
        return out
    }
}
