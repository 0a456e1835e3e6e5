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
    public var console: any RunConsole

    public init(results: String, formats: Set<OutputFormat>, out: String?, console: any RunConsole) {
        self.results = results
        self.formats = formats
        self.out = out
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
        switch run {
        case .attack(let folder): (folder, try AttackBundle.load(from: folder, console: console).files(formats))
        case .suite(let folder, let context):
            (folder, try SuiteBundle.load(from: folder, context: context, console: console).files(formats))
        case .eval(let folder): (folder, try EvalBundle.load(from: folder).files(formats))
        case .probe(let folder): (folder, try ProbeBundle.load(from: folder).files(formats))
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

    public func run() throws {
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
        var output = OutputFiles()
        let url = URL(filePath: out)
        output.add(url.lastPathComponent, AnnotationCSV.render(files))
        try output.write(to: url.deletingLastPathComponent())
        let count = files.map { $0.results.filter { $0.outcome == .successful }.count }.reduce(0, +)
        console.print("wrote \(count) adversarial examples from \(files.count) runs to \(out)")
    }
}
