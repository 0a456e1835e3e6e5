import AdvGlueResults
import AdvGlueText

/// What a modification does to the text, as the validity filters see it: the rule that
/// keeps it valid depends on it (a typo must stay a typo; a substitution must keep the
/// meaning; an invisible change is checked by its own table).
///
/// ```swift
/// ModificationKind(transformation: "character-typo.swap")  // .characterEdit
/// ModificationKind(transformation: "wordnet-synonym.noun") // .substitution
/// ```
public enum ModificationKind: String, Sendable, CaseIterable {
    /// Letters swapped, dropped, added or replaced: the result must be no real word.
    case characterEdit
    /// A word replaced by another word: the result must keep the meaning.
    case substitution
    /// A change a reader cannot see (homoglyphs, invisible characters).
    case invisible
    /// Words added by a hand-written template (distraction): valid by how the templates
    /// were written.
    case template
    /// A field rewritten by a paraphrase template: the meaning check compares it, without
    /// its entity swaps, with the original.
    case rewrite

    public init(transformation: String) {
        let name = transformation.split(separator: ".").first.map(String.init) ?? transformation
        switch name {
        case "character-typo", "random-character-edit": self = .characterEdit
        case "homoglyph", "invisible", "invisible-character": self = .invisible
        case "distraction": self = .template
        case "paraphrase": self = .rewrite
        default: self = .substitution
        }
    }

    /// The kind of a change between two words made by a tool that does not say
    /// (`advglue validate`): a small edit is a character edit, anything else a substitution.
    public init(original: String, replacement: String) {
        if replacement.unicodeScalars.contains(where: { InvisibleScalars.isInvisible($0) })
            || (replacement.unicodeScalars.contains { !$0.isASCII }
                && !original.unicodeScalars.contains { !$0.isASCII })
        {
            self = .invisible
            return
        }
        let distance = MaxEditDistance.distance(Array(original.lowercased()), Array(replacement.lowercased()))
        self = distance <= 2 && 2 * distance < max(original.count, replacement.count) ? .characterEdit : .substitution
    }
}

/// Default-ignorable characters an invisible-character attack inserts.
enum InvisibleScalars {
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.generalCategory == .format
    }
}

/// The modifications of `candidate` that `reference` does not have: what a search step added.
func newModifications(of candidate: PerturbedInput, since reference: PerturbedInput) -> [Modification] {
    candidate.orderedModifications.filter { reference.modifications[$0.position] != $0 }
}
