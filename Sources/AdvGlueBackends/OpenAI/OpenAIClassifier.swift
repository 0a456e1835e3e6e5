import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation
import Synchronization

/// A prompted chat model behind an OpenAI-compatible chat-completions endpoint used as a
/// classifier: each input becomes the task's prompt (``LLMPrompt``), the answer becomes
/// a row over the task's labels plus ``LLMAnswerReader/noAnswerLabel``.
///
/// ```swift
/// var settings = ConnectionSettings()
/// settings.llm.model = "smollm2"
/// let model = try await OpenAIClassifier.connect(
///     baseURL: URL(string: "http://127.0.0.1:8081/v1")!, task: .sst2, settings: settings,
///     log: ModelLog(.standardError(prefix: "model: ")))
/// let rows = try await model.logits(for: [TextInput([("sentence", "a fine film")])])
/// ```
///
/// The inputs of a batch are asked concurrently up to `--max-in-flight` (the transport's
/// limit), each input's samples one after another; an input already answered is not asked
/// again (a memo shared by the whole
/// run, on top of each example's own); 429 and 5xx answers are retried with backoff and
/// `Retry-After` (``FaultTolerantCaller``).
public final class OpenAIClassifier: Classifier, TokenCounting {
    public let labels: [String]
    public let outputs: ScoreKind
    public let identity: ModelIdentity
    public let prompt: LLMPrompt
    let settings: LLMSettings
    let modelName: String
    let seed: UInt64
    let reader: LLMAnswerReader
    let chatURL: URL
    let transport: HTTPTransport
    let caller: FaultTolerantCaller
    private let usage = Mutex(TokenUsage())
    private let memo = Mutex(BoundedMemo<TextInput, [Float]>(limit: 50_000))

    private init(
        prompt: LLMPrompt, settings: LLMSettings, modelName: String, seed: UInt64, outputs: ScoreKind,
        identity: ModelIdentity, chatURL: URL, transport: HTTPTransport, caller: FaultTolerantCaller
    ) {
        self.prompt = prompt
        self.settings = settings
        self.modelName = modelName
        self.seed = seed
        self.outputs = outputs
        self.identity = identity
        self.chatURL = chatURL
        self.transport = transport
        self.caller = caller
        reader = LLMAnswerReader(labelWords: prompt.labelWords)
        labels = prompt.task.labelNames + [LLMAnswerReader.noAnswerLabel]
    }

    /// Prompt tokens per character of prompt text, measured on the connection's question
    /// (the server's own tokenizer); 0.25 until then.
    private let tokensPerCharacter = Mutex(0.25)

    public func estimatedUsage(for inputs: [TextInput]) -> TokenUsage {
        let rate = tokensPerCharacter.withLock { $0 }
        let samples = max(1, settings.samples)
        var estimate = TokenUsage()
        for input in inputs {
            let characters = prompt.messages(for: input).reduce(0) { $0 + $1.content.count }
            estimate.promptTokens += Int((Double(characters) * rate).rounded(.up)) * samples
        }
        estimate.requests = inputs.count * samples
        estimate.queries = inputs.count
        estimate.completionTokens = inputs.count * samples * settings.maxTokens
        estimate.cost = settings.price?.cost(of: estimate)
        return estimate
    }

    public var tokenUsage: TokenUsage {
        var value = usage.withLock { $0 }
        value.cost = settings.price?.cost(of: value)
        return value
    }

