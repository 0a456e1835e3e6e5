import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueText
import Foundation
import Testing

@Suite("Search methods and goals")
struct SearchMethodTests {
    /// The typo recipe with its search (and optionally goal) swapped, written to a temp file.
    static func recipe(search: String, goal: String = "type: untargeted-classification") throws -> Recipe {
        let text = try String(contentsOf: Fixtures.packageRoot.appending(path: "Attacks/typo.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "search:\n  type: greedy-word-importance", with: "search:\n" + search)
            .replacingOccurrences(of: "goal:\n  type: untargeted-classification", with: "goal:\n  " + goal)
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-search-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        return try RecipeLoader.load(url, resources: Fixtures.resources)
    }

    @Test(arguments: [
        "  type: greedy", "  type: beam\n  width: 3", "  type: genetic\n  population: 6\n  generations: 4",
        "  type: greedy-word-importance\n  ranking: unk",
    ])
    func searchesAreDeterministicAndTheirSuccessesReal(_ search: String) async throws {
        let recipe = try Self.recipe(search: search)
        let model = try Fixtures.model(.sst2)
        let examples = Array(try Fixtures.demo(.sst2).prefix(16))
        let one = await AttackRunner(attack: recipe.attack, classifier: model, seed: 9, jobs: 1).run(examples)
        let two = await AttackRunner(attack: recipe.attack, classifier: model, seed: 9, jobs: 2).run(examples)
        #expect(one == two)
        #expect(one.allSatisfy { $0.outcome != .error })
        for result in one where result.outcome == .successful {
            let logits = try await model.logits(for: [try #require(result.perturbed)])[0]
            #expect(argmax(logits) != result.groundTruth)
        }
        for result in one where result.outcome != .skipped {
            #expect(result.queries <= 2000)
            #expect(result.perturbedWordShare <= 0.15 + 1e-12)
        }
    }

    @Test func targetedAttacksAimAtTheirLabel() async throws {
        let recipe = try Self.recipe(
            search: "  type: greedy-word-importance", goal: "type: targeted-classification\n  target: 0")
        let model = try Fixtures.model(.sst2)
        let results = await AttackRunner(attack: recipe.attack, classifier: model, seed: 1, jobs: 2).run(
            try Fixtures.demo(.sst2))
        for result in results {
            if result.groundTruth == 0 { #expect(result.outcome == .skipped) }
            if result.outcome == .successful { #expect(result.perturbedPrediction == 0) }
        }
        let goal = TargetedClassification(target: 1)
        #expect(goal.isSuccess(logits: [0, 2], groundTruth: 0) && !goal.isSuccess(logits: [2, 0], groundTruth: 1))
    }

    @Test func budgetIsNeverExceeded() async throws {
        var recipe = try Self.recipe(search: "  type: beam\n  width: 4")
        recipe.attack.queryBudget = 15
        let results = await AttackRunner(attack: recipe.attack, classifier: try Fixtures.model(.sst2), seed: 2, jobs: 2)
            .run(try Fixtures.demo(.sst2))
        #expect(results.allSatisfy { $0.queries <= 15 })
        #expect(results.contains { $0.budgetExhausted })
    }
}
