import AdvGlueResults

/// For sentiment tasks: a substituted word keeps its polarity in the team's lexicon (class
/// and strength). "desperate" → "heroic", "tremendous" → "terrible" or "slow" → "easy" can
/// flip a review's label; "good" → "wonderful" makes it much stronger. A word the lexicon
/// does not know counts as neutral, so a polar word is not swapped for an unknown one.
///
/// ```swift
/// filter.keeps(original: "slow", replacement: "easy")          // false: -1 → 0
/// filter.keeps(original: "movie", replacement: "film")         // true
/// ```
/// Complexity: O(1) look-ups per substituted word.
public struct PolarityKept: ModificationConstraint {
    public let lexicon: PolarityLexicon
    /// The largest change of log-odds allowed within one class.
    public var strengthGap: Double

    public init(lexicon: PolarityLexicon, strengthGap: Double = 1.5) {
        self.lexicon = lexicon
        self.strengthGap = strengthGap
    }

    public var name: String { "polarity-kept" }

    public func keeps(original: String, replacement: String) -> Bool {
        let before = lexicon[original] ?? .init(logOdds: 0, polarity: 0, phrases: 0)
        let after = lexicon[replacement] ?? .init(logOdds: 0, polarity: 0, phrases: 0)
        guard before.polarity == after.polarity else { return false }
        return before.polarity == 0 || abs(before.logOdds - after.logOdds) <= strengthGap
    }

    public func keeps(_ modification: Modification) -> Bool {
        ModificationKind(transformation: modification.transformation) != .substitution
            || keeps(original: modification.original, replacement: modification.replacement)
    }
}
