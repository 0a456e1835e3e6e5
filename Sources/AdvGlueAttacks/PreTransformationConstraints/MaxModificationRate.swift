import AdvGlueResults
import AdvGlueText

/// At most ⌊rate × words⌋ words may change, counting the words of the fields the attack
/// may change (AdvGLUE kept word-level examples with at most 15% of words perturbed).
/// The limit is strict: six words allow none at 15%, so the share can never exceed it.
public struct MaxModificationRate: PreTransformationConstraint {
    public let rate: Double

    public init(rate: Double) {
        precondition((0...1).contains(rate), "rate must be within 0...1")
        self.rate = rate
    }

    public var name: String { "max-modification-rate" }

    public func limit(forWordCount words: Int) -> Int {
        Int((rate * Double(words)).rounded(.down) + 1e-9)
    }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        if state.modifications[position] != nil { return true }
        return state.modifiedWordCount < limit(forWordCount: state.modifiableWordCount)
    }
}
