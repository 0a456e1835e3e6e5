import AdvGlueCorpora
import AdvGlueModels

/// Connects the external kinds of `--model`.
///
/// ```swift
/// let spec = try ModelSpec(parsing: "http://127.0.0.1:8080/v2/models/sst2")
/// let model = try await ExternalModels.connect(spec, task: .sst2, settings: settings, log: log)
/// ```
public enum ExternalModels {
    public static func connect(_ spec: ModelSpec, task: GlueTask, settings: ExternalModelSettings, log: ModelLog) async throws -> any Classifier {
        switch spec {
        case .command(let words):
            return try await SubprocessClassifier.connect(command: words, task: task, settings: settings, log: log)
        case .kserve(let url):
            return try await KServeClassifier.connect(url: url, task: task, settings: settings, log: log)
        case .builtinLexical, .lexicalFile, .builtinMiniLM, .miniLMFile:
            preconditionFailure("\(spec) is a local model; load it with ModelSpec.load")
        }
    }

    /// Stops a subprocess model's process (a no-op for other models).
    public static func shutdown(_ classifier: any Classifier) async {
        if let subprocess = classifier as? SubprocessClassifier { await subprocess.shutdown() }
        if let scaled = classifier as? TemperatureScaledClassifier { await shutdown(scaled.inner) }
    }
}
