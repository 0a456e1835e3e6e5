import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import Foundation
import Testing

@testable import AdvGlueAttacks

/// A classifier that predicts label 1 when its keyword appears in any field, else label 0.
struct KeywordClassifier: Classifier {
    let keyword: String
    var labels: [String] { ["negative", "positive"] }
    var identity: ModelIdentity { ModelIdentity(spec: "test:keyword", description: "keyword \(keyword)") }

    func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        inputs.map { $0.texts.contains { $0.contains(keyword) } ? [0, 2] : [2, 0] }
    }
}

/// An acceptance check that refuses every flip, counting them.
struct RefuseAll: AcceptanceCheck {
    var name: String { "refuse-all" }
    func measure(_ candidate: PerturbedInput) async throws -> (value: Double, passes: Bool) { (0, false) }
}

@Suite("Paraphrase templates")
struct ParaphraseTemplateTests {
    static let catalogueURL = Fixtures.resources.corpora.appending(path: "templates/paraphrase.yaml")
    static let ids: [String] =
        (try? TemplateCatalog.load(catalogueURL, words: try EnglishWords.locate()).templates.map(\.id)) ?? [
            "<catalogue failed>"
        ]

    static func catalogue() throws -> TemplateCatalog {
        try TemplateCatalog.load(catalogueURL, words: try EnglishWords.locate())
    }

    static func rewrites(_ text: String, _ id: String) throws -> [String] {
        let catalogue = try catalogue()
        let template = try #require(catalogue.templates.first { $0.id == id }, "no template \(id)")
        return TemplateCatalog.rewrites(of: text, by: template, classes: catalogue.classes, maps: catalogue.maps)
    }

    static func start(_ pairs: [(String, String)], modifiable: Set<String>? = nil) throws -> PerturbedInput {
        PerturbedInput(try SegmentedInput(TextInput(pairs)), modifiableFields: modifiable)
    }

    @Test("each template rewrites its examples as written and leaves its non-examples alone", arguments: ids)
    func examples(_ id: String) throws {
        let catalogue = try Self.catalogue()
        let template = try #require(catalogue.templates.first { $0.id == id })
        #expect(!template.examples.isEmpty && !template.nonExamples.isEmpty)
        #expect(!template.source.isEmpty && !template.note.isEmpty)
        for example in template.examples {
            #expect(try Self.rewrites(example.input, id).contains(example.output), "\(id): \(example.input)")
        }
        for input in template.nonExamples {
            #expect(try Self.rewrites(input, id).isEmpty, "\(id) must leave alone: \(input)")
        }
    }

