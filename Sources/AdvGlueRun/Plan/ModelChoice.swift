import AdvGlueBackends
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// The model under test: `--model`, `--model-temperature`, and how to reach a model
/// outside this process (the connection options, `--model-log`).
public struct ModelChoice: Sendable {
    /// The `--model` value.
    public var spec: String
    /// The defender temperature the logits are divided by.
    public var temperature: Float?
    /// Headers, timeouts, retries and KServe settings; `seed` and `maxInFlight` are set
    /// from the run at load time.
    public var connection = ConnectionSettings()
    /// `--max-in-flight`; nil for the run's `--jobs`.
    public var maxInFlight: Int?
    /// `--model-log`: a file, `-` for standard error, nil for the command's default.
    public var log: String?

    public init(spec: String = ModelBackends.defaultSpec, temperature: Float? = nil) {
        self.spec = spec
        self.temperature = temperature
    }

    /// The backend `spec` names.
    public var backend: any ModelBackend {
        get throws(AdvGlueError) { try ModelBackends.parse(spec) }
    }

    /// Loads or connects the model for `task`. `seed` seeds retry jitter, `jobs` is the
    /// default for `--max-in-flight`, `defaultLog` is where an external model's log goes
    /// unless `--model-log` says otherwise.
    public func load(
        task: GlueTask, resources: ProjectResources?, seed: UInt64 = 0, jobs: Int = 1,
        defaultLog: ModelLog.Destination = .standardError(prefix: "model: ")
    ) async throws -> any Classifier {
        var connection = connection
        connection.seed = seed
        connection.maxInFlight = maxInFlight ?? max(1, jobs)
        let logDestination: ModelLog.Destination =
            switch log {
            case nil: defaultLog
            case "-": .standardError(prefix: "model: ")
            case let path?: .file(URL(filePath: path))
            }
        let model = try await backend.load(
            for: task, context: ModelContext(resources: resources, connection: connection, log: logDestination))
        return temperature.map { TemperatureScaledClassifier(model, temperature: $0) } ?? model
    }
}
