import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// `--model http(s)://HOST:PORT/v2/models/NAME[/versions/V]`: a model behind a KServe
/// v2 (Open Inference Protocol) REST server.
public struct KServeBackend: ModelBackend {
    public var endpoint: URL

    public init(endpoint: URL) {
        self.endpoint = endpoint
    }

    public static let forms = [
        ModelSpecForm(
            "http://HOST:PORT/v2/models/NAME", help: "http(s)://HOST:PORT/v2/models/NAME (a KServe v2 server)")
    ]

    public init?(spec text: String) throws(AdvGlueError) {
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else { return nil }
        func problem(_ message: String) -> AdvGlueError {
            AdvGlueError(.usage, "'\(Self.redacted(text))': \(message)", at: .flag("--model"))
        }
        guard let components = URLComponents(string: text), let url = components.url, components.host?.isEmpty == false
        else {
            throw problem("not a valid URL")
        }
        guard components.user == nil, components.password == nil else {
            throw problem(
                "credentials in the URL would end up in reports; pass them with --header 'Authorization: env:VAR'")
        }
        guard components.query == nil, components.fragment == nil else {
            throw problem("a KServe model URL has no query or fragment")
        }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: true)
        let shaped =
            parts.count >= 3 && parts[parts.count - 3] == "v2" && parts[parts.count - 2] == "models"
            || parts.count >= 5 && parts[parts.count - 5] == "v2" && parts[parts.count - 4] == "models"
                && parts[parts.count - 2] == "versions"
        guard shaped else {
            throw problem("expected a KServe v2 model URL such as http://127.0.0.1:8080/v2/models/NAME")
        }
        endpoint = url
    }

    /// The URL as messages may show it: user, password and query values replaced, since a
    /// refused `http://user:pass@host` or `?api_key=` URL still holds the secret.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text) else {
            // Not a URL: drop anything that could be credentials (before an @) or a query.
            let cut = text.split(separator: "?", maxSplits: 1).first.map(String.init) ?? text
            guard let at = cut.lastIndex(of: "@"), let scheme = cut.range(of: "://") else { return cut }
            return String(cut[..<scheme.upperBound]) + "REDACTED@" + cut[cut.index(after: at)...]
        }
        if components.user != nil { components.user = "REDACTED" }
        if components.password != nil { components.password = "REDACTED" }
        if let items = components.queryItems {
            components.queryItems = items.map { URLQueryItem(name: $0.name, value: $0.value == nil ? nil : "REDACTED") }
        }
        return components.string ?? "the --model URL"
    }

    public var description: String { endpoint.absoluteString }
    public var isExternal: Bool { true }

    public func load(for task: GlueTask, context: ModelContext) async throws -> any Classifier {
        try await KServeClassifier.connect(
            url: endpoint, task: task, settings: context.connection, log: try context.openLog())
    }
}
