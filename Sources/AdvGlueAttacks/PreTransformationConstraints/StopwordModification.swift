import AdvGlueResults
import AdvGlueSupport
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

extension StopwordModification {
    /// `type: stopwords` in a recipe's `pre_constraints`.
    static let recipePart = RecipePart<any PreTransformationConstraint>(
        type: "stopwords",
        summary: "Never changes a word on the list.",
        options: [
            RecipeOption(
                "list", "the word list file, beside the recipe or in Corpora/ (e.g. lexicons/stopwords-en.txt)")
        ]
    ) { map, context throws(AdvGlueError) in
        let listNode = try map.required("list")
        return StopwordModification(stopwords: try context.wordList(try listNode.string(), node: listNode))
    }
}
