import AdvGlueResults

/// In a sentence pair, a noun is never replaced by a WordNet synonym. A pair's label
/// rests on what the hypothesis's nouns refer to in the premise, and a noun's WordNet
/// synonym names a neighbouring concept: a regime is not any government, a province not a
/// state, a battle not a quarrel, a plan not a television programme. Whether the new noun
/// still refers to the same thing is the very judgement the label rests on. Of the noun
/// substitutions read in MNLI's successes about a third were valid, against about two
/// thirds for adjectives and adverbs (docs/validity-reading.md); single-sentence tasks keep
/// nouns ("movie" → "film").
///
/// ```swift
/// // MNLI: "The government is not involved" → "The regime is not involved" is refused.
/// PairNounsKept().keeps(change, in: pair)  // false for "wordnet-synonym.noun" in a pair
/// ```
/// Complexity: O(1) per substituted word.
public struct PairNounsKept: ContextualModificationConstraint {
    public init() {}

    public var name: String { "pair-nouns-kept" }

    public func keeps(_ modification: Modification, in input: PerturbedInput) -> Bool {
        modification.transformation != "wordnet-synonym.noun" || input.original.fields.count < 2
    }
}
