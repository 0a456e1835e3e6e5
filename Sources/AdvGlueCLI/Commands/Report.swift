import AdvGlueRun
import ArgumentParser

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

            With --annotations, people's verdicts from a filled-in `advglue export --annotation`
            CSV are saved beside each attack run (human-validation.json) and reported: accuracy
            under attack over the examples people judged valid, as AdvGLUE computed it, and
            Cohen's kappa between the validity filters and the people.

            Examples:
              advglue report Reports/sst2-typo --format csv,junit
              advglue report Reports/sst2-pwws --annotations annotate-sst2.csv
              advglue report Reports/eval-advglue/eval.json --out /tmp/again
            """
    )

    @Argument(
        help: ArgumentHelp(
            "A folder of saved results, or a results.json, eval.json or probe.json.", valueName: "results"))
    var results: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Formats to write, comma-separated: md, json, csv, junit, svg (default: all).", valueName: "formats"))
    var format = "md,json,csv,junit,svg"

    @Option(
        name: .long, help: ArgumentHelp("Folder to write into (default: the results' own folder).", valueName: "dir"))
    var out: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A CSV `advglue export --annotation` wrote, with people's verdicts filled in: adds human-validated robust accuracy and the filters' agreement with the people (Cohen's kappa) to each attack report.",
            valueName: "csv"))
    var annotations: String?

    func validate() throws {
        if OutputFormat.parse(format) == nil {
            throw ValidationError(
                "--format '\(format)': expected a comma-separated list of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }

    func run() async throws {
        try ReportRun(
            results: results, formats: OutputFormat.parse(format)!, out: out, annotations: annotations,
            console: TerminalConsole()
        ).run()
    }
}
