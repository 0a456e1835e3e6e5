import AdvGlueText

/// Words shorter than `minimum` grapheme clusters are left alone (a typo in "a" or
/// "is" reads as a different word, not a misspelling).
public struct MinWordLength: PreTransformationConstraint {
    public let minimum: Int

    public init(minimum: Int) {
        self.minimum = minimum
    }

    public var name: String { "min-word-length" }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        state.original.word(at: position).text.count >= minimum
    }
}
