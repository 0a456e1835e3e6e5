import AdvGlueModels
import AdvGlueResults
import AdvGlueText

/// Proposes replacements for one word. Candidates must be deterministic given `rng`.
public protocol Transformation: Sendable {
    /// Identifies the transformation in recipes and per-example records.
    var name: String { get }
    func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification]
    /// False when `candidates` can offer nothing for `word` whatever the random stream
    /// (a one-letter word for character edits, a word WordNet does not know for
    /// synonyms), so a search need not spend a query ranking it. Draws no random numbers.
    func mayChange(_ word: String) -> Bool
}

extension Transformation {
    public func mayChange(_ word: String) -> Bool { true }
}

/// Decides which word positions a transformation may touch, before any candidate exists.
public protocol PreTransformationConstraint: Sendable {
    var name: String { get }
    func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool
}

/// Filters candidates after transformation (similarity, grammar, ...). Batched and
/// async so that model-based constraints can score many candidates in one call.
public protocol Constraint: Sendable {
    var name: String { get }
    func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput]
}

/// A validity check too costly to run on every candidate (a sentence encoder): a search
/// asks it lazily, in order of preference, only about a candidate it is about to keep or
/// return, so it keeps looking for a valid flip instead of ending on an invalid one.
public protocol AcceptanceCheck: Sendable {
    var name: String { get }
    /// The check's measure of `candidate` (a similarity, say) and whether it passes.
    func measure(_ candidate: PerturbedInput) async throws -> (value: Double, passes: Bool)
}

/// Says how good an input is for the attacker and whether the attack has succeeded.
public protocol GoalFunction: Sendable {
    var name: String { get }
    /// Higher is better for the attacker. May use rescaled scores (temperature).
    func score(logits: [Float], groundTruth: Int) -> Float
    /// Always judged on the unscaled model.
    func isSuccess(logits: [Float], groundTruth: Int) -> Bool
}

/// Explores candidates until the goal is met, the positions run out or the budget does.
public protocol SearchMethod: Sendable {
    var name: String { get }
    func search(
        from start: PerturbedInput, context: AttackContext,
        using rng: inout some RandomNumberGenerator
    ) async throws -> SearchOutcome
}

/// Measures how valid an adversarial example is (semantic similarity, BERTScore-style
/// F1). It runs once per successful attack, after the search, and never decides success.
public protocol ValidityScorer: Sendable {
    var name: String { get }
    func scores(original: TextInput, perturbed: TextInput) async throws -> ValidityScores
}

/// What a search found.
public struct SearchOutcome: Sendable {
    public var final: PerturbedInput
    public var logits: [Float]
    public var succeeded: Bool
    /// What the acceptance checks judged, where it is not `final` (a paraphrase with its
    /// entity swaps undone); the report's validity measures are taken on it.
    public var checked: PerturbedInput?

    public init(final: PerturbedInput, logits: [Float], succeeded: Bool, checked: PerturbedInput? = nil) {
        self.final = final
        self.logits = logits
        self.succeeded = succeeded
        self.checked = checked
    }
}

/// Rewrites whole fields rather than single words (paraphrase templates): one rewrite may
/// reorder a sentence or swap a name in every field at once, which no word position could
/// hold. ``TemplateSearch`` asks for rewrites; the word-position searches get nothing
/// from ``Transformation/candidates(for:at:using:)``.
public protocol FieldRewriter: Transformation {
    /// Every rewrite of `state` one step further, in the fields `start` may change.
    func rewrites(
        of state: RewriteState, from start: PerturbedInput, using rng: inout some RandomNumberGenerator
    ) -> [RewriteState]
}
