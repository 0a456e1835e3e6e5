import AdvGlueAttacks
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueReports

@Suite("Sentence-level transformations")
struct SentenceLevelTests {
    static func rules() throws -> ParaphraseTemplates.Rules {
        try ParaphraseTemplates.load(Fixtures.resources.corpora.appending(path: "templates/paraphrase.yaml"))
    }

    static func state(_ pairs: [(String, String)]) throws -> PerturbedInput {
        PerturbedInput(try SegmentedInput(TextInput(pairs)))
    }

    @Test func contractionsReplaceAPhraseAndKeepEverythingElse() throws {
        let templates = ParaphraseTemplates(rules: try Self.rules())
        let state = try Self.state([
            ("premise", "A dog sleeps."), ("hypothesis", "The dog does not  sleep, \"really\"."),
        ])
        var rng = SplitMix64(seed: 1)
        let candidates = templates.candidates(for: state, at: WordPosition(field: 1, word: 2), using: &rng)
        // "does not" with two spaces after it: only the words and the single space between them change.
        let contraction = try #require(candidates.first { $0.transformation == "paraphrase.contract" })
        #expect(contraction.span == 2 && contraction.original == "does not" && contraction.replacement == "doesn't")
        let applied = state.applying(contraction)
        #expect(applied.input["hypothesis"] == "The dog doesn't  sleep, \"really\".")
        #expect(applied.input["premise"] == "A dog sleeps.")
        #expect(applied.coveredPositions == [WordPosition(field: 1, word: 2), WordPosition(field: 1, word: 3)])
        #expect(applied.modifiedWordCount == 2)
        // A covered word cannot be changed again.
        #expect(!RepeatModification().allows(WordPosition(field: 1, word: 3), in: applied))
        // The report marks the whole phrase.
        let cell = WordDiff.cell(state.input, modifications: [contraction], side: .original)
        #expect(cell.contains("~~does not~~  sleep"))
    }

    @Test func expansionsKeepCase() throws {
        let templates = ParaphraseTemplates(rules: try Self.rules())
        let state = try Self.state([("sentence", "Don't miss it .")])
        var rng = SplitMix64(seed: 1)
        let candidates = templates.candidates(for: state, at: WordPosition(field: 0, word: 0), using: &rng)
        #expect(candidates.contains { $0.replacement == "Do not" && $0.transformation == "paraphrase.expand" })
        #expect(
            candidates.contains { $0.replacement == "Honestly, Don't" }
                || candidates.contains { $0.transformation == "paraphrase.prefix" })
    }

    @Test func namesAndDiscourseOnlyWhereTheyKeepTheLabel() throws {
        let templates = ParaphraseTemplates(rules: try Self.rules())
        var rng = SplitMix64(seed: 1)
        let single = try Self.state([("sentence", "Elena loved every minute in Lisbon")])
        let kinds = Set(
            (0..<6).flatMap { templates.candidates(for: single, at: WordPosition(field: 0, word: $0), using: &rng) }
                .map(\.transformation))
        #expect(
            kinds.isSuperset(of: ["paraphrase.person", "paraphrase.location", "paraphrase.prefix", "paraphrase.suffix"])
        )
        let pair = try Self.state([("premise", "Elena lives in Lisbon"), ("hypothesis", "Elena lives in Lisbon")])
        let pairKinds = Set(
            (0..<4).flatMap { templates.candidates(for: pair, at: WordPosition(field: 1, word: $0), using: &rng) }.map(
                \.transformation))
        #expect(pairKinds.isEmpty, "names and discourse markers are for SST-2 only: \(pairKinds)")
    }

    @Test func distractionAppendsAfterTheLastWordOnly() throws {
        let state = try Self.state([("sentence", "a fine film .")])
        var rng = SplitMix64(seed: 3)
        var again = SplitMix64(seed: 3)
        #expect(Distraction().candidates(for: state, at: WordPosition(field: 0, word: 1), using: &rng).isEmpty)
        let candidates = Distraction().candidates(for: state, at: WordPosition(field: 0, word: 2), using: &rng)
        #expect(candidates.count == 4)
        #expect(
            candidates.map(\.replacement)
                == Distraction().candidates(for: state, at: WordPosition(field: 0, word: 2), using: &again).map(
                    \.replacement))
        let applied = state.applying(candidates[0])
        #expect(applied.input["sentence"] == "a fine film and true is true .")
        #expect(candidates.contains { $0.replacement.hasPrefix("film https://t.co/") })
        #expect(candidates.contains { $0.replacement.hasPrefix("film @") })
    }

    @Test func malformedTemplatesAreRejected() throws {
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-templates-\(UUID().uuidString).yaml")
        let text = try String(
            contentsOf: Fixtures.resources.corpora.appending(path: "templates/paraphrase.yaml"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "tasks: [sst2]\n  people", with: "tasks: [sst3]\n  people").utf8).write(
            to: url)
        #expect(throws: AdvGlueError.self) { try ParaphraseTemplates.load(url) }
        do {
            _ = try ParaphraseTemplates.load(url)
        } catch {
            #expect(error.description.contains("unknown task 'sst3'"))
        }
    }
}
