import AdvGlueResults
import AdvGlueText

/// A word changed once (alone or inside a phrase) is not changed again.
public struct RepeatModification: PreTransformationConstraint {
    public init() {}

    public var name: String { "repeat-modification" }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        !state.coveredPositions.contains(position)
    }
}
