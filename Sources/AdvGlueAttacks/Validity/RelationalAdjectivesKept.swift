import AdvGlueResults
import AdvGlueWordNet

/// An adjective that WordNet also reads as relational (it has a pertainym: "comic" of
/// comedy, "epic" of an epic, "anatomical" of anatomy) is neither replaced nor a
/// replacement. In its relational sense such an adjective classifies rather than describes
/// ("comic heights", "epic tragedy", "anatomical humor"), and the synonyms of its
/// describing sense ("funny", "heroic") change what the text says; WordNet's sense order
/// cannot tell which sense a text uses, and the reading found these changes invalid
/// ("comic" ↔ "funny", "epic" → "heroic", docs/validity-reading.md).
///
/// ```swift
/// // "ever reaching the comic heights" → "the funny heights" is refused.
/// RelationalAdjectivesKept(wordnet: wordnet).keeps(change)
/// ```
/// Complexity: two index look-ups per substituted adjective.
public struct RelationalAdjectivesKept: ModificationConstraint {
    public let wordnet: WordNet

    public init(wordnet: WordNet) {
        self.wordnet = wordnet
    }

    public var name: String { "relational-adjectives-kept" }

    public func keeps(_ modification: Modification) -> Bool {
        guard modification.transformation == "wordnet-synonym.\(PartOfSpeech.adjective.rawValue)" else { return true }
        return ![modification.original, modification.replacement].contains { word in
            ((try? wordnet.lemmas(of: word, as: .adjective)) ?? []).contains {
                (try? wordnet.isRelationalAdjective($0)) == true
            }
        }
    }
}
