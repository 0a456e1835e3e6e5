import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueAttacks

@Suite("DeepWordBug parts: random character edits, whole-text edit distance")
struct DeepWordBugTests {
    static let letters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// Each operation's one edit is of its kind: a neighbour swap, one letter replaced by
    /// an ASCII letter, one character removed, an ASCII letter inserted before a character.
    @Test(arguments: ["film", "ab", "aa", "charming", "café", "👍🏽ok", "naïve"])
    func eachEditIsOfItsKind(_ word: String) {
        let edit = RandomCharacterEdit()
        let clusters = Array(word)
        for seed in 0..<200 {
            var rng = SplitMix64(seed: UInt64(seed))
            let edits = edit.edits(of: word, using: &rng)
            #expect(Set(edits.map(\.text)).count == edits.count)
            for (text, operation) in edits {
                let out = Array(text)
                #expect(text != word)
                switch operation {
                case .swap:
                    #expect(out.count == clusters.count)
                    let differing = clusters.indices.filter { clusters[$0] != out[$0] }
                    #expect(differing.count == 2 && differing[1] == differing[0] + 1)
                    #expect(out[differing[0]] == clusters[differing[1]] && out[differing[1]] == clusters[differing[0]])
                case .substitute:
                    #expect(out.count == clusters.count)
                    let differing = clusters.indices.filter { clusters[$0] != out[$0] }
                    #expect(differing.count == 1 && Self.letters.contains(out[differing[0]]))
                case .delete:
                    #expect(out.count == clusters.count - 1)
                    #expect((0..<clusters.count).contains { i in Array(clusters[..<i] + clusters[(i + 1)...]) == out })
                case .insert:
                    #expect(out.count == clusters.count + 1)
                    // Inserted before some character: never appended at the end.
                    #expect(
                        (0..<clusters.count).contains { i in
                            Self.letters.contains(out[i]) && Array(out[..<i] + out[(i + 1)...]) == clusters
                        })
                }
            }
        }
    }

    @Test func theSameSeedGivesTheSameEditsAndShortWordsNone() {
        var a = SplitMix64(seed: 7)
        var b = SplitMix64(seed: 7)
        let edit = RandomCharacterEdit()
        #expect(
            edit.edits(of: "wonderful", using: &a).map(\.text) == edit.edits(of: "wonderful", using: &b).map(\.text))
        var rng = SplitMix64(seed: 1)
        #expect(edit.edits(of: "a", using: &rng).isEmpty && edit.edits(of: "", using: &rng).isEmpty)
        #expect(!edit.mayChange("a") && !edit.mayChange("👍🏽") && edit.mayChange("ab"))
        // Over many seeds every operation shows up, at most one candidate each.
        var seen: Set<RandomCharacterEdit.Operation> = []
        for seed in 0..<50 {
            var rng = SplitMix64(seed: UInt64(seed))
            let edits = edit.edits(of: "wonderful", using: &rng)
            #expect(edits.count <= 4)
            seen.formUnion(edits.map(\.operation))
        }
        #expect(seen == Set(RandomCharacterEdit.Operation.allCases))
    }

    static func naive(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var d = (0...b.count).map { $0 }
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = d[0]
            d[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let value = min(d[j] + 1, d[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = d[j]
                d[j] = value
            }
        }
        return d[b.count]
    }

    @Test func bandedDistanceAgreesWithTheFullTable() {
        var rng = SplitMix64(seed: 3)
        let alphabet = Array("abcde é".unicodeScalars)
        for _ in 0..<400 {
            let a = (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var b = a
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where !b.isEmpty: b.remove(at: Int.random(in: 0..<b.count, using: &rng))
                case 1: b.insert(alphabet.randomElement(using: &rng)!, at: Int.random(in: 0...b.count, using: &rng))
                default:
                    if !b.isEmpty { b[Int.random(in: 0..<b.count, using: &rng)] = alphabet.randomElement(using: &rng)! }
                }
            }
            let exact = Self.naive(a, b)
            #expect(LevenshteinEditDistance.distance(a, b) == exact)
            for limit in [0, 1, 3, 8] {
                let banded = LevenshteinEditDistance.distance(a, b, limit: limit)
                #expect(exact <= limit ? banded == exact : banded == limit + 1, "\(a) \(b) limit \(limit)")
            }
        }
    }

    /// The filter's verdict is the whole text's distance to the original against the
    /// maximum, whether the per-word bound decides it or the full computation does.
    @Test func theConstraintJudgesTheWholeText() async throws {
        let input = try SegmentedInput(
            TextInput([("sentence", "a wonderful , charming and moving film about nothing")]))
        var state = PerturbedInput(input)
        var rng = SplitMix64(seed: 11)
        let edit = RandomCharacterEdit()
        for maximum in [0, 2, 5, 9] {
            let constraint = LevenshteinEditDistance(maximum: maximum)
            state = PerturbedInput(input)
            for position in input.positions {
                for candidate in edit.candidates(for: state, at: position, using: &rng).map(state.applying) {
                    let kept = try await constraint.filter([candidate], reference: state).count == 1
                    let distance = Self.naive(
                        Array(input.input.fields[0].text.unicodeScalars),
                        Array(candidate.input.fields[0].text.unicodeScalars))
                    #expect(kept == (distance <= maximum))
                }
                if let first = edit.candidates(for: state, at: position, using: &rng).first {
                    state = state.applying(first)
                }
            }
        }
    }

    @Test func theRecipeFollowsTextAttack() throws {
        let recipe = try Fixtures.recipe("deepwordbug")
        #expect(recipe.attack.transformation is RandomCharacterEdit)
        #expect((recipe.attack.search as? GreedyWordImportance)?.ranking == .unk)
        #expect(recipe.attack.constraints.contains { ($0 as? LevenshteinEditDistance)?.maximum == 30 })
        #expect(recipe.attack.preConstraints.contains { $0 is RepeatModification })
        let stopwords = try #require(recipe.attack.preConstraints.compactMap { $0 as? StopwordModification }.first)
        #expect(
            stopwords.stopwords.count == 179 && stopwords.stopwords.contains("s")
                && !stopwords.stopwords.contains("never"))
        #expect(recipe.attack.queryBudget == nil)
        #expect(!recipe.attack.preConstraints.contains { $0 is MaxModificationRate || $0 is MinWordLength })
    }

    /// Ranking skips words the transformation cannot change (one-letter words here), so
    /// their importance costs no query: 1 original + 1 [UNK] probe + at most 4 candidates.
    @Test func wordsThatCannotChangeCostNoQuery() async throws {
        let recipe = try Fixtures.recipe("deepwordbug")
        let model = try Fixtures.model(.sst2)
        let example = Example(id: "x", input: TextInput([("sentence", "b c e f g h j k wonderful")]), label: 1)
        let result = await recipe.attack.attack(example, classifier: model, seed: 1)
        #expect(result.outcome != .error)
        if result.outcome != .skipped { #expect(result.queries <= 6) }
    }

    /// The project list protects the clitics ICU splits off ("it 's" gives "s").
    @Test func bareCliticsAreStopwords() throws {
        let recipe = try Fixtures.recipe("pwws")
        let state = PerturbedInput(
            try SegmentedInput(TextInput([("sentence", "it 's a film we 're sure you 'll like")])))
        let allowed = state.original.positions.filter { position in
            recipe.attack.preConstraints.allSatisfy { $0.allows(position, in: state) }
        }
        #expect(allowed.map { String(state.original.word(at: $0).text) } == ["film", "sure", "like"])
    }
}
