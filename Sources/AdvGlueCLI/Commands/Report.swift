import AdvGlueReports
import ArgumentParser
import Foundation

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerate reports from saved results without re-running the model.",
        discussion: """
            RESULTS is a folder written by `advglue attack`, `advglue eval` or `advglue probe`
            (or its results.json / eval.json / probe.json); a folder holding none is searched
            for them. Every file is drawn from the saved results and run.json alone, so the
            output is byte-identical to what the run wrote.

            Formats: md (report.md, summary.md, probe.md), json (results and run.json,
            re-encoded), csv (TextAttack's columns), junit (junit.xml), svg (charts).

            Examples:
              advglue report Reports/sst2-typo --format csv,junit
              advglue report Reports/eval-advglue/eval.json --out /tmp/again
            """
    )

    @Argument(help: ArgumentHelp("A folder of saved results, or a results.json, eval.json or probe.json.", valueName: "results"))
    var results: String

    @Option(name: .long, help: ArgumentHelp("Formats to write, comma-separated: md, json, csv, junit, svg (default: all).", valueName: "formats"))
    var format = "md,json,csv,junit,svg"

    @Option(name: .long, help: ArgumentHelp("Folder to write into (default: the results' own folder).", valueName: "dir"))
    var out: String?

    func validate() throws {
        if OutputFormat.parse(format) == nil {
            throw ValidationError("--format '\(format)': expected a comma-separated list of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let formats = OutputFormat.parse(format)!
        let runs = try SavedRuns.runs(under: URL(filePath: results))
        if runs.isEmpty {
            throw CommandFailure(message: "\(results): no saved results (results.json, eval.json or probe.json) found", status: .noInput)
        }
        if out != nil, runs.count > 1 {
            throw CommandFailure(message: "--out: \(results) holds \(runs.count) saved runs; give one of them, or leave out --out", status: .usage)
        }
        for run in runs {
            let (source, files) = try render(run, formats: formats)
            let folder = out.map { URL(filePath: $0, directoryHint: .isDirectory) } ?? source
            try files.write(to: folder)
            for file in files.files { print(folder.appending(path: file.name).path) }
        }
    }

    func render(_ run: SavedRuns.Kind, formats: Set<OutputFormat>) throws -> (URL, OutputFiles) {
        switch run {
        case .attack(let folder): return (folder, try AttackBundle.load(from: folder).files(formats))
        case .suite(let folder, let context): return (folder, try SuiteBundle.load(from: folder, context: context).files(formats))
        case .eval(let folder): return (folder, try EvalBundle.load(from: folder).files(formats))
        case .probe(let folder): return (folder, try ProbeBundle.load(from: folder).files(formats))
        }
    }
}
