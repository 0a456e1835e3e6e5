import AdvGlueText

/// At most ⌊rate × words⌋ words of an input may change (AdvGLUE kept word-level
/// examples with at most 15% of words perturbed). The limit is strict: an input of six
/// words allows none at 15%, so the reported share can never exceed the rate.
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
        return state.modifications.count < limit(forWordCount: state.original.wordCount)
    }
}
