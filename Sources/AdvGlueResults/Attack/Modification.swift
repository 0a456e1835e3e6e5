import AdvGlueText

/// What one change did: the typed record TextAttack keeps in an attribute dictionary.
public struct Modification: Sendable, Hashable {
    /// The first word changed.
    public var position: WordPosition
    /// Words replaced, from `position` on: 1 for a word, more for a phrase ("do not" → "don't").
    public var span: Int
    /// The original text of those words (and what lies between them).
    public var original: String
    public var replacement: String
    /// The transformation's name, e.g. `character-typo.swap`.
    public var transformation: String

    public init(position: WordPosition, span: Int = 1, original: String, replacement: String, transformation: String) {
        precondition(span >= 1, "a modification replaces at least one word")
        self.position = position
        self.span = span
        self.original = original
        self.replacement = replacement
        self.transformation = transformation
    }

    /// The words it changes: its span, but for a whole sentence rewritten by a paraphrase
    /// template, only the words a word-level diff does not keep in order (a moved clause
    /// counts its moved words, an expanded contraction its new word).
    ///
    /// Complexity: O(n·m) for a paraphrase of n words into m; O(1) otherwise.
    public var changedWordCount: Int {
        guard transformation.hasPrefix("paraphrase.") else { return span }
        let before = original.lowercased().split(separator: " ")
        let after = replacement.lowercased().split(separator: " ")
        // Longest common subsequence of the two word lists, one row at a time.
        var row = [Int](repeating: 0, count: after.count + 1)
        for word in before {
            var diagonal = 0
            for (index, other) in after.enumerated() {
                let above = row[index + 1]
                row[index + 1] = word == other ? diagonal + 1 : max(row[index + 1], row[index])
                diagonal = above
            }
        }
        return min(span, max(before.count, after.count) - row[after.count])
    }

    /// Every word position the modification replaces.
    public var covered: [WordPosition] {
        (0..<span).map { WordPosition(field: position.field, word: position.word + $0) }
    }
}
