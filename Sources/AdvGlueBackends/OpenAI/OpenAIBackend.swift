import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// `--model openai:BASE_URL` with `--llm-model NAME`: a chat model behind an
/// OpenAI-compatible API (OpenAI, vLLM, llama.cpp's server, Ollama, LM Studio, TGI),
/// prompted to answer with a label word. `BASE_URL` is what the server's clients call the
/// base URL, ending in `/v1`; requests go to `BASE_URL/chat/completions`.
public struct OpenAIBackend: ModelBackend {
    public var baseURL: URL

    public static let forms = [
        ModelSpecForm(
            "openai:http://HOST:PORT/v1",
            help: "openai:http(s)://HOST:PORT/v1 (a chat model behind an OpenAI-compatible API; with --llm-model)")
    ]

    public init?(spec text: String) throws(AdvGlueError) {
        guard text.hasPrefix("openai:") else { return nil }
        let url = String(text.dropFirst("openai:".count))
        func problem(_ message: String) -> AdvGlueError {
            AdvGlueError(.usage, "'openai:\(KServeBackend.redacted(url))': \(message)", at: .flag("--model"))
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://"),
            let components = URLComponents(string: url), components.host?.isEmpty == false,
            var base = components.url
        else {
            throw problem("expected openai:http(s)://HOST:PORT/v1, the API's base URL")
        }
        guard components.user == nil, components.password == nil, components.query == nil else {
            throw problem(
                "credentials in the URL would end up in reports; pass them with --header 'Authorization: env:VAR'")
        }
        if base.path.hasSuffix("/chat/completions") {
            throw problem("give the base URL (ending in /v1); advglue adds /chat/completions")
        }
        if base.absoluteString.hasSuffix("/") { base = URL(string: String(base.absoluteString.dropLast())) ?? base }
        baseURL = base
    }

    public var description: String { "openai:\(baseURL.absoluteString)" }
    public var isExternal: Bool { true }

    public func load(for task: GlueTask, context: ModelContext) async throws -> any Classifier {
        try await OpenAIClassifier.connect(
            baseURL: baseURL, task: task, settings: context.connection, log: try context.openLog())
    }
}