    @Test func theCatalogueHasEveryFamilyTheRecipePromises() throws {
        let catalogue = try Self.catalogue()
        let families = Set(catalogue.templates.map(\.family))
        #expect(families.isSuperset(of: ["clause-order", "voice", "question", "contraction", "adverb-move"]))
        for task in GlueTask.allCases {
            #expect(catalogue.templates.contains { $0.tasks.contains(task) && $0.family != "contraction" }, "\(task)")
        }
        for task: GlueTask in [.qqp, .qnli] {
            #expect(catalogue.templates.contains { $0.tasks.contains(task) && $0.family == "question" })
        }
        #expect(
            catalogue.entities.groups.contains { $0.isPerson } && catalogue.entities.groups.contains { !$0.isPerson })
        #expect(catalogue.numbers.words[3] == "three" && catalogue.numbers.ordinals[19] == "nineteenth")
    }

    @Test func specificRewrites() throws {
        #expect(
            try Self.rewrites("Critics hated it because it was loud.", "because-front").isEmpty,
            "an unknown capitalised first word must not be lower-cased")
        #expect(try Self.rewrites("it fails because it drags because it is long .", "because-front").isEmpty)
        #expect(
            try Self.rewrites("He moved. It fails because it is long.", "because-front") == [
                "He moved. Because it is long, it fails."
            ])
        #expect(try Self.rewrites("Mr. Smith left because he was tired.", "because-front").isEmpty)
        #expect(
            try Self.rewrites("The film was directed by Ana Lopez.", "passive-to-active-name") == [
                "Ana Lopez directed the film."
            ])
        #expect(
            try Self.rewrites("He does not like it, \"really\".", "contract-not") == ["He doesn't like it, \"really\"."]
        )
        #expect(
            try Self.rewrites("What is the capital of Peru?", "what-is-to-tell-me") == [
                "Can you tell me what the capital of Peru is?"
            ])
    }

    @Test func capitalsFollowSentencesNotPositions() throws {
        // A phrase that starts a later sentence keeps its capital; a month stays a name.
        #expect(try Self.rewrites("It rose. More than 300 came.", "more-than-to-over") == ["It rose. Over 300 came."])
        #expect(try Self.rewrites("March 5, 1999 was a Friday.", "date-day-first") == ["5 March 1999 was a Friday."])
        // "Korea" after "South" is part of a longer name.
        #expect(try Self.rewrites("South Korea's capital is Seoul.", "possessive-to-of").isEmpty)
        let templates = ParaphraseTemplates(catalogue: try Self.catalogue())
        var rng = SplitMix64(seed: 2)
        let start = try Self.start([("sentence", "It rained. 3 people died.")])
        #expect(
            templates.rewrites(of: RewriteState(start), from: start, using: &rng).contains {
                $0.fields == ["It rained. Three people died."]
            })
    }

    @Test func fieldsAreReadInTheirOwnStyleAndWrittenBackByteForByte() throws {
        let prose = try #require(FieldTokens("It isn't bad, \"really\" (twice)."))
        #expect(prose.tokens == ["It", "is", "n't", "bad", ",", "\"", "really", "\"", "(", "twice", ")", "."])
        #expect(prose.style == .written && !prose.lowercase)
        #expect(prose.text == "It isn't bad, \"really\" (twice).")
        let sst2 = try #require(FieldTokens("it 's not a bad film . "))
        #expect(sst2.style == .spaced && sst2.lowercase && sst2.text == "it 's not a bad film . ")
        #expect(FieldTokens("two  spaces") == nil)
        #expect(FieldTokens("a\ttab") == nil)
        #expect(FieldTokens("") == nil)
        #expect(ParaphraseTemplate.sentences(try #require(FieldTokens("He left. She stayed."))) == [0..<3, 3..<6])
        #expect(ParaphraseTemplate.sentences(try #require(FieldTokens("Mr. Smith left."))).count == 1)
    }

    @Test("real fields the templates read render back unchanged", .enabled(if: SharedCorpora.available))
    func realFieldsRoundTrip() throws {
        for (path, task) in [
            ("glue_data/SST-2/dev.tsv", GlueTask.sst2), ("glue_data/RTE/dev.tsv", .rte),
            ("glue_data/QNLI/dev.tsv", .qnli),
        ] {
            let examples = try DataLoader.load(try SharedCorpora.file(path), task: task).examples.prefix(500)
            var read = 0
            var total = 0
            for example in examples {
                for field in example.input.fields {
                    total += 1
                    guard let tokens = FieldTokens(field.text) else { continue }
                    read += 1
                    #expect(tokens.text == field.text)
                }
            }
            #expect(Double(read) >= 0.85 * Double(total), "\(path): only \(read) of \(total) fields readable")
        }
    }

    @Test func entitySwapsAreConsistentAcrossFields() throws {
        let templates = ParaphraseTemplates(catalogue: try Self.catalogue())
        var rng = SplitMix64(seed: 5)
        let both = try Self.start([
            ("premise", "Elena met her sister in Lisbon."), ("hypothesis", "Elena was in Lisbon."),
        ])
        let swaps = templates.rewrites(of: RewriteState(both), from: both, using: &rng).filter {
            $0.applied.last?.hasPrefix("person:") == true || $0.applied.last?.hasPrefix("place:") == true
        }
        #expect(swaps.contains { $0.applied == ["person:female-spanish"] })
        #expect(swaps.contains { $0.applied == ["place:cities-europe"] })
        for swap in swaps {
            let premise = swap.fields[0].split(separator: " ").first!
            let hypothesis = swap.fields[1].split(separator: " ").first!
            if swap.applied.last?.hasPrefix("person:") == true {
                #expect(premise == hypothesis && premise != "Elena", "\(swap.fields)")
            } else {
                #expect(swap.fields[0].hasSuffix(swap.fields[1].split(separator: " ").last!), "\(swap.fields)")
                #expect(!swap.fields[0].contains("Lisbon") && !swap.fields[1].contains("Lisbon"))
            }
            #expect(swap.plain == both.input.fields.map(\.text), "the meaning check reads the swap undone")
        }
        // Named in one text only, in a field the attack may not change, inside a longer
        // name, or next to a demonym: left alone.
        for (pairs, modifiable) in [
            ([("premise", "Elena met Tom."), ("hypothesis", "Someone met Tom.")], nil),
            ([("premise", "Elena met Tom."), ("hypothesis", "Elena met him.")], Set(["hypothesis"])),
            (
                [
                    ("premise", "She studied at George Washington University."),
                    ("hypothesis", "George Washington University is old."),
                ], nil
            ),
            ([("premise", "The French team played in Lisbon."), ("hypothesis", "They played in Lisbon.")], nil),
            ([("premise", "Kamehameha conquered Honolulu."), ("hypothesis", "Honolulu fell.")], nil),
            ([("premise", "Joseph Priestley found it."), ("hypothesis", "Joseph Priestley was a chemist.")], nil),
        ] as [([(String, String)], Set<String>?)] {
            let start = try Self.start(pairs, modifiable: modifiable)
            let found = templates.rewrites(of: RewriteState(start), from: start, using: &rng).filter {
                $0.applied.last?.hasPrefix("person:") == true || $0.applied.last?.hasPrefix("place:") == true
            }
            #expect(found.isEmpty, "\(pairs): \(found.map(\.fields))")
        }
    }

    @Test func numberFormatsChangeEveryFieldAtOnce() throws {
        let templates = ParaphraseTemplates(catalogue: try Self.catalogue())
        var rng = SplitMix64(seed: 1)
        let start = try Self.start([("premise", "It took 3 days to get there."), ("hypothesis", "It took 3 days.")])
        let rewrites = templates.rewrites(of: RewriteState(start), from: start, using: &rng)
        let words = try #require(rewrites.first { $0.applied == ["number:digits-to-words"] })
        #expect(words.fields == ["It took three days to get there.", "It took three days."])
        #expect(words.plain == words.fields, "a number format is checked for meaning like any rewrite")
        let century = try Self.start([("premise", "It began in the 19th century."), ("hypothesis", "It is old.")])
        let ordinal = try #require(
            templates.rewrites(of: RewriteState(century), from: century, using: &rng).first {
                $0.applied == ["number:ordinal-to-words"]
            })
        #expect(ordinal.fields[0] == "It began in the nineteenth century.")
        // Two numbers would end in two formats ("four of 8 songs"): neither changes.
        let two = try Self.start([("premise", "He wrote four of eight songs."), ("hypothesis", "He wrote songs.")])
        #expect(
            !templates.rewrites(of: RewriteState(two), from: two, using: &rng).contains {
                $0.applied.contains { $0.hasPrefix("number:") }
            })
        for text in ["Windows 7 is old.", "See chapter 3 now.", "They won 3 - nil.", "He lives at 10 Downing Street."] {
            let single = try Self.start([("sentence", text)])
            #expect(
                !templates.rewrites(of: RewriteState(single), from: single, using: &rng).contains {
                    $0.applied.contains { $0.hasPrefix("number:") }
                }, "\(text)")
        }
        // Written-out numbers stay written out: digits in prose read worse ("2 observations").
        let back = try Self.start([("sentence", "It lasted three years.")])
        #expect(
            !templates.rewrites(of: RewriteState(back), from: back, using: &rng).contains {
                $0.applied.contains { $0.hasPrefix("number:") }
            })
        // Lower-case SST-2 text hides titles ("the derivative nine queens"), and quotations
        // stay as quoted: no number or entity changes there.
        for text in [
            "the derivative nine queens is lots of fun .", "a japanese alice through the looking glass .",
            "He said \"3 days in Lisbon\" twice.",
        ] {
            let single = try Self.start([("sentence", text)])
            #expect(
                !templates.rewrites(of: RewriteState(single), from: single, using: &rng).contains {
                    $0.applied.contains { $0.hasPrefix("number:") || $0.hasPrefix("person:") || $0.hasPrefix("place:") }
                }, "\(text)")
        }
    }

    @Test func rewritesTouchOnlyFieldsTheAttackMayChange() throws {
        let templates = ParaphraseTemplates(catalogue: try Self.catalogue())
        var rng = SplitMix64(seed: 1)
        let start = try Self.start(
            [("question1", "How do I learn Python?"), ("question2", "How do I learn Java?")], modifiable: ["question2"])
        let rewrites = templates.rewrites(of: RewriteState(start), from: start, using: &rng)
        #expect(!rewrites.isEmpty)
        #expect(rewrites.allSatisfy { $0.fields[0] == "How do I learn Python?" })
        let record = try #require(rewrites.first { $0.applied == ["how-do-i-to-best-way"] }?.perturbed(from: start))
        #expect(record.input.fields[1].text == "What is the best way to learn Java?")
        #expect(record.orderedModifications.map(\.transformation) == ["paraphrase.how-do-i-to-best-way"])
        #expect(record.orderedModifications.first?.original == "How do I learn Java")
    }

    @Test func theSearchCombinesTemplatesAndHonoursTheMeaningCheck() async throws {
        let recipe = try Fixtures.recipe("paraphrase")
        var attack = recipe.attack
        let example = Example(
            id: "q1",
            input: TextInput([("question1", "How can I learn to cook?"), ("question2", "Is it hard to cook?")]),
            label: 0)
        // Two steps: "How can I" → "How do I" → "What is the best way to".
        let result = await attack.attack(example, classifier: KeywordClassifier(keyword: "best way"), seed: 3)
        #expect(result.outcome == .successful)
        #expect(result.perturbed?.fields[0].text == "What is the best way to learn to cook?")
        #expect(result.modifications.map(\.transformation) == ["paraphrase.how-can-i-to-how-do-i+how-do-i-to-best-way"])
        var refused = ValidityFilters.none
        refused.set = .advglue
        refused.acceptance = [RefuseAll()]
        attack = attack.filtered(by: refused)
        let blocked = await attack.attack(example, classifier: KeywordClassifier(keyword: "best way"), seed: 3)
        #expect(blocked.outcome == .failed)
        #expect((blocked.rejected?.flips["refuse-all"] ?? 0) > 0)
    }

    @Test func anEntitySwapIsJudgedWithTheSwapUndone() async throws {
        let filters = try ValidityFilters.load(.advglue, task: .mnli, resources: Fixtures.resources)
        let attack = try Fixtures.recipe("paraphrase").attack.filtered(by: filters)
        let example = Example(
            id: "e1", input: TextInput([("premise", "Elena met her sister."), ("hypothesis", "Elena was happy.")]),
            label: 1)
        // The keyword model flips when "Elena" is gone: only a consistent swap does that.
        let result = await attack.attack(example, classifier: KeywordClassifier(keyword: "Elena"), seed: 4)
        #expect(result.outcome == .successful)
        #expect(
            result.modifications.count == 2 && result.modifications.allSatisfy { $0.transformation.contains("person:") }
        )
        let names = result.modifications.map { $0.replacement.split(separator: " ").first! }
        #expect(names[0] == names[1] && names[0] != "Elena")
        #expect(result.validity?.fieldSimilarity == 1, "the meaning check reads the texts with the swap undone")
    }

    @Test("a paraphrase run is the same under the same seed", .enabled(if: SharedCorpora.available))
    func deterministicOnRealData() async throws {
        let file = try SharedCorpora.file("glue_data/RTE/dev.tsv")
        let examples = try DataLoader.load(file, task: .rte).examples.prefix(40)
        let attack = try Fixtures.recipe("paraphrase").attack
        let model = try Fixtures.model(.rte)
        var first: [AttackResult] = []
        var second: [AttackResult] = []
        for example in examples {
            first.append(await attack.attack(example, classifier: model, seed: 11))
            second.append(await attack.attack(example, classifier: model, seed: 11))
        }
        #expect(first.map(\.perturbed) == second.map(\.perturbed))
        #expect(first.map(\.queries) == second.map(\.queries))
        #expect(first.contains { $0.queries > 1 }, "templates should apply to some RTE examples")
    }

    @Test func aTemplateSearchNeedsAFieldRewriterAndViceVersa() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-recipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = try String(
            contentsOf: Fixtures.resources.attacks.appending(path: "paraphrase.yaml"), encoding: .utf8)
        let url = folder.appending(path: "mixed.yaml")
        try Data(
            text.replacingOccurrences(
                of: "type: paraphrase\n  templates: templates/paraphrase.yaml", with: "type: character-typo"
            )
            .replacingOccurrences(of: "name: paraphrase", with: "name: mixed").utf8
        ).write(to: url)
        #expect {
            _ = try RecipeLoader.load(url, resources: Fixtures.resources)
        } throws: { error in
            "\(error)".contains("search 'templates' needs transformation type 'paraphrase'")
        }
    }

    @Test func malformedCataloguesAreRejectedWithFileLineAndKey() throws {
        let text = try String(contentsOf: Self.catalogueURL, encoding: .utf8)
        func load(_ edited: String) throws -> String {
            let url = FileManager.default.temporaryDirectory.appending(
                path: "advglue-templates-\(UUID().uuidString).yaml")
            try Data(edited.utf8).write(to: url)
            do {
                _ = try TemplateCatalog.load(url, words: try EnglishWords.locate())
                return ""
            } catch {
                // "FILE:LINE: 'KEY': message"
                #expect(error.description.contains(url.path + ":"), "\(error)")
                #expect(error.description.range(of: #":[0-9]+: '"#, options: .regularExpression) != nil, "\(error)")
                return error.description
            }
        }
        let task = try load(text.replacingOccurrences(of: "tasks: [qqp, qnli]", with: "tasks: [qqp, qnlx]"))
        #expect(task.contains("unknown task 'qnlx'") && task.contains(".tasks[1]'"))
        let omitted = try load(
            text.replacingOccurrences(of: "rewrite: \"because {B} , {A}\"", with: "rewrite: \"because {B}\""))
        #expect(omitted.contains("leaves out slot {A}") && omitted.contains("'templates[0].rewrite'"))
        #expect(
            try load(
                text.replacingOccurrences(
                    of: "\"Because it never finds its tone, the film fails.\"",
                    with: "\"Because it never finds its tone the film fails.\"")
            )
            .contains("template 'because-front' rewrites its example"))
        #expect(
            try load(
                text.replacingOccurrences(of: "sentence: \"{A} because {B}\"", with: "sentence: \"{A} {B} because\"")
            ).contains("two slots side by side"))
        #expect(
            try load(
                text.replacingOccurrences(
                    of: "    non_examples:\n      - \"He didn't leave because he was tired.\"\n",
                    with: "    non_examples:\n      - \"It fails because it drags.\"\n")
            ).contains("must leave"))
        #expect(
            try load(text.replacingOccurrences(of: "Lisbon, Madrid,", with: "Lisbon, Elena, Madrid,")).contains(
                "'Elena' is also in"))
        #expect(
            try load(text.replacingOccurrences(of: "version: 2", with: "version: 1")).contains(
                "unsupported templates version"))
    }
}
