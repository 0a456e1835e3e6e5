import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueText
import Foundation
import Testing

@Suite("Recipes")
struct RecipeTests {
    static let shipped = [
        "typo", "synonym", "pwws", "homoglyph", "invisible", "composite", "distraction", "paraphrase", "deepwordbug",
    ]

    @Test func everyShippedRecipeLoadsWithCitationAndDeviations() throws {
        let recipes = try RecipeLoader.available(in: Fixtures.resources)
        #expect(Set(recipes.map(\.name)).isSuperset(of: Self.shipped))
        for recipe in recipes {
            #expect(!recipe.follows.citation.isEmpty && !recipe.deviations.isEmpty)
            #expect(recipe.sha256.count == 64)
        }
    }

    /// Per recipe: same seed, same results with one or two jobs; only allowed words change.
    @Test(arguments: shipped)
    func recipesAreDeterministicAndRespectTheirConstraints(_ name: String) async throws {
        let recipe = try Fixtures.recipe(name)
        let examples = Array(try Fixtures.demo(.sst2).prefix(24))
        let model = try Fixtures.model(.sst2)
        let one = await AttackRunner(attack: recipe.attack, classifier: model, seed: 5, jobs: 1).run(examples)
        let two = await AttackRunner(attack: recipe.attack, classifier: model, seed: 5, jobs: 2).run(examples)
        #expect(one == two)
        #expect(one.allSatisfy { $0.outcome != .error })
        let stopwords = Set(
            WordList.parse(
                try String(
                    contentsOf: Fixtures.resources.lexicons.appending(path: "stopwords-en.txt"),
                    encoding: .utf8)
            ).map(Normalization.key))
        let wordLevel = recipe.attack.preConstraints.contains { $0 is MaxModificationRate }
        for result in one where !result.modifications.isEmpty {
            let segmented = try SegmentedInput(result.original, segmentation: recipe.attack.segmentation)
            if wordLevel {
                #expect(result.perturbedWordShare <= 0.15 + 1e-12)
                for modification in result.modifications {
                    #expect(!stopwords.contains(segmented.word(at: modification.position).key))
                    #expect(String(segmented.word(at: modification.position).text) == modification.original)
                }
            }
            // Words that were not modified are byte-for-byte the original ones.
            let rebuilt = segmented.replacing(
                spans: Dictionary(
                    uniqueKeysWithValues: result.modifications.map {
                        ($0.position, (last: $0.position.word + $0.span - 1, text: $0.replacement))
                    }))
            #expect(rebuilt == result.perturbed)
        }
    }

    @Test func preTransformationConstraintsOnlyShrinkTheModifiableSet() throws {
        let recipe = try Fixtures.recipe("typo")
        let input = try SegmentedInput(
            TextInput([
                ("premise", "The old man is not walking his dog today ."),
                ("hypothesis", "A man walks a dog in the park ."),
            ]))
        let state = PerturbedInput(input)
        var allowed = Set(input.positions)
        for constraint in [FieldModification(fields: ["hypothesis"])] + recipe.attack.preConstraints {
            let next = allowed.filter { constraint.allows($0, in: state) }
            #expect(next.isSubset(of: allowed))
            allowed = next
        }
        #expect(!allowed.isEmpty)
        #expect(allowed.allSatisfy { $0.field == 1 })
    }

