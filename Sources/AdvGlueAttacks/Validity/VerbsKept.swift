import AdvGlueResults

/// A verb is never replaced by a WordNet synonym. A verb's synonym takes other objects,
/// particles and prepositions than the verb it replaces, which WordNet does not record (its
/// sentence frames belong to the whole synset): "showing us the film" → "presenting us the
/// film", "go through with it" → "move through with it", "say the same thing" → "tell the
/// same thing", "things had to change" → "things had to alter". Of the verb substitutions
/// read in the successes of pwws, synonym and textfooler, fewer than half were valid
/// (docs/validity-reading.md), far below every other part of speech; nouns, adjectives and
/// adverbs are still replaced.
///
/// ```swift
/// VerbsKept().keeps(change)  // false when change.transformation == "wordnet-synonym.verb"
/// ```
/// Complexity: O(1) per substituted word.
public struct VerbsKept: ModificationConstraint {
    public init() {}

    public var name: String { "verbs-kept" }

    public func keeps(_ modification: Modification) -> Bool {
        modification.transformation != "wordnet-synonym.verb"
    }
}
