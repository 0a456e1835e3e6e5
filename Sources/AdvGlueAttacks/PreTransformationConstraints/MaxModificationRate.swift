import AdvGlueResults
import AdvGlueSupport
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

extension MaxModificationRate {
    /// `type: max-modification-rate` in a recipe's `pre_constraints`.
    static let recipePart = RecipePart<any PreTransformationConstraint>(
        type: "max-modification-rate",
        summary: "Changes at most ⌊rate × words⌋ of the words the attack may change.",
        options: [RecipeOption("rate", "the share of words, 0 to 1 (AdvGLUE: 0.15)")]
    ) { map, context throws(AdvGlueError) in
        let rateNode = try map.required("rate")
        let rate = try rateNode.double()
        guard (0...1).contains(rate) else { throw rateNode.error("must be between 0 and 1") }
        return MaxModificationRate(rate: rate)
    }
}
