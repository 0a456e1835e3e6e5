import AdvGlueBackends
import AdvGlueCorpora
import AdvGlueRun
import ArgumentParser

extension GlueTask: ExpressibleByArgument {}

struct TaskOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The GLUE task.", valueName: "task"))
    var task: GlueTask
}

struct DataOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A data file (.tsv in the glue_data layout, AdvGLUE dev.json, .jsonl) or a glue_data folder. Default: $ADVGLUE_DATA, else the demo corpus.",
            valueName: "path"))
    var data: String?

    @Flag(name: .long, help: "Skip malformed rows instead of stopping; the report counts them.")
    var lenient = false

    @Option(name: .long, help: ArgumentHelp("Use only the first N examples.", valueName: "n"))
    var numExamples: Int?

    func validate() throws {
        if let numExamples, numExamples < 1 {
            throw ValidationError("--num-examples must be at least 1 (got \(numExamples))")
        }
    }

    var choice: DataChoice { DataChoice(path: data, lenient: lenient, numExamples: numExamples) }
}

struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The model under test: \(ModelBackends.help).", valueName: "spec"))
    var model = ModelBackends.defaultSpec

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Divide the model's logits by this defender temperature: 0.001 makes it extremely over-confident, 1000 under-confident.",
            valueName: "t"))
    var modelTemperature: Float?

    func validate() throws {
        if let modelTemperature, !(modelTemperature > 0 && modelTemperature.isFinite) {
            throw ValidationError("--model-temperature must be a positive number (got \(modelTemperature))")
        }
        do {
            _ = try ModelBackends.parse(model)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The model with its connection options.
    func choice(_ connection: ModelConnectionOptions) throws -> ModelChoice {
        var choice = ModelChoice(spec: model, temperature: modelTemperature)
        try connection.apply(to: &choice)
        return choice
    }
}
