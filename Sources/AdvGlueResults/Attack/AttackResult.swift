import AdvGlueText

/// How an attack on one example ended, in TextAttack's terms.
public enum AttackOutcome: String, Sendable, CaseIterable {
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
/// Its JSON is written and read by ``ResultCodec`` alone.
public struct AttackResult: Sendable, Hashable {
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
    /// How close the perturbed text stays to the original, by a sentence encoder; set
    /// for successful attacks when the run measures validity, nil otherwise.
    public var validity: ValidityScores?
    /// What the validity filters rejected while this example was attacked; nil when the
    /// run applied none (`--filters none`).
    public var rejected: FilterRejections?

    public init(
        exampleID: String, groundTruth: Int, outcome: AttackOutcome, original: TextInput, perturbed: TextInput?,
        originalPrediction: Int?, perturbedPrediction: Int?, originalProbabilities: [Float]?,
        perturbedProbabilities: [Float]?, modifications: [Modification], wordCount: Int, queries: Int,
        budgetExhausted: Bool, errorMessage: String?, validity: ValidityScores? = nil, rejected: FilterRejections? = nil
    ) {
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
        self.validity = validity
        self.rejected = rejected
    }

    /// The share of words changed, 0...1.
    public var perturbedWordShare: Double {
        wordCount == 0 ? 0 : Double(modifications.reduce(0) { $0 + $1.changedWordCount }) / Double(wordCount)
    }
}

/// What the validity filters rejected for one example: candidates each word-level filter
/// dropped before the model saw them, and flips each acceptance check refused.
public struct FilterRejections: Sendable, Hashable {
    public var candidates: [String: Int]
    public var flips: [String: Int]

    public init(candidates: [String: Int] = [:], flips: [String: Int] = [:]) {
        self.candidates = candidates
        self.flips = flips
    }
}

/// Validity measures of one adversarial example: how much of the original's meaning a
/// sentence encoder sees in the perturbed text. AdvGLUE found most published
/// adversarial examples invalid, so reports and gates show these beside success rates.
public struct ValidityScores: Sendable, Hashable {
    /// Cosine similarity of the sentence embeddings of original and perturbed text.
    public var similarity: Double?
    /// BERTScore-style F1 from greedy matching of token embeddings.
    public var bertScoreF1: Double?
    /// The validity filters' similarity: the lowest MiniLM cosine of a changed field with
    /// its original, word substitutions only (see `FieldSimilarity`).
    public var fieldSimilarity: Double?
    /// The share of the attacked fields' words changed.
    public var wordShare: Double?
    /// The validity filters the example passed.
    public var passed: [String]?

    public init(
        similarity: Double? = nil, bertScoreF1: Double? = nil, fieldSimilarity: Double? = nil,
        wordShare: Double? = nil, passed: [String]? = nil
    ) {
        self.similarity = similarity
        self.bertScoreF1 = bertScoreF1
        self.fieldSimilarity = fieldSimilarity
        self.wordShare = wordShare
        self.passed = passed
    }
}
