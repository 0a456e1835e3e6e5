import AdvGlueModels
import Foundation

/// `advglue model export --format json`: the very same model as plain JSON,
/// `{labels, vocab, weights, bias, featurization}`, for other tools to load.
public enum LexicalModelExport {
    public struct Document: Codable {
        public var formatVersion: Int
        public var task: String
        public var labels: [String]
        public var vocab: [String]
        /// One row per vocabulary entry, one column per label.
        public var weights: [[Float]]
        public var bias: [Float]
        public var featurization: Featurization
        public var metadata: LexicalModelMetadata
    }

    public struct Featurization: Codable {
        public var tokenizer: String
        public var normalization: String
        public var features: [String: String]
        public var negationCues: [String]
        public var scoring: String
    }

    public static func document(for model: LexicalModel) -> Document {
        let classes = model.labels.count
        let rows = stride(from: 0, to: model.weights.count, by: classes).map { Array(model.weights[$0..<$0 + classes]) }
        let pair = model.featurizer.task.fieldNames.count > 1
        var features: [String: String] =
            pair
            ? [
                "a:w:WORD": "word of the first field",
                "a:b:WORD WORD": "adjacent word pair of the first field",
                "b:w:WORD": "word of the second field",
                "b:b:WORD WORD": "adjacent word pair of the second field",
                "x:both:WORD": "second-field word that also occurs in the first field",
                "x:new:WORD": "second-field word that does not occur in the first field",
                "x:overlap:K": "K = floor(10 × second-field words found in the first field / second-field words)",
                "x:neg:a": "a negation cue in the first field",
                "x:neg:b": "a negation cue in the second field",
                "x:neg:mismatch": "a negation cue in exactly one field",
            ]
            : [
                "w:WORD": "word",
                "b:WORD WORD": "adjacent word pair",
            ]
        features["note"] = "binary features: each counts once per input however often it occurs"
        return Document(
            formatVersion: 1, task: model.featurizer.task.rawValue, labels: model.labels, vocab: model.vocabulary,
            weights: rows, bias: model.bias,
            featurization: Featurization(
                tokenizer:
                    "ICU word break iterator (root locale); keep segments whose rule status is not 0 (letters, numbers, kana, ideographs)",
                normalization: "utf8proc NFKC with case folding (NFKC_Casefold)",
                features: features, negationCues: model.featurizer.negationCues,
                scoring:
                    "logits = bias + sum of the weight rows of the features present; probabilities = softmax(logits)"),
            metadata: model.metadata)
    }

    public static func json(for model: LexicalModel) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(document(for: model))
    }
}
