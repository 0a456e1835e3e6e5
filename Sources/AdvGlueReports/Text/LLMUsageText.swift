import AdvGlueModels
import AdvGlueSupport

/// An LLM classifier's usage on one line, for the console and the report:
/// `412 queries, 413 requests, 31,020 prompt + 1,650 completion tokens, $0.01; 3 queries answered with no label`.
public enum LLMUsageText {
    public static func line(_ usage: TokenUsage) -> String {
        var text =
            "\(usage.queries) queries, \(usage.requests) requests, \(usage.promptTokens) prompt + \(usage.completionTokens) completion tokens"
        if let cost = usage.cost { text += ", $\(Format.fixed(cost, digits: 4))" }
        text += "; \(usage.noAnswers) queries answered with no label"
        if let agreement = usage.agreementRate, usage.requests > usage.queries + 1 {
            text += "; samples agreed with the majority \(Format.percent(agreement)) of the time"
        }
        return text
    }
}
