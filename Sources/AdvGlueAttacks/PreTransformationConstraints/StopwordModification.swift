import AdvGlueResults
import AdvGlueText

/// Never modify a stopword (matched by NFKC case-folded key).
public struct StopwordModification: PreTransformationConstraint {
    public let stopwords: Set<String>

    public init(stopwords: some Sequence<String>) {
        self.stopwords = Set(stopwords.map(Normalization.key))
    }

    public var name: String { "stopwords" }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        !stopwords.contains(state.original.word(at: position).key)
    }
}
