import AdvGlueModels
import AdvGlueSupport
import AdvGlueText

/// Beam search over whole-field rewrites (``FieldRewriter``, the paraphrase templates):
/// each step applies every template that fits to every input in the beam, scores all the
/// rewrites in one batch and keeps the `width` best; a flip ends the search if the
/// acceptance checks pass it. At most `depth` templates combine on one example, each
/// template once. The meaning check reads the rewrite without its entity swaps
/// (``RewriteState/plain``).
///
/// Rewrites that do not move the model are kept for the next step, unlike a word search:
/// templates are few, and one may open the way for another (a contraction expanded before
/// a clause is moved).
///
/// Deterministic under the example's random stream, which only picks entity replacements.
///
/// Complexity: O(depth · width · r) queries for r rewrites per input, capped by the budget.
public struct TemplateSearch: SearchMethod {
    public var width: Int
    public var depth: Int

    public init(width: Int, depth: Int) {
        precondition(width >= 1 && depth >= 1, "width and depth must be at least 1")
        self.width = width
        self.depth = depth
    }

    public var name: String { "templates" }

    public func search(
        from start: PerturbedInput, context: AttackContext,
        using rng: inout some RandomNumberGenerator
    ) async throws -> SearchOutcome {
        guard let rewriter = context.transformation as? any FieldRewriter else {
            throw AdvGlueError(
                .badConfig, "search 'templates' needs a transformation that rewrites whole fields",
                hint: "use transformation type 'paraphrase' with it")
        }
        guard let startLogits = try await context.evaluate([start.input]).first else {
            throw AdvGlueError(.modelFailed, "query budget too small to score the original input")
        }
        typealias Member = (rewrite: RewriteState, state: PerturbedInput, logits: [Float], score: Float)
        var best: Member = (
            RewriteState(start), start, startLogits,
            context.goal.score(logits: startLogits, groundTruth: context.groundTruth)
        )
        var beam = [best]
        var seen: Set<[String]> = [best.rewrite.fields]
        for _ in 0..<depth where !context.model.isExhausted {
            var expansions: [(rewrite: RewriteState, state: PerturbedInput)] = []
            for member in beam {
                for next in rewriter.rewrites(of: member.rewrite, from: start, using: &rng)
                where seen.insert(next.fields).inserted {
                    if let state = next.perturbed(from: start) { expansions.append((next, state)) }
                }
            }
            if expansions.isEmpty { break }
            let rows = try await context.evaluate(expansions.map(\.state.input))
            var scored: [(member: Member, order: Int)] = zip(expansions, rows).enumerated().map { offset, pair in
                let score = context.goal.score(logits: pair.1, groundTruth: context.groundTruth)
                return ((pair.0.rewrite, pair.0.state, pair.1, score), offset)
            }
            scored.sort { ($0.member.score, -$0.order) > ($1.member.score, -$1.order) }
            let flips = scored.filter {
                context.goal.isSuccess(logits: $0.member.logits, groundTruth: context.groundTruth)
            }
            let checked = flips.map { $0.member.rewrite.plainPerturbed(from: start) ?? $0.member.state }
            if let winner = try await context.firstAccepted(Array(flips.indices), of: checked) {
                let member = flips[winner].member
                return SearchOutcome(
                    final: member.state, logits: member.logits, succeeded: true, checked: checked[winner])
            }
            // Flips the validity checks refused are not kept either.
            scored.removeAll { context.goal.isSuccess(logits: $0.member.logits, groundTruth: context.groundTruth) }
            guard let top = scored.first else { break }
            if top.member.score > best.score { best = top.member }
            beam = scored.prefix(width).map(\.member)
        }
        return SearchOutcome(final: best.state, logits: best.logits, succeeded: false)
    }
}

extension TemplateSearch {
    /// `type: templates` in a recipe's `search`.
    static let recipePart = RecipePart<any SearchMethod>(
        type: "templates",
        summary:
            "Beam search over whole-field rewrites (transformation: paraphrase), combining up to `depth` templates.",
        options: [
            RecipeOption("width", "inputs kept per step", default: "2"),
            RecipeOption("depth", "the most templates combined on one example", default: "3"),
        ]
    ) { map, context throws(AdvGlueError) in
        TemplateSearch(
            width: try context.positive(map.optional("width"), default: 2),
            depth: try context.positive(map.optional("depth"), default: 3))
    }
}
