import AdvGlueModels
import AdvGlueSupport
import AdvGlueText

/// The genetic search of Alzantot et al. (EMNLP 2018), as TextAttack's
/// `AlzantotGeneticAlgorithm` runs it without its language-model filter.
///
/// A population of `populationSize` members starts as one-word perturbations of the
/// input. Each generation keeps the fittest member (elitism) and breeds the rest:
/// two parents drawn with probability softmax(fitness / temperature), a child that
/// takes each changed word from one parent or the other, then one more perturbation
/// of the child. It ends at the first flip, after `generations`, or at the budget.
///
/// Complexity: O(generations · populationSize · candidates) queries, capped by the budget.
public struct GeneticSearch: SearchMethod {
    public var populationSize: Int
    public var generations: Int
    public var temperature: Float

    public init(populationSize: Int = 20, generations: Int = 10, temperature: Float = 0.3) {
        precondition(populationSize >= 2 && generations >= 1 && temperature > 0, "invalid genetic search settings")
        self.populationSize = populationSize
        self.generations = generations
        self.temperature = temperature
    }

    public var name: String { "genetic" }

    struct Member {
        var state: PerturbedInput
        var logits: [Float]
        var fitness: Float
    }

    /// Replaces one random allowed word with its best-scoring candidate.
    func perturb(_ member: Member, context: AttackContext, using rng: inout some RandomNumberGenerator) async throws
        -> Member
    {
        var positions = context.allowedPositions(in: member.state)
        while !positions.isEmpty, !context.model.isExhausted {
            let position = positions.remove(at: Int.random(in: 0..<positions.count, using: &rng))
            let candidates = try await context.candidates(for: member.state, at: position, using: &rng)
            if candidates.isEmpty { continue }
            let rows = try await context.evaluate(candidates.map(\.input))
            guard !rows.isEmpty else { break }
            let scores = rows.map { context.goal.score(logits: $0, groundTruth: context.groundTruth) }
            let best = scores.indices.max { (scores[$0], -$0) < (scores[$1], -$1) }!
            return Member(state: candidates[best], logits: rows[best], fitness: scores[best])
        }
        return member
    }

    func pick(_ weights: [Float], using rng: inout some RandomNumberGenerator) -> Int {
        let total = weights.reduce(0, +)
        var threshold = Float(Double.random(in: 0..<1, using: &rng)) * total
        for (i, weight) in weights.enumerated() {
            threshold -= weight
            if threshold < 0 { return i }
        }
        return weights.count - 1
    }

    public func search(
        from start: PerturbedInput, context: AttackContext,
        using rng: inout some RandomNumberGenerator
    ) async throws -> SearchOutcome {
        guard let startLogits = try await context.evaluate([start.input]).first else {
            throw AdvGlueError(.modelFailed, "query budget too small to score the original input")
        }
        let origin = Member(
            state: start, logits: startLogits,
            fitness: context.goal.score(logits: startLogits, groundTruth: context.groundTruth))
        var population: [Member] = []
        for _ in 0..<populationSize { population.append(try await perturb(origin, context: context, using: &rng)) }
        for _ in 0..<generations {
            population.sort { $0.fitness > $1.fitness }
            let elite = population[0]
            if context.goal.isSuccess(logits: elite.logits, groundTruth: context.groundTruth) {
                if try await context.refusal(of: elite.state) == nil {
                    return SearchOutcome(final: elite.state, logits: elite.logits, succeeded: true)
                }
                // A flip the validity checks refused breeds no further.
                population.removeFirst()
                if population.isEmpty { population = [origin] }
                continue
            }
            if context.model.isExhausted { break }
            let weights = softmax(population.map { $0.fitness / temperature })
            var next = [elite]
            while next.count < populationSize, !context.model.isExhausted {
                let a = population[pick(weights, using: &rng)]
                let b = population[pick(weights, using: &rng)]
                var child = a.state.reverted()
                for position in Set(a.state.modifiedPositions).union(b.state.modifiedPositions).sorted() {
                    let parent = Bool.random(using: &rng) ? a.state : b.state
                    if let modification = parent.modifications[position], context.allows(position, in: child) {
                        child = child.applying(modification)
                    }
                }
                guard let row = try await context.evaluate([child.input]).first else { break }
                let member = Member(
                    state: child, logits: row,
                    fitness: context.goal.score(logits: row, groundTruth: context.groundTruth))
                next.append(try await perturb(member, context: context, using: &rng))
            }
            population = next
        }
        let best = population.max { $0.fitness < $1.fitness }!
        var succeeded = context.goal.isSuccess(logits: best.logits, groundTruth: context.groundTruth)
        if succeeded { succeeded = try await context.refusal(of: best.state) == nil }
        return SearchOutcome(final: best.state, logits: best.logits, succeeded: succeeded)
    }
}

extension GeneticSearch {
    /// `type: genetic` in a recipe's `search`.
    static let recipePart = RecipePart<any SearchMethod>(
        type: "genetic",
        summary: "Alzantot et al.'s genetic search: a population of perturbations bred by fitness over generations.",
        options: [
            RecipeOption("population", "members per generation, at least 2", default: "20"),
            RecipeOption("generations", "generations bred", default: "10"),
            RecipeOption(
                "temperature", "sharpness of the parents' selection, softmax(fitness / temperature)", default: "0.3"),
        ]
    ) { map, context throws(AdvGlueError) in
        let population = try context.positive(map.optional("population"), default: 20)
        guard population >= 2 else { throw map.owner.error("must be at least 2", key: "population") }
        let temperature = try map.optional("temperature")?.double() ?? 0.3
        guard temperature > 0 else { throw map.owner.error("must be positive", key: "temperature") }
        return GeneticSearch(
            populationSize: population, generations: try context.positive(map.optional("generations"), default: 10),
            temperature: Float(temperature))
    }
}
