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

    /// Every word position the modification replaces.
    public var covered: [WordPosition] {
        (0..<span).map { WordPosition(field: position.field, word: position.word + $0) }
    }
}
