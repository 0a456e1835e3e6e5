import AdvGlueResults

/// For sentiment tasks: a substitution must be a word film reviews commonly use, and about
/// as commonly as the word it replaces. The replacement must be in at least
/// `minimumPhrases` of SST-2's training phrases (about ten reviews' sentences, as phrases
/// overlap), and in at least `minimumShare` as many as the original word.
///
/// A WordNet synonym that reviews rarely write is the wrong register, the literal sense of
/// a figurative word, or a near-synonym that says something else: reviews speak of a
/// character's emotional "baggage", never of their "luggage"; "despair" (39 phrases) is not
/// "desperation" (30), "teenagers" (46) are not "adolescents" (6), and "with style" (259)
/// is not "with fashion" (62). Of the 138 SST-2 substitutions read in the first four
/// readings, 93 were valid (67%); of the 63 this filter keeps, 57 (90%), and of the 75 it
/// refuses, 36 (48%); of the successes read after the rule was fixed, 24 of 27
/// (docs/validity-reading.md, fifth reading). The rule costs successes ("level" →
/// "degree", "dreary" → "drab" were valid): validity comes first. Character edits are not
/// substitutions and are not asked.
///
/// ```swift
/// filter.keeps(change)  // false for "baggage" → "luggage" and "style" → "fashion"
///                       // true for "movie" → "film" and "difficult" → "hard"
/// ```
/// Complexity: O(1) look-ups per word of the change.
public struct ReviewVocabulary: ModificationConstraint {
    public let lexicon: PolarityLexicon
    /// The fewest training phrases the replacement's rarest word must be in.
    public static let minimumPhrases = 50
    /// The least share of the original word's phrases the replacement must reach.
    public static let minimumShare = 0.5

    public init(lexicon: PolarityLexicon) {
        self.lexicon = lexicon
    }

    public var name: String { "review-vocabulary" }

    public func keeps(_ modification: Modification) -> Bool {
        guard ModificationKind(transformation: modification.transformation) == .substitution else { return true }
        // Only the words the change brings in are asked, against the words it takes out: a
        // change `advglue validate` reads from another tool may add a word ("is" → "is very")
        // or drop one. Clitics ("it's") are spelled apart in the lexicon ("'s") and are left
        // to the other filters.
        let before = Self.words(modification.original)
        let after = Self.words(modification.replacement)
        let added = after.filter { !before.contains($0) }
        guard !added.isEmpty else { return true }
        // A phrase of several words is as common as its rarest word.
        let replacement = rarest(added)
        return replacement >= Self.minimumPhrases
            && Double(replacement) >= Self.minimumShare * Double(rarest(before.filter { !after.contains($0) }))
    }

    private static func words(_ text: String) -> [String] {
        text.lowercased().split(separator: " ").map(String.init).filter { !$0.contains("'") && !$0.contains("’") }
    }

    /// The phrase count of the rarest of `words`; 0 for none.
    private func rarest(_ words: [String]) -> Int {
        words.map { lexicon.phrases($0) }.min() ?? 0
    }
}
