import AdvGlueRun
import ArgumentParser

struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect and export models.",
        subcommands: [Export.self]
    )

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case json
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a lexical model as JSON: {labels, vocab, weights, bias, featurization}.",
            discussion: "Example:\n  advglue model export --task sst2 --format json --output sst2.json"
        )

        @OptionGroup var taskOptions: TaskOptions
        // Its own `--model`, not ModelOptions: only lexical models export, so the
        // default is the lexical model rather than the tool's default victim.
        @Option(
            name: .long,
            help: ArgumentHelp("The model to export: builtin:lexical or lexical:PATH.", valueName: "spec"))
        var model = "builtin:lexical"

        @Option(name: .long, help: "The export format.")
        var format: ExportFormat = .json

        @Option(name: .long, help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
        var output: String?

        func run() async throws {
            try ModelExportRun(
                task: taskOptions.task, spec: model, output: output, console: TerminalConsole()
            ).run()
        }
    }
}