    @Test(arguments: [
        ("version: 1", "version: 2", "unsupported recipe version 2"),
        ("type: character-typo", "type: character-tpyo", "unknown transformation 'character-tpyo'"),
        ("rate: 0.15", "rate: 1.5", "must be between 0 and 1"),
        (
            "type: greedy-word-importance", "type: greedy-word-importance\n  ranking: psychic",
            "unknown ranking 'psychic'"
        ),
        ("query_budget: 2000", "query_budget: 0", "must be at least 1"),
        ("candidates_per_word: 8", "candidates_per_word: 8\n  colour: blue", "'transformation.colour': unknown key"),
        ("name: typo\n", "", "'name': missing required key"),
        (
            "operations: [swap, delete, insert, keyboard]", "operations: [swap, teleport]",
            "unknown operation 'teleport'"
        ),
        ("name: typo\n", "name: typo\nsegmentation: whitespace\n", "'segmentation': unknown segmentation 'whitespace'"),
    ])
    func malformedRecipesAreRejectedWithFileAndKey(_ original: String, _ replacement: String, _ message: String) throws
    {
        let text = try String(contentsOf: Fixtures.packageRoot.appending(path: "Attacks/typo.yaml"), encoding: .utf8)
        #expect(text.contains(original))
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-recipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appending(path: "broken.yaml")
        try Data(text.replacingOccurrences(of: original, with: replacement).utf8).write(to: url)
        do {
            _ = try RecipeLoader.load(url, resources: Fixtures.resources)
            Issue.record("loaded a broken recipe")
        } catch {
            #expect(error.description.contains(url.path), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    /// The word-level recipes carry what reading their successes found, for reports.
    @Test func wordLevelRecipesCarryTheirReadings() throws {
        for name in ["pwws", "synonym", "textfooler", "composite", "typo", "deepwordbug"] {
            let readings = try Fixtures.recipe(name).info.readings ?? []
            #expect(Set(readings.map(\.task)).isSuperset(of: ["sst2", "mnli"]), "\(name)")
            #expect(readings.allSatisfy { $0.read > 0 && $0.valid <= $0.read }, "\(name)")
        }
        let pwws = try Fixtures.recipe("pwws").info.readings ?? []
        #expect(
            pwws.first { $0.task == "sst2" }
                == RecipeInfo.Reading(task: "sst2", valid: 24, read: 27, date: "2026-12-03", inSample: false))
        // The held-out reading on QNLI and QQP, which no rule was written on.
        #expect(pwws.contains { $0.task == "qnli" && $0.inSample == false })
        #expect(try Fixtures.recipe("homoglyph").info.readings == nil)
        // A copy of a shipped recipe elsewhere was never read.
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-recipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appending(path: "pwws.yaml")
        try FileManager.default.copyItem(at: Fixtures.resources.attacks.appending(path: "pwws.yaml"), to: copy)
        #expect(try RecipeLoader.load(copy, resources: Fixtures.resources).info.readings == nil)
    }

    @Test(arguments: [
        (
            "pwws\tsst2\t24\t27\t2026-12-03\theld-out", "pwws\tsst2\t41\t27\t2026-12-03\theld-out",
            "between 0 and read (27)"
        ),
        ("pwws\tsst2\t24\t27\t2026-12-03\theld-out", "pwws\timdb\t24\t27\t2026-12-03\theld-out", "unknown task 'imdb'"),
        (
            "pwws\tsst2\t24\t27\t2026-12-03\theld-out", "pwws\tmnli-mm\t24\t27\t2026-12-03\theld-out",
            "unknown task 'mnli-mm'"
        ),
        ("pwws\tsst2\t24\t27\t2026-12-03\theld-out", "pwws\tsst2\t24\t27\tyesterday\theld-out", "expected a date"),
        (
            "pwws\tmnli\t27\t30\t2026-12-03\tin-sample", "pwws\tsst2\t27\t30\t2026-12-03\tin-sample",
            "a second reading of pwws on sst2"
        ),
        (
            "pwws\tsst2\t24\t27\t2026-12-03\theld-out", "pwws\tsst2\t24\t27\t2026-12-03",
            "expected 6 tab-separated cells"
        ),
        (
            "pwws\tsst2\t24\t27\t2026-12-03\theld-out", "pwws\tsst2\t24\t27\t2026-12-03\tsome",
            "sample must be held-out or in-sample"
        ),
    ])
    func malformedReadingsAreRejectedWithTheirLine(_ original: String, _ replacement: String, _ message: String)
        throws
    {
        let shipped = Fixtures.resources.attacks.appending(path: RecipeReadings.fileName)
        let text = try String(contentsOf: shipped, encoding: .utf8)
        #expect(text.contains(original))
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == original }! + 1
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-readings-\(UUID().uuidString).tsv")
        try Data(text.replacingOccurrences(of: original, with: replacement).utf8).write(to: url)
        do {
            _ = try RecipeReadings.load(url)
            Issue.record("loaded broken readings")
        } catch {
            #expect(error.description.contains("\(url.path):\(line)"), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    /// deepwordbug keeps "well-crafted" as one word, as TextAttack does, so it ranks and
    /// edits the same positions; the other recipes keep ICU's words.
    @Test func deepwordbugJoinsHyphenatedCompounds() async throws {
        #expect(try Fixtures.recipe("deepwordbug").attack.segmentation == .joiningHyphens)
        #expect(try Fixtures.recipe("typo").attack.segmentation == .icu)
        let recipe = try Fixtures.recipe("deepwordbug")
        let example = Example(
            id: "hyphen-0", input: TextInput([("sentence", "a well-crafted , heart-warming film")]), label: 1)
        let result = await recipe.attack.attack(example, classifier: try Fixtures.model(.sst2), seed: 3)
        #expect(result.wordCount == 4)
        for modification in result.modifications {
            #expect(["a", "well-crafted", "heart-warming", "film"].contains(modification.original))
        }
    }

    @Test func fieldSelectionParses() {
        #expect(FieldSelection(parsing: "default").names(for: ["premise", "hypothesis"]) == ["hypothesis"])
        #expect(FieldSelection(parsing: "all").names(for: ["premise", "hypothesis"]) == ["premise", "hypothesis"])
        #expect(FieldSelection(parsing: "premise").names(for: ["premise", "hypothesis"]) == ["premise"])
        #expect(FieldSelection.taskDefault.names(for: ["sentence"]) == ["sentence"])
    }
}
