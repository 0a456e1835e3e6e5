import AdvGlueSupport
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

extension MinWordLength {
    /// `type: min-word-length` in a recipe's `pre_constraints`.
    static let recipePart = RecipePart<any PreTransformationConstraint>(
        type: "min-word-length",
        summary: "Leaves words shorter than the minimum alone.",
        options: [RecipeOption("minimum", "the shortest word changed, in grapheme clusters")]
    ) { map, context throws(AdvGlueError) in
        MinWordLength(minimum: try map.required("minimum").int())
    }
}
