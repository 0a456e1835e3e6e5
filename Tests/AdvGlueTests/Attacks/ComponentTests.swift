import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Testing

@testable import AdvGlueAttacks

@Suite("Attack components")
struct ComponentTests {
    @Test(arguments: ["film", "Awful", "naïve", "👍🏽ok", "東京"])
    func typosAreOneEditAwayAndDistinct(_ word: String) {
        let variants = CharacterTypo().variants(of: word)
        #expect(Set(variants.map(\.text)).count == variants.count)
        #expect(!variants.contains { $0.text == word })
        // Every typo is one edit (a swap of neighbours counts as one), so the recipe's
        // max-edit-distance of 1 keeps all operations.
        for variant in variants { #expect(MaxEditDistance.distance(Array(word), Array(variant.text)) == 1) }
        #expect(Set(variants.map(\.operation)).contains(.swap) || Array(word).count < 2)
    }

    @Test(arguments: [
        ("film", "flim", 1), ("film", "films", 1), ("film", "fiml", 1), ("film", "mlif", 3), ("", "ab", 2),
        ("abc", "abc", 0),
    ])
    func editDistanceCountsSwapsAsOne(_ a: String, _ b: String, _ expected: Int) {
        #expect(MaxEditDistance.distance(Array(a), Array(b)) == expected)
    }

    @Test func keyboardTyposKeepCase() {
        let variants = CharacterTypo(operations: [.keyboard]).variants(of: "Awful")
        #expect(!variants.isEmpty)
        for variant in variants where variant.text.first != "A" {
            #expect(variant.text.first!.isUppercase)
        }
        #expect(KeyboardLayout.qwerty.neighbours(of: "g").sorted() == ["b", "f", "h", "t", "v", "y"])
        #expect(KeyboardLayout.qwerty.neighbours(of: "Q").sorted() == ["A", "W"])
        #expect(KeyboardLayout.qwerty.neighbours(of: "é").isEmpty)
    }

    @Test func candidateSamplingIsSeededAndBounded() throws {
        let input = try SegmentedInput(TextInput([("sentence", "a wonderful film")]))
        let state = PerturbedInput(input)
        let position = WordPosition(field: 0, word: 1)
        let typo = CharacterTypo(candidatesPerWord: 5)
        var a = SplitMix64(seed: 3)
        var b = SplitMix64(seed: 3)
        var c = SplitMix64(seed: 4)
        let first = typo.candidates(for: state, at: position, using: &a)
        #expect(first.count == 5)
        #expect(first == typo.candidates(for: state, at: position, using: &b))
        #expect(first != typo.candidates(for: state, at: position, using: &c))
        #expect(first.allSatisfy { $0.original == "wonderful" && $0.transformation.hasPrefix("character-typo.") })
    }

    @Test(arguments: [(6, 0), (7, 1), (13, 1), (14, 2), (20, 3), (100, 15)])
    func maxModificationRateRoundsDown(_ words: Int, _ limit: Int) {
        #expect(MaxModificationRate(rate: 0.15).limit(forWordCount: words) == limit)
    }

    @Test func untargetedGoalJudgesSuccessOnUnscaledLogits() {
        let goal = UntargetedClassification(temperature: 100)
        #expect(goal.isSuccess(logits: [0, 1], groundTruth: 0))
        #expect(!goal.isSuccess(logits: [1, 0], groundTruth: 0))
        // A high temperature flattens scores but not the decision.
        #expect(abs(goal.score(logits: [20, 0], groundTruth: 0) - 0.45) < 0.01)
        #expect(UntargetedClassification().score(logits: [20, 0], groundTruth: 0) < 1e-6)
    }

    @Test func queryingModelSplitsLargeBatches() async throws {
        let counting = CountingClassifier(try Fixtures.model(.sst2))
        let model = QueryingModel(counting, maxBatchSize: 2)
        let inputs = (0..<5).map { TextInput([("sentence", "film number \($0)")]) }
        let rows = try await model.logits(for: inputs + inputs)
        #expect(rows.count == 10 && rows.allSatisfy { $0 != nil })
        #expect(counting.calls == 3 && counting.inputs == 5 && model.queries == 5)
    }

    @Test func queryingModelMemoisesAndCounts() async throws {
        let counting = CountingClassifier(try Fixtures.model(.sst2))
        let model = QueryingModel(counting, budget: 3)
        let a = TextInput([("sentence", "a fine film")])
        let b = TextInput([("sentence", "a dull film")])
        _ = try await model.logits(for: [a, a, b])
        #expect(model.queries == 2)
        #expect(counting.inputs == 2)
        _ = try await model.logits(for: [b, a])
        #expect(model.queries == 2)
        #expect(counting.calls == 1)
        let c = TextInput([("sentence", "c")])
        let d = TextInput([("sentence", "d")])
        let rows = try await model.logits(for: [c, d])
        #expect(rows[0] != nil && rows[1] == nil)  // the budget of 3 allows one more
        #expect(model.isExhausted)
    }
}
