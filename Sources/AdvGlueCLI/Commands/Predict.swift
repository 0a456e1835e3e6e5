import AdvGlueRun
import ArgumentParser

struct Predict: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score a dataset with a model and print its benign accuracy.",
        discussion: "Example:\n  advglue predict --task sst2 --data ../shared/corpora/glue_data"
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Inputs per model call.", valueName: "n"))
    var batchSize = 64

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write one JSON line per example (id, label, prediction, logits, fields) to this file, for checking another tool's copy of the model.",
            valueName: "file"))
    var output: String?

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
    }

    func run() async throws {
        try await PredictRun(
            task: taskOptions.task, data: data.choice, model: try model.choice(connection), batchSize: batchSize,
            output: output,
            console: TerminalConsole()
        ).run()
    }
}
