/// How advglue talks to a model outside its process (a program, a server); filled
/// from the command line and ignored by built-in models.
public struct ConnectionSettings: Sendable {
    public var retry = RetryPolicy()
    /// The most requests in flight at once (`--max-in-flight`).
    public var maxInFlight = 2
    /// HTTP headers (`--header`); `env:` values are read when the model connects.
    public var headers: [HeaderOption] = []
    /// KServe input tensor names for the task's fields, in field order (`--input-names`);
    /// empty to take them from the model's metadata.
    public var inputNames: [String] = []
    /// The KServe output holding the scores (`--output-name`); nil to take it from the
    /// metadata or the response.
    public var outputName: String?
    /// What a KServe model's scores are (`--scores`); nil to decide by the output's name.
    public var scores: ScoreKind?
    /// The largest reply read from a model, in bytes (`--max-reply-mb`, default 64 MiB):
    /// a larger one is an error for the request's examples.
    public var maxReplyBytes = 64 << 20
    /// How a chat model behind an OpenAI-compatible API is prompted and scored.
    public var llm = LLMSettings()
    /// Seeds the retry jitter (`--seed`), and an LLM's sampling.
    public var seed: UInt64 = 0

    public init() {}
}
