import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// `advglue report`: every file of a saved run drawn again from its results and
/// `run.json` alone, byte-identical to what the run wrote. No model runs.
///
/// ```swift
/// try ReportRun(results: "Reports/sst2-typo", formats: [.csv, .junit], out: nil, console: console).run()
/// ```
public struct ReportRun {
    /// A folder of saved results, or a results.json, eval.json or probe.json.
    public var results: String
    public var formats: Set<OutputFormat>
    /// Where to write; nil for the results' own folder.
    public var out: String?
    /// A CSV `advglue export --annotation` wrote and people filled in: their verdicts are
    /// saved beside each attack run's results (`human-validation.json`) and reported.
    public var annotations: String?
    public var console: any RunConsole

    public init(
        results: String, formats: Set<OutputFormat>, out: String?, annotations: String? = nil,
        console: any RunConsole
    ) {
        self.results = results
        self.formats = formats
        self.out = out
        self.annotations = annotations
        self.console = console
    }

    public func run() throws {
        let runs = try SavedRuns.runs(under: URL(filePath: results))
        if runs.isEmpty {
            throw AdvGlueError(.notFound, "\(results): no saved results (results.json, eval.json or probe.json) found")
        }
        if out != nil, runs.count > 1 {
            throw AdvGlueError(
                .usage, "--out: \(results) holds \(runs.count) saved runs; give one of them, or leave out --out")
        }
        for run in runs {
            let (source, files) = try render(run)
            let folder = out.map { URL(filePath: $0, directoryHint: .isDirectory) } ?? source
            try files.write(to: folder)
            for file in files.files { console.print(folder.appending(path: file.name).path) }
        }
    }

    private func render(_ run: SavedRuns.Kind) throws -> (URL, OutputFiles) {
        let verdicts = try annotations.map { try HumanVerdicts.read($0) }
        switch run {
        case .attack(let folder):
            var bundle = try AttackBundle.load(from: folder, console: console)
            if let verdicts { bundle.human = try verdicts.file(for: bundle.results) }
            return (folder, try bundle.files(formats.union(verdicts == nil ? [] : [.json, .md])))
        case .suite(let folder, let context):
            var suite = try SuiteBundle.load(from: folder, context: context, console: console)
            if let verdicts {
                for i in suite.parts.indices {
                    suite.parts[i].bundle.human = try verdicts.file(for: suite.parts[i].bundle.results)
                }
            }
            return (folder, try suite.files(formats.union(verdicts == nil ? [] : [.json, .md])))
        case .eval(let folder): return (folder, try EvalBundle.load(from: folder).files(formats))
        case .probe(let folder): return (folder, try ProbeBundle.load(from: folder).files(formats))
        }
    }
}

/// `advglue export --annotation`: every successful adversarial example of saved attack
/// results in a CSV for people to judge, as AdvGLUE had them checked.
public struct ExportRun {
    public var results: [String]
    public var out: String
    public var console: any RunConsole

    public init(results: [String], out: String, console: any RunConsole) {
        self.results = results
        self.out = out
        self.console = console
    }

    public func run() async throws {
        var files: [ResultsFile] = []
        for path in results {
            for run in try SavedRuns.runs(under: URL(filePath: path)) {
                switch run {
                case .attack(let folder): files.append(try AttackBundle.load(from: folder, console: console).results)
                case .suite(let folder, let context):
                    files += try SuiteBundle.load(from: folder, context: context, console: console).parts.map(
                        \.bundle.results)
                case .eval, .probe: continue
                }
            }
        }
        if files.isEmpty {
            throw AdvGlueError(.notFound, "no attack results (results.json) under \(results.joined(separator: ", "))")
        }
        let verdicts = try await Self.filtersVerdicts(files)
        var output = OutputFiles()
        let url = URL(filePath: out)
        output.add(url.lastPathComponent, AnnotationCSV.render(files, verdicts: verdicts))
        try output.write(to: url.deletingLastPathComponent())
        let count = files.map { $0.results.filter { $0.outcome == .successful }.count }.reduce(0, +)
        console.print("wrote \(count) adversarial examples from \(files.count) runs to \(out)")
    }

    /// What the validity filters make of each success (`advglue validate`'s judgement), so
    /// people's verdicts can be compared with theirs.
    static func filtersVerdicts(_ files: [ResultsFile]) async throws -> [String: AnnotationCSV.FiltersVerdict] {
        var validators: [GlueTask: ExampleValidator] = [:]
        var verdicts: [String: AnnotationCSV.FiltersVerdict] = [:]
        for file in files {
            let task = file.run.task
            if validators[task] == nil {
                validators[task] = try ExampleValidator.advglue(task: task, resources: RunEnvironment.resources)
            }
            for result in file.results where result.outcome == .successful {
                guard let perturbed = result.perturbed else { continue }
                let verdict = try await validators[task]!.judge(original: result.original, perturbed: perturbed)
                verdicts[
                    AnnotationCSV.key(task: task.rawValue, recipe: file.run.recipe.name, exampleID: result.exampleID)] =
                    AnnotationCSV.FiltersVerdict(
                        valid: verdict.accepted,
                        reasons: verdict.reasons.map { "\($0.filter): \($0.detail)" }.joined(separator: "; "))
            }
        }
        return verdicts
    }
}
