import AdvGlueModels
import AdvGlueRun
import ArgumentParser
import Foundation

extension ScoreKindOption: ExpressibleByArgument {}
extension LLMScoring: ExpressibleByArgument {}

/// `--scores` for KServe models.
enum ScoreKindOption: String, CaseIterable {
    case auto, logits, probabilities
}

/// How advglue talks to `cmd:` and `http(s)://` models; ignored for built-in ones.
struct ModelConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "An HTTP header for http(s):// models, 'Name: value'; 'Name: env:VAR' reads the value from the environment variable VAR. Repeatable. Values other than env: references are redacted from reports; logs never show headers.",
            valueName: "header"))
    var header: [String] = []

    @Option(name: .long, help: ArgumentHelp("Seconds one model request may take before it is retried.", valueName: "s"))
    var timeout: Double = 30

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Retries of a batch the model fails (5xx, or timeouts while other requests succeed) before its examples are recorded as errors.",
            valueName: "n"))
    var retries = 5

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds the model may fail every request (down, restarting, overloaded) before the run stops with exit status 69; resume it with --resume.",
            valueName: "s"))
    var maxOutage: Double = 120

    @Option(
        name: .long, help: ArgumentHelp("The most model requests in flight at once (default: --jobs).", valueName: "n"))
    var maxInFlight: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where a cmd: model's standard error and advglue's retry and restart notes go: a file (appended to), or - for standard error. Default: model.log beside the report for attack, standard error otherwise.",
            valueName: "path"))
    var modelLog: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "KServe input names for the task's fields, comma-separated in field order (default: from the model's metadata, else the field names).",
            valueName: "names"))
    var inputNames: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The KServe output holding the scores (default: the first FP32/FP64 output in the metadata, else in the response).",
            valueName: "name"))
    var outputName: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "What a KServe model's scores are; auto: probabilities when the output's name contains 'prob', else logits.",
            valueName: "kind"))
    var scores: ScoreKindOption = .auto

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The largest reply read from a model, in MiB; a larger one is an error for its examples.",
            valueName: "mib"))
    var maxReplyMb = 64

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The model name an openai: server expects (the request's 'model').", valueName: "name"))
    var llmModel: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A prompts file for openai: models (YAML, docs/llm.md); default: DecodingTrust's zero-shot prompts.",
            valueName: "path"))
    var prompts: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where an openai: model's scores come from: logprobs (the label words' log-probabilities), labels (the answer only; a hard-label search), auto (logprobs when the server gives them).",
            valueName: "mode"))
    var llmScores: LLMScoring = .auto

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Times an openai: model is asked each prompt; the majority answer counts (use with --llm-temperature above 0).",
            valueName: "n"))
    var samples = 1

    @Option(
        name: .long, help: ArgumentHelp("The sampling temperature sent to an openai: model.", valueName: "t"))
    var llmTemperature: Double = 0

    @Option(
        name: .long, help: ArgumentHelp("The most tokens an openai: model's answer may have.", valueName: "n"))
    var maxTokens = 10

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Dollars per million prompt and completion tokens, 'IN,OUT', for the cost estimate and the report.",
            valueName: "in,out"))
    var price: String?

    /// `--price IN,OUT` read; nil without it.
    func parsedPrice() throws(ValidationError) -> TokenPrice? {
        guard let price else { return nil }
        let parts = price.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let input = parts[0], let output = parts[1], input >= 0, output >= 0,
            input.isFinite, output.isFinite
        else {
            throw ValidationError(
                "--price must be two non-negative numbers, dollars per million tokens in and out, such as 0.15,0.60 (got '\(price)')"
            )
        }
        return TokenPrice(promptPerMillion: input, completionPerMillion: output)
    }

    func validate() throws {
        if samples < 1 || samples > 100 { throw ValidationError("--samples must be from 1 to 100 (got \(samples))") }
        if !(llmTemperature >= 0 && llmTemperature <= 2) {
            throw ValidationError("--llm-temperature must be from 0 to 2 (got \(llmTemperature))")
        }
        if maxTokens < 1 || maxTokens > 4096 {
            throw ValidationError("--max-tokens must be from 1 to 4096 (got \(maxTokens))")
        }
        _ = try parsedPrice()
        if maxReplyMb < 1 || maxReplyMb > 4096 {
            throw ValidationError("--max-reply-mb must be from 1 to 4096 (got \(maxReplyMb))")
        }
        for value in header {
            do { _ = try HeaderOption(parsing: value) } catch { throw ValidationError(error.description) }
        }
        if !(timeout > 0 && timeout.isFinite) {
            throw ValidationError("--timeout must be a positive number of seconds (got \(timeout))")
        }
        if retries < 0 { throw ValidationError("--retries must be 0 or more (got \(retries))") }
        if !(maxOutage > 0 && maxOutage.isFinite) {
            throw ValidationError("--max-outage must be a positive number of seconds (got \(maxOutage))")
        }
        if let maxInFlight, maxInFlight < 1 {
            throw ValidationError("--max-in-flight must be at least 1 (got \(maxInFlight))")
        }
    }

    /// The options as command-line arguments, for `advglue bench` to pass to the
    /// `advglue attack` processes it times.
    var arguments: [String] {
        var arguments = header.flatMap { ["--header", $0] }
        arguments += [
            "--timeout", String(timeout), "--retries", String(retries), "--max-outage", String(maxOutage),
            "--scores", scores.rawValue, "--max-reply-mb", String(maxReplyMb),
        ]
        if let maxInFlight { arguments += ["--max-in-flight", String(maxInFlight)] }
        if let modelLog { arguments += ["--model-log", modelLog] }
        if let inputNames { arguments += ["--input-names", inputNames] }
        if let outputName { arguments += ["--output-name", outputName] }
        if let llmModel { arguments += ["--llm-model", llmModel] }
        if let prompts { arguments += ["--prompts", prompts] }
        if let price { arguments += ["--price", price] }
        arguments += [
            "--llm-scores", llmScores.rawValue, "--samples", String(samples), "--llm-temperature",
            String(llmTemperature), "--max-tokens", String(maxTokens),
        ]
        return arguments
    }

    /// Sets how `choice` reaches an external model; `seed` and `--max-in-flight`'s
    /// default come from the run when the model loads.
    func apply(to choice: inout ModelChoice) throws {
        var settings = ConnectionSettings()
        settings.retry.timeout = timeout
        settings.retry.retries = retries
        settings.retry.maxOutage = maxOutage
        settings.headers = try header.map { try HeaderOption(parsing: $0) }
        settings.inputNames =
            inputNames.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        settings.outputName = outputName
        settings.maxReplyBytes = maxReplyMb << 20
        settings.scores =
            switch scores {
            case .auto: nil
            case .logits: .logits
            case .probabilities: .probabilities
            }
        settings.llm.model = llmModel
        settings.llm.promptsFile = prompts
        settings.llm.scoring = llmScores
        settings.llm.samples = samples
        settings.llm.temperature = llmTemperature
        settings.llm.maxTokens = maxTokens
        settings.llm.price = try parsedPrice()
        choice.connection = settings
        choice.maxInFlight = maxInFlight
        choice.log = modelLog
    }
}
