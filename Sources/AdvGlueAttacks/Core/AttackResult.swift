import AdvGlueText

/// How an attack on one example ended, in TextAttack's terms.
public enum AttackOutcome: String, Sendable, Codable, CaseIterable {
    /// The prediction flipped.
    case successful
    /// The search ended without flipping the prediction.
    case failed
    /// The model already got the example wrong, so there was nothing to attack.
    case skipped
    /// The model or the attack failed on this example; never counted as robust.
    case error
}

/// The per-example record of an attack.
public struct AttackResult: Sendable, Codable, Hashable {
    public var exampleID: String
    public var groundTruth: Int
    public var outcome: AttackOutcome
    public var original: TextInput
    /// The final perturbed input, for successful and failed attacks.
    public var perturbed: TextInput?
    public var originalPrediction: Int?
    public var perturbedPrediction: Int?
    /// Softmax of the unscaled logits.
    public var originalProbabilities: [Float]?
    public var perturbedProbabilities: [Float]?
    public var modifications: [Modification]
    /// Words in the input (all fields), the denominator of the perturbed-word share.
    public var wordCount: Int
    /// Distinct inputs sent to the model for this example.
    public var queries: Int
    /// The search stopped because the query budget was spent.
    public var budgetExhausted: Bool
    public var errorMessage: String?

    public init(exampleID: String, groundTruth: Int, outcome: AttackOutcome, original: TextInput, perturbed: TextInput?,
                originalPrediction: Int?, perturbedPrediction: Int?, originalProbabilities: [Float]?,
                perturbedProbabilities: [Float]?, modifications: [Modification], wordCount: Int, queries: Int,
                budgetExhausted: Bool, errorMessage: String?) {
        self.exampleID = exampleID
        self.groundTruth = groundTruth
        self.outcome = outcome
        self.original = original
        self.perturbed = perturbed
        self.originalPrediction = originalPrediction
        self.perturbedPrediction = perturbedPrediction
        self.originalProbabilities = originalProbabilities
        self.perturbedProbabilities = perturbedProbabilities
        self.modifications = modifications
        self.wordCount = wordCount
        self.queries = queries
        self.budgetExhausted = budgetExhausted
        self.errorMessage = errorMessage
    }

    /// The share of words changed, 0...1.
    public var perturbedWordShare: Double {
        wordCount == 0 ? 0 : Double(modifications.reduce(0) { $0 + $1.span }) / Double(wordCount)
    }
}
