import AdvGlueModels
import AdvGlueSupport
import AdvGlueText

/// A search that uses only the model's predicted label, for models that give no scores
/// (an LLM behind an API without log-probabilities). A score-based search would see the
/// same score for every candidate that does not flip the label, rank nothing and keep
/// nothing; this one spends its queries where a label can tell something.
///
/// 1. Single changes, from the original: the positions the constraints allow, in an
///    order drawn from the seed; at each, all candidates in one batch. The first flip
///    the validity checks accept ends the search: one changed word, the least a flip
///    can change.
/// 2. If none flips and budget is left, changes accumulate: positions again in a new
///    random order, each candidate tried on the text changed so far; with no flip, one
///    candidate drawn at random is kept (the constraints, such as `--filters advglue`'s
///    cap on changed words, still bound what may change). Without scores there is no
///    better way to choose it (Maheshwary et al., AAAI 2021, start their hard-label
///    attack from such a random perturbation).
///
/// ```swift
/// var attack = try RecipeLoader.load(named: "typo", resources: resources).attack
/// attack.search = HardLabelSearch()   // what advglue does for a labels-only model
/// ```
///
/// Complexity: O(w · k) queries per phase for w positions and k candidates per word,
/// bounded by the query budget.
public struct HardLabelSearch: SearchMethod {
    public init() {}

    public var name: String { "hard-label" }

    public func search(
        from start: PerturbedInput, context: AttackContext,
        using rng: inout some RandomNumberGenerator
    ) async throws -> SearchOutcome {
        guard let startLogits = try await context.evaluate([start.input]).first else {
            throw AdvGlueError(.modelFailed, "query budget too small to score the original input")
        }
        let positions = context.allowedPositions(in: start).filter {
            context.transformation.mayChange(start.word(at: $0))
        }
        // Phase 1: one change at a time, each from the original.
        for position in positions.shuffled(using: &rng) {
            if context.model.isExhausted { break }
            let (candidates, rows) = try await tried(start, at: position, context: context, using: &rng)
            if let found = try await flip(candidates, rows, context: context) { return found }
        }
        // Phase 2: changes accumulate, a random candidate kept where none flips.
        var current = start
        var currentLogits = startLogits
        for position in positions.shuffled(using: &rng) {
            if context.model.isExhausted { break }
            guard context.allows(position, in: current) else { continue }
            let (candidates, rows) = try await tried(current, at: position, context: context, using: &rng)
            if let found = try await flip(candidates, rows, context: context) { return found }
            // Never keep a flip the validity checks refused: only candidates that kept the label.
            let unflipped = rows.indices.filter {
                !context.goal.isSuccess(logits: rows[$0], groundTruth: context.groundTruth)
            }
            guard !unflipped.isEmpty else { continue }
            let kept = unflipped[Int.random(in: 0..<unflipped.count, using: &rng)]
            current = candidates[kept]
            currentLogits = rows[kept]
        }
        return SearchOutcome(final: current, logits: currentLogits, succeeded: false)
    }

    /// The candidates at `position` of `state`, and the rows the budget allowed.
    private func tried(
        _ state: PerturbedInput, at position: WordPosition, context: AttackContext,
        using rng: inout some RandomNumberGenerator
    ) async throws -> ([PerturbedInput], [[Float]]) {
        let candidates = try await context.candidates(for: state, at: position, using: &rng)
        if candidates.isEmpty { return ([], []) }
        return (candidates, try await context.evaluate(candidates.map(\.input)))
    }

    /// The first candidate, in order, whose label flipped and that the validity checks
    /// accept.
    private func flip(_ candidates: [PerturbedInput], _ rows: [[Float]], context: AttackContext) async throws
        -> SearchOutcome?
    {
        let flips = rows.indices.filter { context.goal.isSuccess(logits: rows[$0], groundTruth: context.groundTruth) }
        guard let winner = try await context.firstAccepted(flips, of: candidates) else { return nil }
        return SearchOutcome(final: candidates[winner], logits: rows[winner], succeeded: true)
    }
}

extension HardLabelSearch {
    /// `type: hard-label` in a recipe's `search`.
    static let recipePart = RecipePart<any SearchMethod>(
        type: "hard-label",
        summary:
            "Uses only the predicted label: single changes in random order, then random changes that accumulate; for models that give no scores.",
        options: []
    ) { map, context throws(AdvGlueError) in
        HardLabelSearch()
    }
}
