import Foundation

/// The parts of OpenAI's chat-completions API (`POST /v1/chat/completions`) that advglue
/// sends and reads; llama.cpp's server, vLLM, Ollama, LM Studio and TGI speak the same.
enum OpenAIMessages {
    struct Message: Codable {
        var role: String
        var content: String
    }

    struct ChatRequest: Encodable {
        var model: String
        var messages: [Message]
        var temperature: Double
        var maxTokens: Int
        var seed: UInt64?
        var logprobs: Bool?
        var topLogprobs: Int?

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature, seed, logprobs
            case maxTokens = "max_tokens"
            case topLogprobs = "top_logprobs"
        }
    }

    struct ChatResponse: Decodable {
        var choices: [Choice]
        var usage: Usage?
    }

    struct Choice: Decodable {
        var message: Message?
        var logprobs: Logprobs?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message, logprobs
            case finishReason = "finish_reason"
        }
    }

    struct Logprobs: Decodable {
        var content: [TokenLogprob]?
    }

    struct TokenLogprob: Decodable {
        var token: String
        var logprob: Double
        var topLogprobs: [TopLogprob]?

        enum CodingKeys: String, CodingKey {
            case token, logprob
            case topLogprobs = "top_logprobs"
        }
    }

    struct TopLogprob: Decodable {
        var token: String
        var logprob: Double
    }

    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    /// What one request got back: the answer text, its tokens where logprobs were asked
    /// and given, and the token counts.
    struct Answer: Sendable {
        var text: String
        var tokens: [AnswerToken]?
        var promptTokens: Int
        var completionTokens: Int
    }

    /// Reads a chat-completions response; a malformed one is a permanent failure.
    static func answer(from body: Data) throws(ModelCallFailure) -> Answer {
        let response: ChatResponse
        do {
            response = try JSONDecoder().decode(ChatResponse.self, from: body)
        } catch {
            throw ModelCallFailure(
                .permanent, "the response is not a chat completion: \(KServeMessages.snippet(body))")
        }
        guard let choice = response.choices.first else {
            throw ModelCallFailure(.permanent, "the chat completion has no choices: \(KServeMessages.snippet(body))")
        }
        let tokens = choice.logprobs?.content.map { content in
            content.map { token in
                AnswerToken(
                    text: token.token, logprob: token.logprob,
                    alternatives: (token.topLogprobs ?? []).map { ($0.token, $0.logprob) })
            }
        }
        return Answer(
            text: choice.message?.content ?? "", tokens: tokens, promptTokens: response.usage?.promptTokens ?? 0,
            completionTokens: response.usage?.completionTokens ?? 0)
    }
}
