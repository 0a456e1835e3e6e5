import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueText
import Foundation
import Testing

@Suite("Attack invariants")
struct AttackInvariantTests {
    static func sst2Examples() throws -> [Example] {
        if SharedCorpora.available || SharedCorpora.required {
            try #require(SharedCorpora.available, "ADVGLUE_REQUIRE_CORPORA=1 but \(SharedCorpora.url.path) is missing")
            let file = SharedCorpora.url.appending(path: "glue_data/SST-2/dev.tsv")
            return Array(try DataLoader.load(file, task: .sst2).examples.prefix(150))
        }
        return try Fixtures.demo(.sst2)
    }

    static func run(_ examples: [Example], task: GlueTask, seed: UInt64 = 42, jobs: Int = 2) async throws
        -> [AttackResult]
    {
        let recipe = try Fixtures.recipe()
        return await AttackRunner(attack: recipe.attack, classifier: try Fixtures.model(task), seed: seed, jobs: jobs)
            .run(examples)
    }

    @Test func invariantsHoldOnSST2() async throws {
        let examples = try Self.sst2Examples()
        let results = try await Self.run(examples, task: .sst2)
        #expect(results.count == examples.count)
        let stopwords = Set(
            WordList.parse(
                try String(
                    contentsOf: Fixtures.resources.lexicons.appending(path: "stopwords-en.txt"),
                    encoding: .utf8)
            ).map(Normalization.key))
        let model = try Fixtures.model(.sst2)
        let successes = results.filter { $0.outcome == .successful }
        #expect(successes.count > 5, "the typo attack should flip some predictions of a bag-of-words model")
        #expect(results.allSatisfy { $0.outcome != .error })
        for result in results where result.outcome == .successful || result.outcome == .failed {
            // Stopwords are never modified.
            for modification in result.modifications {
                #expect(
                    !stopwords.contains(Normalization.key(modification.original)),
                    "stopword '\(modification.original)' modified")
                #expect(Array(modification.original).count >= 3)
            }
            // The modified share never exceeds the recipe's 15%.
            #expect(
                result.perturbedWordShare <= 0.15 + 1e-12,
                "\(result.exampleID): \(result.modifications.count)/\(result.wordCount)")
            // The perturbed text is the original with exactly the recorded words replaced.
            let segmented = try SegmentedInput(result.original)
            let replaced = segmented.replacing(
                Dictionary(uniqueKeysWithValues: result.modifications.map { ($0.position, $0.replacement) }))
            #expect(replaced == result.perturbed)
            #expect(result.queries <= 2000)
        }
        for result in successes {
            // A reported success, re-queried on a fresh model, still flips the prediction.
            let logits = try await model.logits(for: [try #require(result.perturbed)])[0]
            #expect(argmax(logits) != result.groundTruth)
            #expect(argmax(logits) == result.perturbedPrediction)
            #expect(!result.modifications.isEmpty)
        }
        for result in results where result.outcome == .skipped {
            #expect(result.originalPrediction != result.groundTruth)
        }
    }

    @Test func sameSeedGivesIdenticalResultsWhateverTheJobs() async throws {
        let examples = Array(try Self.sst2Examples().prefix(60))
        let one = try await Self.run(examples, task: .sst2, seed: 7, jobs: 1)
        let four = try await Self.run(examples, task: .sst2, seed: 7, jobs: 4)
        #expect(one == four)
        let again = try await Self.run(examples, task: .sst2, seed: 7, jobs: 2)
        #expect(one == again)
    }

    @Test func resultsDoNotDependOnWhichExamplesRunAlongside() async throws {
        let examples = Array(try Self.sst2Examples().prefix(40))
        let all = try await Self.run(examples, task: .sst2)
        let tail = try await Self.run(Array(examples.suffix(10)), task: .sst2)
        #expect(Array(all.suffix(10)) == tail)
    }

    @Test func pairTasksLeaveTheFirstFieldUntouchedByDefault() async throws {
        let examples = try Fixtures.demo(.rte)
        let results = try await Self.run(examples, task: .rte)
        #expect(results.count == 24)
        for result in results where result.outcome == .successful || result.outcome == .failed {
            #expect(result.perturbedWordShare <= 0.15 + 1e-12)
            #expect(result.perturbed?["sentence1"] == result.original["sentence1"])
            // The 15% limit counts the words of the field that may change, not the premise's.
            let hypothesisWords = try SegmentedText(result.original["sentence2"]!).words.count
            #expect(result.modifications.count <= Int(0.15 * Double(hypothesisWords)))
            #expect(result.modifications.allSatisfy { $0.position.field == 1 })
        }
        // With all fields allowed, premises may change too.
        var recipe = try Fixtures.recipe()
        recipe.attack.fields = .all
        let all = await AttackRunner(attack: recipe.attack, classifier: try Fixtures.model(.rte), seed: 42, jobs: 2)
            .run(examples)
        #expect(all.contains { $0.modifications.contains { $0.position.field == 0 } })
    }

    @Test func aFailingModelIsRecordedPerExampleNotFatal() async throws {
        let examples = try Fixtures.demo(.sst2)
        let marker = String(examples[3].input.texts[0].prefix(12))
        let recipe = try Fixtures.recipe()
        let classifier = FailingClassifier(inner: try Fixtures.model(.sst2), marker: marker)
        let results = await AttackRunner(attack: recipe.attack, classifier: classifier, seed: 1, jobs: 2).run(examples)
        #expect(results.count == examples.count)
        #expect(results[3].outcome == .error)
        #expect(results[3].errorMessage?.contains("simulated model failure") == true)
        #expect(results.filter { $0.outcome == .error }.count < examples.count)
    }

    @Test func runnerStopsWhenAskedAndKeepsAPrefix() async throws {
        let examples = try Fixtures.demo(.sst2)
        let recipe = try Fixtures.recipe()
        let counter = StopAfter(limit: 5)
        let results = await AttackRunner(attack: recipe.attack, classifier: try Fixtures.model(.sst2), seed: 1, jobs: 1)
            .run(examples, shouldStop: { counter.next() })
        #expect(results.count == 5)
        #expect(results.map(\.exampleID) == examples.prefix(5).map(\.id))
    }
}

/// Says "stop" after a given number of checks.
final class StopAfter: @unchecked Sendable {
    // Unchecked: the runner calls shouldStop from its own task only.
    let limit: Int
    var checks = 0
    init(limit: Int) { self.limit = limit }
    func next() -> Bool {
        checks += 1
        return checks > limit
    }
}
