import AdvGlueAttacks
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueReports

@Suite("Sentence-level transformations")
struct SentenceLevelTests {
    static func state(_ pairs: [(String, String)]) throws -> PerturbedInput {
        PerturbedInput(try SegmentedInput(TextInput(pairs)))
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
}
