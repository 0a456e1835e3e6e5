import AdvGlueModels
import AdvGlueText

/// Greedy search in order of word importance (TextAttack's `GreedyWordSwapWIR` with
/// `wir_method="delete"`; Gao et al. 2018, Jin et al. 2020).
///
/// 1. Importance of a word = how much the attacker's score rises when the word is
///    deleted (for the untargeted goal: the drop in the gold-class probability).
///    Only positions the pre-transformation constraints allow are ranked.
/// 2. Words are visited from most to least important (ties: reading order). At each,
///    all candidates are scored in one batch; a candidate that flips the prediction
///    ends the search, else the best one is kept if it raises the score.
///
/// The search stops early when the query budget is spent.
/// Complexity: O(w) queries for ranking plus O(w · k) for k candidates per word.
public struct GreedyWordImportance: SearchMethod {
    public init() {}

    public var name: String { "greedy-word-importance" }

    public func importanceOrder(of start: PerturbedInput, startScore: Float,
                                context: AttackContext) async throws -> [WordPosition] {
        let positions = context.allowedPositions(in: start)
        let deleted = positions.map { start.original.deleting($0) }
        let rows = try await context.evaluate(deleted)
        // Positions past the budget get no score and are ranked last, in reading order.
        var scored: [(position: WordPosition, importance: Float)] = []
        for (i, position) in positions.enumerated() {
            let importance = i < rows.count ? context.goal.score(logits: rows[i], groundTruth: context.groundTruth) - startScore : -.infinity
            scored.append((position, importance))
        }
        return scored.enumerated()
            .sorted { ($0.element.importance, -$0.offset) > ($1.element.importance, -$1.offset) }
            .map(\.element.position)
    }

    public func search(from start: PerturbedInput, context: AttackContext,
                       using rng: inout some RandomNumberGenerator) async throws -> SearchOutcome {
        guard let startLogits = try await context.evaluate([start.input]).first else {
            throw ModelError("query budget too small to score the original input")
        }
        var current = start
        var currentLogits = startLogits
        var currentScore = context.goal.score(logits: startLogits, groundTruth: context.groundTruth)
        let order = try await importanceOrder(of: start, startScore: currentScore, context: context)
        for position in order {
            if context.model.isExhausted { break }
            guard context.allows(position, in: current) else { continue }
            let candidates = try await context.candidates(for: current, at: position, using: &rng)
            if candidates.isEmpty { continue }
            let rows = try await context.evaluate(candidates.map(\.input))
            let scores = rows.map { context.goal.score(logits: $0, groundTruth: context.groundTruth) }
            // The highest-scoring candidate, first in order on ties: among flips if any
            // flipped (the flip that moves furthest from the gold label), else overall.
            func bestIndex(_ indices: [Int]) -> Int? {
                indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }
            }
            let flips = rows.indices.filter { context.goal.isSuccess(logits: rows[$0], groundTruth: context.groundTruth) }
            if let winner = bestIndex(flips) {
                return SearchOutcome(final: candidates[winner], logits: rows[winner], succeeded: true)
            }
            let best = bestIndex(Array(rows.indices)).map { (index: $0, score: scores[$0]) }
            if let best, best.score > currentScore {
                current = candidates[best.index]
                currentLogits = rows[best.index]
                currentScore = best.score
            }
        }
        return SearchOutcome(final: current, logits: currentLogits, succeeded: false)
    }
}
