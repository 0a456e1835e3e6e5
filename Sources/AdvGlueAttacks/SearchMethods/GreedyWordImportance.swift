import AdvGlueModels
import AdvGlueSupport
import AdvGlueText

/// Greedy search in order of word importance (TextAttack's `GreedyWordSwapWIR` with
/// `wir_method="delete"`; Gao et al. 2018, Jin et al. 2020).
///
/// 1. Importance of a word = how much the attacker's score rises when the word is
///    deleted (for the untargeted goal: the drop in the gold-class probability).
///    Only positions the pre-transformation constraints allow, holding words the
///    transformation may change, are ranked.
/// 2. Words are visited from most to least important (ties: reading order). At each,
///    all candidates are scored in one batch; a candidate that flips the prediction
///    ends the search, else the best one is kept if it raises the score.
///
/// The search stops early when the query budget is spent.
/// Complexity: O(w) queries for ranking plus O(w · k) for k candidates per word.
public struct GreedyWordImportance: SearchMethod {
    /// How words are ranked before the greedy pass.
    public enum Ranking: String, Sendable, CaseIterable {
        /// The score change when the word is deleted (TextAttack's `delete`).
        case delete
        /// The score change when the word becomes `[UNK]` (TextAttack's `unk`).
        case unk
        /// PWWS (Ren et al. 2019): softmax over the `[UNK]` saliencies, times the best
        /// score gain any candidate achieves at that word. Costs a query per candidate.
        case weightedSaliency = "weighted-saliency"
    }

    public var ranking: Ranking

    public init(ranking: Ranking = .delete) {
        self.ranking = ranking
    }

    public var name: String { ranking == .weightedSaliency ? "pwws" : "greedy-word-importance" }

    public func importanceOrder(
        of start: PerturbedInput, startScore: Float, context: AttackContext,
        using rng: inout some RandomNumberGenerator
    ) async throws -> [WordPosition] {
        // A word the transformation cannot change is never substituted, so ranking it
        // would spend a query for nothing; leaving it out keeps the others' order (PWWS's
        // softmax shares one denominator).
        let positions = context.allowedPositions(in: start).filter {
            context.transformation.mayChange(start.word(at: $0))
        }
        let probes = positions.map {
            ranking == .delete ? start.original.deleting($0) : start.original.replacing([$0: "[UNK]"])
        }
        let rows = try await context.evaluate(probes)
        // Positions past the budget get no score and are ranked last, in reading order.
        var importances = positions.indices.map { i in
            i < rows.count
                ? context.goal.score(logits: rows[i], groundTruth: context.groundTruth) - startScore : -Float.infinity
        }
        if ranking == .weightedSaliency {
            let saliency = softmax(importances.map { $0.isFinite ? $0 : -1e9 })
            for (i, position) in positions.enumerated() {
                let candidates = try await context.candidates(for: start, at: position, using: &rng)
                let scores = try await context.evaluate(candidates.map(\.input))
                    .map { context.goal.score(logits: $0, groundTruth: context.groundTruth) - startScore }
                importances[i] = scores.isEmpty ? -Float.infinity : saliency[i] * scores.max()!
            }
        }
        let scored = zip(positions, importances).map { (position: $0, importance: $1) }
        return scored.enumerated()
            .sorted { ($0.element.importance, -$0.offset) > ($1.element.importance, -$1.offset) }
            .map(\.element.position)
    }

    public func search(
        from start: PerturbedInput, context: AttackContext,
        using rng: inout some RandomNumberGenerator
    ) async throws -> SearchOutcome {
        guard let startLogits = try await context.evaluate([start.input]).first else {
            throw AdvGlueError(.modelFailed, "query budget too small to score the original input")
        }
        var current = start
        var currentLogits = startLogits
        var currentScore = context.goal.score(logits: startLogits, groundTruth: context.groundTruth)
        let order = try await importanceOrder(of: start, startScore: currentScore, context: context, using: &rng)
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
            let flips = rows.indices.filter {
                context.goal.isSuccess(logits: rows[$0], groundTruth: context.groundTruth)
            }
            // The best flip the validity checks accept; a refused flip is not kept either.
            let ranked = flips.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            if let winner = try await context.firstAccepted(ranked, of: candidates) {
                return SearchOutcome(final: candidates[winner], logits: rows[winner], succeeded: true)
            }
            let best = bestIndex(rows.indices.filter { !flips.contains($0) }).map { (index: $0, score: scores[$0]) }
            if let best, best.score > currentScore {
                current = candidates[best.index]
                currentLogits = rows[best.index]
                currentScore = best.score
            }
        }
        return SearchOutcome(final: current, logits: currentLogits, succeeded: false)
    }
}

extension GreedyWordImportance {
    /// `type: greedy-word-importance` in a recipe's `search`.
    static let recipePart = RecipePart<any SearchMethod>(
        type: "greedy-word-importance",
        summary:
            "Ranks the words by importance, then changes them in that order, keeping a change that raises the score.",
        options: [
            RecipeOption(
                "ranking", "how words are ranked: \(Ranking.allCases.map(\.rawValue).joined(separator: ", "))",
                default: "delete")
        ]
    ) { map, context throws(AdvGlueError) in
        var ranking = Ranking.delete
        if let rankingNode = map.optional("ranking") {
            let raw = try rankingNode.string()
            guard let value = Ranking(rawValue: raw) else {
                throw rankingNode.error(
                    "unknown ranking '\(raw)' (known: \(Ranking.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            ranking = value
        }
        return GreedyWordImportance(ranking: ranking)
    }
}
