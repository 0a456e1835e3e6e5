import AdvGlueModels
import AdvGlueSupport
import AdvGlueText

/// Beam search over word substitutions (TextAttack's `BeamSearch`; `GreedySearch` is
/// width 1). Each step expands every beam state at every allowed position, scores all
/// candidates in one batch, and keeps the `width` best; it ends at the first flip,
/// when no candidate improves on the best state, or when the budget is spent.
///
/// Complexity: O(steps · width · positions · candidates) queries, capped by the budget.
public struct BeamSearch: SearchMethod {
    public var width: Int

    public init(width: Int) {
        precondition(width >= 1, "beam width must be at least 1")
        self.width = width
    }

    public var name: String { width == 1 ? "greedy" : "beam" }

    public func search(
        from start: PerturbedInput, context: AttackContext,
        using rng: inout some RandomNumberGenerator
    ) async throws -> SearchOutcome {
        guard let startLogits = try await context.evaluate([start.input]).first else {
            throw AdvGlueError(.modelFailed, "query budget too small to score the original input")
        }
        var best = (
            state: start, logits: startLogits,
            score: context.goal.score(logits: startLogits, groundTruth: context.groundTruth)
        )
        var beam = [best]
        while !context.model.isExhausted {
            var expansions: [PerturbedInput] = []
            var seen: Set<TextInput> = []
            for member in beam {
                for position in context.allowedPositions(in: member.state) {
                    for candidate in try await context.candidates(for: member.state, at: position, using: &rng)
                    where seen.insert(candidate.input).inserted {
                        expansions.append(candidate)
                    }
                }
            }
            if expansions.isEmpty { break }
            let rows = try await context.evaluate(expansions.map(\.input))
            var scored = zip(expansions, rows).enumerated().map { offset, pair in
                (
                    state: pair.0, logits: pair.1,
                    score: context.goal.score(logits: pair.1, groundTruth: context.groundTruth), order: offset
                )
            }
            let flips = scored.filter { context.goal.isSuccess(logits: $0.logits, groundTruth: context.groundTruth) }
                .sorted { ($0.score, -$0.order) > ($1.score, -$1.order) }
            if let winner = try await context.firstAccepted(Array(flips.indices), of: flips.map(\.state)) {
                return SearchOutcome(final: flips[winner].state, logits: flips[winner].logits, succeeded: true)
            }
            // Flips the validity checks refused are not kept either.
            scored.removeAll { context.goal.isSuccess(logits: $0.logits, groundTruth: context.groundTruth) }
            scored.sort { ($0.score, -$0.order) > ($1.score, -$1.order) }
            guard let top = scored.first, top.score > best.score else { break }
            best = (top.state, top.logits, top.score)
            beam = scored.prefix(width).map { ($0.state, $0.logits, $0.score) }
        }
        return SearchOutcome(final: best.state, logits: best.logits, succeeded: false)
    }
}

extension BeamSearch {
    /// `type: greedy` in a recipe's `search`: a beam of one.
    static let greedyRecipePart = RecipePart<any SearchMethod>(
        type: "greedy",
        summary: "At each step, the best single change of the current input (a beam of width 1)."
    ) { map, context throws(AdvGlueError) in
        BeamSearch(width: 1)
    }

    /// `type: beam` in a recipe's `search`.
    static let recipePart = RecipePart<any SearchMethod>(
        type: "beam",
        summary: "Keeps the best `width` inputs at each step and expands them all.",
        options: [RecipeOption("width", "inputs kept per step", default: "4")]
    ) { map, context throws(AdvGlueError) in
        BeamSearch(width: try context.positive(map.optional("width"), default: 4))
    }
}
