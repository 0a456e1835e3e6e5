import AdvGlueResults
import AdvGlueWordNet

/// A character edit must not make another real word: "good" → "god", "read" → "dead",
/// "boring" → "bring" change the meaning while looking like typos. A word is real if the
/// word list has it in any case, or WordNet knows it in any part of speech (inflected
/// forms included, by its morphy rules).
///
/// ```swift
/// filter.isRealWord("bring")  // true: "boring" → "bring" is refused
/// filter.isRealWord("borng")  // false
/// ```
/// Complexity: O(1) word-list look-up, then up to 4 morphy look-ups, per changed word.
public struct TyposStayTypos: ModificationConstraint {
    public let words: EnglishWords
    public let wordnet: WordNet

    public init(words: EnglishWords, wordnet: WordNet) {
        self.words = words
        self.wordnet = wordnet
    }

    public var name: String { "typos-stay-typos" }

    public func isRealWord(_ text: String) -> Bool {
        if words.contains(text) { return true }
        return PartOfSpeech.allCases.contains { !((try? wordnet.lemmas(of: text, as: $0)) ?? []).isEmpty }
    }

    /// Whether a modification is no character edit, or one that made no real word.
    public func keeps(_ modification: Modification) -> Bool {
        guard ModificationKind(transformation: modification.transformation) == .characterEdit else { return true }
        // In a compound ("cookie-cutter" → "cookie-cuter") only the changed part must
        // be no word.
        let before = Set(Self.parts(of: modification.original))
        return Self.parts(of: modification.replacement).allSatisfy { before.contains($0) || !isRealWord($0) }
    }

    /// The runs of letters (and apostrophes) of `text`, lower-cased.
    static func parts(of text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
    }
}
