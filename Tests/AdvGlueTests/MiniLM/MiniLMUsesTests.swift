import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueAttacks
@testable import AdvGlueBackends
@testable import AdvGlueModels

/// The constraints, validity scorer and victim built on the encoder.
@Suite("MiniLM constraints, validity and victims", MiniLMTestSupport.trait)
struct MiniLMUsesTests {
    static func state(_ text: String) throws -> PerturbedInput {
        PerturbedInput(try SegmentedInput(TextInput([("sentence", text)])))
    }

    static func swap(_ state: PerturbedInput, word: Int, with replacement: String) -> PerturbedInput {
        let position = WordPosition(field: 0, word: word)
        return state.applying(
            Modification(
                position: position, original: state.word(at: position), replacement: replacement, transformation: "test"
            ))
    }

    @Test func windowFollowsTextAttack() {
        #expect(TextWindow.around(0, size: 15, wordCount: 40) == 0...14)
        #expect(TextWindow.around(20, size: 15, wordCount: 40) == 13...27)
        #expect(TextWindow.around(39, size: 15, wordCount: 40) == 25...39)
        #expect(TextWindow.around(3, size: 15, wordCount: 5) == 0...4)
    }

    @Test func windowTextRendersReplacements() throws {
        let base = try Self.state("one two three four five six seven")
        let changed = Self.swap(base, word: 3, with: "FOUR")
        #expect(TextWindow.text(of: changed, field: 0, words: 2...4) == "three FOUR five")
        #expect(TextWindow.text(of: base, field: 0, words: 2...4) == "three four five")
    }

    @Test func similarityKeepsSynonymsAndDropsUnrelatedWords() async throws {
        _ = try MiniLMTestSupport.model()
        let base = try Self.state("the acting in this film is wonderful and the story is moving")
        let synonym = Self.swap(base, word: 4, with: "movie")
        let unrelated = Self.swap(
            Self.swap(Self.swap(base, word: 4, with: "spreadsheet"), word: 6, with: "carburetor"), word: 9, with: "tax")
        let constraint = SentenceSimilarity(threshold: 0.9, metric: .cosine, window: nil, compareAgainst: .original)
        let kept = try await constraint.filter([synonym, unrelated], reference: base)
        #expect(kept == [synonym])
        let windowed = SentenceSimilarity(
            threshold: 0.840845057, metric: .angular, window: 15, compareAgainst: .reference)
        #expect(try await windowed.filter([synonym], reference: base) == [synonym])
        #expect(windowed.similarity(fromCosine: 1) == 1 && abs(windowed.similarity(fromCosine: 0) - 0.5) < 1e-12)
    }

    @Test func bertScoreFilterKeepsSmallAdditionsOnly() async throws {
        let base = try Self.state("A man is playing a guitar on stage .")
        let last = WordPosition(field: 0, word: base.original.fields[0].words.count - 2)
        let small = base.applying(
            Modification(
                position: last, original: "stage", replacement: "stage and true is true", transformation: "test"))
        let large = base.applying(
            Modification(
                position: last, original: "stage",
                replacement:
                    "stage while the quarterly tax report on carburetor imports was filed by nobody in particular",
                transformation: "test"))
        let kept = try await BERTScoreThreshold(threshold: 0.75).filter([small, large], reference: base)
        #expect(kept == [small])
    }

    @Test func validityComparesOnlyChangedFields() async throws {
        let original = TextInput([
            ("premise", "A man is playing a guitar on stage."), ("hypothesis", "A person plays music."),
        ])
        var perturbed = original
        perturbed.fields[1].text = "A person plays melodies."
        let scores = try await MiniLMValidity().scores(original: original, perturbed: perturbed)
        let model = try MiniLMTestSupport.model()
        let e = model.embed(["A person plays music.", "A person plays melodies."])
        #expect(abs(scores.similarity! - Double(Pooling.dot(e[0], e[1]))) < 1e-6)
        #expect(scores.bertScoreF1! > 0.8 && scores.bertScoreF1! < 1)
        let same = try await MiniLMValidity().scores(original: original, perturbed: original)
        #expect(same.similarity == 1 && same.bertScoreF1 == 1)
    }

    @Test(arguments: [GlueTask.sst2, .mnli, .qqp, .qnli, .rte])
    func shippedHeadsLoadAndScore(_ task: GlueTask) async throws {
        let classifier = try await MiniLMBackend(spec: "builtin:minilm")!.load(
            for: task, context: ModelContext(resources: Fixtures.resources))
        #expect(classifier.identity.spec == "builtin:minilm")
        let examples = Array(try Fixtures.demo(task).prefix(8))
        let rows = try await classifier.logits(for: examples.map(\.input))
        #expect(
            rows.count == examples.count
                && rows.allSatisfy { $0.count == task.labelNames.count && $0.allSatisfy(\.isFinite) })
        let (head, _) = try MiniLMHeadFile.read(
            from: MiniLMBackend.builtinPath(for: task, resources: Fixtures.resources))
        #expect(head.metadata.heldOutAccuracy != nil)
    }

    @Test func headFileRoundTripsAndRejectsDamage() throws {
        let head = MiniLMHeadTrainer.train(
            features: [[1, 0], [0, 1], [1, 0.1], [0.1, 1]], labels: [0, 1, 0, 1], task: .sst2, embeddingSize: 2,
            configuration: MiniLMTrainingConfiguration(), trainingData: "toy")
        let data = try MiniLMHeadFile.encode(head)
        #expect(try MiniLMHeadFile.decode(data, file: "toy.bin") == head)
        #expect(try MiniLMHeadFile.encode(MiniLMHeadFile.decode(data, file: "toy.bin")) == data)
        #expect(throws: AdvGlueError.self) { try MiniLMHeadFile.decode(data.dropLast(3), file: "toy.bin") }
        var wrongMagic = data
        wrongMagic[0] = 0
        #expect(throws: AdvGlueError.self) { try MiniLMHeadFile.decode(wrongMagic, file: "toy.bin") }
        #expect(MiniLMHeadTrainer.accuracy(of: head, features: [[1, 0], [0, 1]], labels: [0, 1]) == 1)
    }

    @Test func headForAnotherTaskIsRefused() throws {
        let url = MiniLMBackend.builtinPath(for: .sst2, resources: Fixtures.resources)
        #expect(throws: AdvGlueError.self) {
            try MiniLMClassifier.load(head: url, task: .rte, spec: "minilm:\(url.path)")
        }
    }

    @Test func textfoolerAttacksTheMiniLMVictimAndScoresValidity() async throws {
        let recipe = try Fixtures.recipe("textfooler")
        #expect(recipe.attack.validity != nil)
        let classifier = try await MiniLMBackend(spec: "builtin:minilm")!.load(
            for: .sst2, context: ModelContext(resources: Fixtures.resources))
        let examples = Array(try Fixtures.demo(.sst2).prefix(12))
        let one = await AttackRunner(attack: recipe.attack, classifier: classifier, seed: 1, jobs: 1).run(examples)
        let two = await AttackRunner(attack: recipe.attack, classifier: classifier, seed: 1, jobs: 2).run(examples)
        #expect(one == two)
        #expect(one.allSatisfy { $0.outcome != .error }, "\(one.compactMap(\.errorMessage))")
        let successes = one.filter { $0.outcome == .successful }
        #expect(!successes.isEmpty)
        for result in successes {
            let validity = try #require(result.validity)
            #expect((0...1.0001).contains(validity.similarity!) && (0...1.0001).contains(validity.bertScoreF1!))
        }
    }
}