    /// Loads the prompt, then asks the model one question (retrying while the server
    /// starts, up to `--max-outage`) to check that it answers and, for `--llm-scores
    /// auto`, whether it gives log-probabilities.
    public static func connect(baseURL: URL, task: GlueTask, settings: ConnectionSettings, log: ModelLog)
        async throws -> OpenAIClassifier
    {
        let spec = "openai:\(baseURL.absoluteString)"
        let llm = settings.llm
        guard let modelName = llm.model else {
            throw AdvGlueError(
                .usage, "an openai: model needs --llm-model NAME, the model name the server expects",
                at: .flag("--llm-model"))
        }
        let prompt =
            try llm.promptsFile.map { path throws(AdvGlueError) in try LLMPrompt.load(file: path, task: task) }
            ?? LLMPrompt.builtin(for: task)
        let (transport, caller) = try HTTPConnection.open(settings: settings, modelName: spec, log: log)
        let chatURL = baseURL.appending(path: "chat/completions")
        let probe = OpenAIClassifier(
            prompt: prompt, settings: llm, modelName: modelName, seed: settings.seed, outputs: .logits,
            identity: ModelIdentity(spec: spec, description: ""), chatURL: chatURL, transport: transport,
            caller: caller)
        // One question before the run: a server that is down, a wrong model name or an
        // endpoint that is not chat completions fails here, not on every example.
        let question = TextInput(task.fieldNames.map { ($0, "test") })
        let answer: OpenAIMessages.Answer
        do {
            answer = try await probe.ask(question, sample: 0, logprobs: llm.scoring != .labels)
        } catch let error as AdvGlueError where error.code == .modelFailed {
            throw AdvGlueError(
                .badData, "the model at \(spec) does not answer chat completions: \(error.message)",
                hint: "check the URL (it ends in /v1) and --llm-model", at: .flag("--model \(spec)"))
        }
        let hasLogprobs = answer.tokens?.contains { !$0.alternatives.isEmpty } ?? false
        let outputs: ScoreKind
        switch llm.scoring {
        case .labels: outputs = .labels
        case .auto: outputs = hasLogprobs ? .logits : .labels
        case .logprobs:
            guard hasLogprobs else {
                throw AdvGlueError(
                    .badData,
                    "the server at \(spec) returns no log-probabilities (logprobs, top_logprobs); use --llm-scores labels for a hard-label attack",
                    at: .flag("--llm-scores logprobs"))
            }
            outputs = .logits
        }
        if llm.scoring == .auto && !hasLogprobs {
            log.write("the server returns no log-probabilities: scoring with hard labels")
        }
        let scoring = outputs == .labels ? "hard labels" : "label-word log-probabilities"
        let samples = llm.samples > 1 ? ", majority of \(llm.samples) samples" : ""
        let description =
            "chat model \(modelName) at \(baseURL.absoluteString), prompt \(prompt.source) sha256:\(prompt.sha256.prefix(12)), "
            + "\(scoring)\(samples), temperature \(Format.number(llm.temperature)), max \(llm.maxTokens) tokens"
        let classifier = OpenAIClassifier(
            prompt: prompt, settings: llm, modelName: modelName, seed: settings.seed, outputs: outputs,
            identity: ModelIdentity(spec: spec, description: description, checksum: prompt.sha256), chatURL: chatURL,
            transport: transport, caller: caller)
        let characters = prompt.messages(for: question).reduce(0) { $0 + $1.content.count }
        if answer.promptTokens > 0, characters > 0 {
            // Chat templates add a few tokens per message; they are counted in the rate.
            classifier.tokensPerCharacter.withLock { $0 = Double(answer.promptTokens) / Double(characters) }
        }
        classifier.usage.withLock {
            $0.requests = 1
            $0.promptTokens = answer.promptTokens
            $0.completionTokens = answer.completionTokens
        }
        return classifier
    }

    public func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask { (index, try await self.row(for: input)) }
            }
            var rows = [[Float]](repeating: [], count: inputs.count)
            for try await (index, row) in group { rows[index] = row }
            return rows
        }
    }

    /// One input's row: its samples asked, their answers parsed, the majority taken.
    func row(for input: TextInput) async throws -> [Float] {
        if let known = memo.withLock({ $0.value(for: input) }) { return known }
        let count = max(1, settings.samples)
        var answers: [OpenAIMessages.Answer] = []
        for sample in 0..<count {
            answers.append(try await ask(input, sample: sample, logprobs: outputs != .labels))
        }
        let labelsNamed = answers.map { reader.label(in: $0.text) }
        let vote = LLMVote.majority(labelsNamed, labels: prompt.labelWords.count)
        let row: [Float]
        if count > 1 {
            row = LLMVote.row(labelsNamed, labels: prompt.labelWords.count)
        } else if outputs == .labels {
            row = reader.row(label: vote.label)
        } else {
            // Logprobs were asked and the probe saw them; an answer without any (a server
            // that stops sending them) is scored by its label alone, never dropped.
            row = reader.row(label: vote.label, tokens: answers[0].tokens ?? []) ?? reader.row(label: vote.label)
        }
        usage.withLock {
            $0.queries += 1
            if vote.label == nil { $0.noAnswers += 1 }
            $0.agreementSum += vote.agreement
        }
        memo.withLock { $0.insert(row, for: input) }
        return row
    }

    /// One chat-completions request, retried under the run's policy.
    func ask(_ input: TextInput, sample: Int, logprobs: Bool) async throws -> OpenAIMessages.Answer {
        let request = OpenAIMessages.ChatRequest(
            model: modelName,
            messages: prompt.messages(for: input).map { OpenAIMessages.Message(role: $0.role, content: $0.content) },
            temperature: settings.temperature, maxTokens: settings.maxTokens,
            // A seed per sample: samples differ from each other but not between runs.
            seed: (seed &+ UInt64(sample)) & 0x7fff_ffff, logprobs: logprobs ? true : nil,
            topLogprobs: logprobs ? settings.topLogprobs : nil)
        let body = try JSONEncoder().encode(request)
        let answer = try await caller.perform("a chat completion") {
            () async throws(ModelCallFailure) -> OpenAIMessages.Answer in
            let response = try await transport.post(chatURL, json: body)
            return try OpenAIMessages.answer(from: response)
        }
        usage.withLock {
            $0.requests += 1
            $0.promptTokens += answer.promptTokens
            $0.completionTokens += answer.completionTokens
        }
        return answer
    }
}
