import AdvGlueMiniLM
import AdvGlueSupport
import AdvGlueText

/// Keeps candidates whose changed fields keep a BERTScore-style F1 of at least
/// `threshold` against the original (MiniLM token embeddings, greedy cosine matching;
/// see ``BERTScore``). AdvGLUE kept sentence-level adversarial examples by BERTScore;
/// this is that filter for `distraction`, `paraphrase` and the user's own recipes.
///
/// Complexity: O(c) encoder inputs plus O(m · n) token comparisons per candidate.
public struct BERTScoreThreshold: Constraint {
    public var threshold: Double

    public init(threshold: Double) {
        self.threshold = threshold
    }

    public var name: String { "bertscore" }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        let original = reference.original.input
        let fieldsPerCandidate = candidates.map { TextWindow.changedFields(original, $0.input) }
        guard fieldsPerCandidate.contains(where: { !$0.isEmpty }) else { return candidates }
        let model = try MiniLM.shared()
        var texts: [String] = []
        var index: [String: Int] = [:]
        func slot(_ text: String) -> Int {
            if let i = index[text] { return i }
            index[text] = texts.count
            texts.append(text)
            return texts.count - 1
        }
        let jobs = zip(candidates, fieldsPerCandidate).map { candidate, fields in
            fields.map { (slot(original.fields[$0].text), slot(candidate.input.fields[$0].text)) }
        }
        let states = model.tokenStates(texts)
        return zip(candidates, jobs).filter { _, pairs in
            pairs.allSatisfy { BERTScore.score(reference: states[$0.0], candidate: states[$0.1]).f1 >= threshold }
        }.map(\.0)
    }
}

extension BERTScoreThreshold {
    /// `type: bertscore` in a recipe's `constraints`.
    static let recipePart = RecipePart<any Constraint>(
        type: "bertscore",
        summary:
            "Keeps candidates whose changed fields keep a BERTScore-style F1 (MiniLM token embeddings) of at least the threshold.",
        options: [RecipeOption("threshold", "the least F1, 0 to 1")]
    ) { map, context throws(AdvGlueError) in
        let thresholdNode = try map.required("threshold")
        let threshold = try thresholdNode.double()
        guard (0...1).contains(threshold) else { throw thresholdNode.error("must be between 0 and 1") }
        try context.requireMiniLM(map.owner)
        return BERTScoreThreshold(threshold: threshold)
    }
}
