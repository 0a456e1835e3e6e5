import AdvGlueResults

/// For sentiment tasks: a substitution must be a word film reviews use, one that at least
/// 5 of SST-2's training phrases contain (the words of the team's polarity lexicon). A
/// WordNet synonym that reviews never write is the wrong register or the literal sense of
/// a figurative word: reviews speak of a character's emotional "baggage", never of their
/// "luggage" (no training phrase has it), and the reading found "baggage" → "luggage"
/// invalid each time (docs/validity-reading.md). Character edits are not substitutions and
/// are not asked.
///
/// ```swift
/// filter.keeps(change)  // false for "baggage" → "luggage"; true for "movie" → "film"
/// ```
/// Complexity: O(1) look-ups per word of the replacement.
public struct ReviewVocabulary: ModificationConstraint {
    public let lexicon: PolarityLexicon

    public init(lexicon: PolarityLexicon) {
        self.lexicon = lexicon
    }

    public var name: String { "review-vocabulary" }

    public func keeps(_ modification: Modification) -> Bool {
        guard ModificationKind(transformation: modification.transformation) == .substitution else { return true }
        return modification.replacement.split(separator: " ").allSatisfy { lexicon.contains(String($0)) }
    }
}
