import AdvGlueMiniLM
import AdvGlueResults
import AdvGlueText

/// Validity of an adversarial example by all-MiniLM-L6-v2: the cosine of the sentence
/// embeddings of original and perturbed text, and a BERTScore-style F1 of their token
/// embeddings (see ``BERTScore``). Only the fields the attack changed are compared
/// (an unchanged premise would count as a perfect match); with several changed fields
/// each score is their mean.
///
/// ```swift
/// attack.validity = MiniLMValidity()
/// ```
/// Complexity: one encoder call of 2 · f inputs for f changed fields.
public struct MiniLMValidity: ValidityScorer {
    public init() {}

    public var name: String { "minilm" }

    public func scores(original: TextInput, perturbed: TextInput) async throws -> ValidityScores {
        let fields = TextWindow.changedFields(original, perturbed)
        guard !fields.isEmpty else { return ValidityScores(similarity: 1, bertScoreF1: 1) }
        let model = try MiniLM.shared()
        let texts = fields.flatMap { [original.fields[$0].text, perturbed.fields[$0].text] }
        let states = model.tokenStates(texts)
        var similarity = 0.0
        var f1 = 0.0
        for i in fields.indices {
            let before = states[2 * i]
            let after = states[2 * i + 1]
            similarity += Double(Pooling.dot(Pooling.meanNormalized(before), Pooling.meanNormalized(after)))
            f1 += BERTScore.score(reference: before, candidate: after).f1
        }
        return ValidityScores(similarity: similarity / Double(fields.count), bertScoreF1: f1 / Double(fields.count))
    }
}
