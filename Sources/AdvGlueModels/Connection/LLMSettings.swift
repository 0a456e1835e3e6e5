import AdvGlueText

/// How advglue asks a chat model behind an OpenAI-compatible API (`--model openai:URL`)
/// to classify: which model, which prompts, how answers become scores, how often each
/// prompt is asked, and what tokens cost. Ignored by every other backend.
public struct LLMSettings: Sendable, Equatable {
    /// The server's model name (`--llm-model`), sent as the request's `model`.
    public var model: String?
    /// A prompts file (`--prompts`); nil for the built-in prompts.
    public var promptsFile: String?
    /// Where class scores come from (`--llm-scores`).
    public var scoring: LLMScoring = .auto
    /// Times each prompt is asked (`--samples`); the majority answer counts.
    public var samples = 1
    /// The sampling temperature sent with each request (`--llm-temperature`).
    public var temperature: Double = 0
    /// The most tokens an answer may have (`--max-tokens`).
    public var maxTokens = 10
    /// Alternatives per answer token asked for with logprobs (`top_logprobs`).
    public var topLogprobs = 10
    /// Dollars per million prompt and completion tokens (`--price IN,OUT`); nil for no
    /// cost estimate.
    public var price: TokenPrice?

    public init() {}
}

/// Where an LLM classifier's class scores come from.
public enum LLMScoring: String, Sendable, CaseIterable {
    /// The label an LLM classifier adds after the task's, for answers that name no label
    /// word or several: never the gold label, so such answers count wrong.
    public static let noAnswerLabel = "(no answer)"

    /// Log-probabilities when the server returns them, else hard labels.
    case auto
    /// The label words' log-probabilities at the answer; a server without them is an error.
    case logprobs
    /// Only the label the answer names: one-hot rows, attacked with a hard-label search.
    case labels
}

/// Dollars per million tokens, as API price lists give them.
public struct TokenPrice: Sendable, Equatable, Codable, Hashable {
    public var promptPerMillion: Double
    public var completionPerMillion: Double

    public init(promptPerMillion: Double, completionPerMillion: Double) {
        self.promptPerMillion = promptPerMillion
        self.completionPerMillion = completionPerMillion
    }

    /// The cost of `usage` in dollars.
    public func cost(of usage: TokenUsage) -> Double {
        (Double(usage.promptTokens) * promptPerMillion + Double(usage.completionTokens) * completionPerMillion) / 1e6
    }
}

/// What an LLM classifier asked and was answered, from the responses' `usage`.
public struct TokenUsage: Sendable, Equatable, Codable, Hashable {
    /// Chat-completion requests that got an answer (each sample counts).
    public var requests = 0
    public var promptTokens = 0
    public var completionTokens = 0
    /// Queries (inputs) answered: one per distinct prompt, whatever `--samples` is.
    public var queries = 0
    /// Queries whose (majority) answer named no label, or more than one.
    public var noAnswers = 0
    /// With `--samples` above 1: the summed share of samples that agreed with the
    /// majority answer, over `queries`.
    public var agreementSum = 0.0
    /// The cost at `--price`, in dollars; nil without a price.
    public var cost: Double?

    public init() {}

    /// The usage since `earlier` (what one recipe of a run used).
    public func since(_ earlier: TokenUsage) -> TokenUsage {
        var delta = TokenUsage()
        delta.requests = requests - earlier.requests
        delta.promptTokens = promptTokens - earlier.promptTokens
        delta.completionTokens = completionTokens - earlier.completionTokens
        delta.queries = queries - earlier.queries
        delta.noAnswers = noAnswers - earlier.noAnswers
        delta.agreementSum = agreementSum - earlier.agreementSum
        if let cost, let before = earlier.cost { delta.cost = cost - before } else { delta.cost = cost }
        return delta
    }

    /// The average share of samples that gave the majority answer.
    public var agreementRate: Double? { queries == 0 ? nil : agreementSum / Double(queries) }
}

/// A model that can say what it used in tokens (LLM classifiers).
public protocol TokenCounting: Sendable {
    var tokenUsage: TokenUsage { get }
    /// What asking each input once would use, without asking: prompt tokens estimated
    /// from the prompts' length, completion tokens at their maximum, the cost at
    /// `--price`. A dry pass for the estimate printed before a run.
    func estimatedUsage(for inputs: [TextInput]) -> TokenUsage
}

/// `classifier` or the model it wraps as a ``TokenCounting``; nil for models without tokens.
public func tokenCounter(of classifier: any Classifier) -> (any TokenCounting)? {
    if let counting = classifier as? any TokenCounting { return counting }
    if let scaled = classifier as? TemperatureScaledClassifier { return tokenCounter(of: scaled.inner) }
    if let timed = classifier as? TimedClassifier { return tokenCounter(of: timed.inner) }
    return nil
}
