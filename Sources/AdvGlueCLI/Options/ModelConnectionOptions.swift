import AdvGlueModels
import AdvGlueRun
import ArgumentParser
import Foundation

extension ScoreKindOption: ExpressibleByArgument {}

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

    func validate() throws {
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
        choice.connection = settings
        choice.maxInFlight = maxInFlight
        choice.log = modelLog
    }
}
