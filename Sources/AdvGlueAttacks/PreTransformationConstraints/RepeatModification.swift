import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// A word changed once (alone or inside a phrase) is not changed again.
public struct RepeatModification: PreTransformationConstraint {
    public init() {}

    public var name: String { "repeat-modification" }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        !state.coveredPositions.contains(position)
    }
}

extension RepeatModification {
    /// `type: repeat-modification` in a recipe's `pre_constraints`.
    static let recipePart = RecipePart<any PreTransformationConstraint>(
        type: "repeat-modification",
        summary: "Never changes a word twice."
    ) { map, context throws(AdvGlueError) in
        RepeatModification()
    }
}
