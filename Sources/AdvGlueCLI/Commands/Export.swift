import AdvGlueRun
import ArgumentParser

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export successful adversarial examples as a CSV for human validation.",
        discussion: """
            Reads saved attack results (folders or results.json files; folders are searched)
            and writes every successful adversarial example with its original, the perturbed
            text, the changes, the gold label and the recipe, what the validity filters make of
            it (filters_verdict, filters_reasons), plus blank verdict, human_label and comment
            columns for annotators (as AdvGLUE had people check every example; verdicts:
            valid, invalid, unsure). `advglue report RESULTS --annotations FILLED.csv` reads
            the verdicts back into the report.

            Example:
              advglue export --annotation Reports/sst2 --out annotate-sst2.csv
            """
    )

    @Flag(name: .long, help: "Write the human-validation CSV (the one export so far).")
    var annotation = false

    @Argument(help: ArgumentHelp("Saved attack results: folders or results.json files.", valueName: "results"))
    var results: [String]

    @Option(name: .long, help: ArgumentHelp("The CSV file to write.", valueName: "path"))
    var out: String

    func validate() throws {
        if !annotation { throw ValidationError("say what to export: --annotation") }
        if results.isEmpty { throw ValidationError("give at least one folder or results.json of saved attack results") }
    }

    func run() async throws {
        try await ExportRun(results: results, out: out, console: TerminalConsole()).run()
    }
}
