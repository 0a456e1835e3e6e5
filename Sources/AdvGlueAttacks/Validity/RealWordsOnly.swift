import AdvGlueResults
import AdvGlueWordNet

/// A substituted word must be a word a reader knows: its every part in the word list as a
/// common (lower-case) word. Guessed forms such as "childs", "gos" or "oculuses" are
/// refused (the synonym transformation already skips irregular lemmas; this catches the
/// rest, and the substitutions of other tools in `advglue validate`), and so are WordNet's
/// rarest lemmas that no spelling list holds ("inerrable", "passionateness").
///
/// ```swift
/// filter.isWord("children")  // true
/// filter.isWord("childs")    // false
/// ```
/// Complexity: O(1) look-ups per part of each substituted word.
public struct RealWordsOnly: ModificationConstraint {
    public let words: EnglishWords

    public init(words: EnglishWords) {
        self.words = words
    }

    public var name: String { "real-words" }

    public func isWord(_ text: String) -> Bool {
        TyposStayTypos.parts(of: text).allSatisfy { words.containsCommon($0) }
    }

    public func keeps(_ modification: Modification) -> Bool {
        ModificationKind(transformation: modification.transformation) != .substitution
            || isWord(modification.replacement)
    }
}
