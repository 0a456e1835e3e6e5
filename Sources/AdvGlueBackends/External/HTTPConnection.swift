import AdvGlueModels
import AdvGlueSupport

/// What every HTTP model server backend builds from the connection settings: the
/// transport with the `--header` values read (from the environment for `env:` ones) and
/// the fault-tolerant caller, both redacting those values from everything they write.
///
/// ```swift
/// let (transport, caller) = try HTTPConnection.open(settings: settings, modelName: url.absoluteString, log: log)
/// ```
enum HTTPConnection {
    static func open(settings: ConnectionSettings, modelName: String, log: ModelLog) throws(AdvGlueError) -> (
        transport: HTTPTransport, caller: FaultTolerantCaller
    ) {
        var headers: [(name: String, value: String)] = []
        for header in settings.headers {
            do {
                headers.append((header.name, try header.value()))
            } catch {
                throw AdvGlueError(.usage, error.description, at: .flag("--model \(modelName)"))
            }
        }
        // Every header value is kept out of what is written, env: or literal.
        let redactor = SecretRedactor(headers.map(\.value))
        let transport = HTTPTransport(
            headers: headers, maxInFlight: settings.maxInFlight, timeout: settings.retry.timeout,
            maxReplyBytes: settings.maxReplyBytes, redactor: redactor)
        let caller = FaultTolerantCaller(
            policy: settings.retry, modelName: modelName, log: log, seed: settings.seed, redactor: redactor)
        return (transport, caller)
    }
}
