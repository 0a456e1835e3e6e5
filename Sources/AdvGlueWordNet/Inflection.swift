/// Puts a synonym lemma into the inflected form and letter case of the word it
/// replaces: "movies" (movie) → "films"; "Awful" → "Dreadful"; "walked" → "strolled".
///
/// Regular English suffix rules only. Irregular targets are not guessed: when the
/// original is an irregular form (in WordNet's exception list) or the form cannot be
/// told, ``inflect(_:like:lemma:pos:)`` returns nil and the candidate is dropped.
public enum Inflection {
    public enum Form: Sendable, Equatable {
        case base, plural, thirdPerson, past, gerund, comparative, superlative
    }

    /// How `word` is inflected relative to `lemma`; nil when the relation is irregular or unknown.
    public static func form(of word: String, lemma: String, pos: PartOfSpeech) -> Form? {
        let w = word.lowercased()
        let l = lemma.lowercased()
        if w == l { return .base }
        switch pos {
        case .noun:
            return [suffixS(l)].contains(w) ? .plural : nil
        case .verb:
            if w == suffixS(l) { return .thirdPerson }
            if w == suffixED(l) { return .past }
            if w == suffixING(l) { return .gerund }
            return nil
        case .adjective:
            if w == suffixER(l) { return .comparative }
            if w == suffixEST(l) { return .superlative }
            return nil
        case .adverb:
            return nil
        }
    }

    /// `synonym` in the form and letter case of `word`; nil if that cannot be done regularly.
    public static func inflect(_ synonym: String, like word: String, lemma: String, pos: PartOfSpeech) -> String? {
        guard let form = form(of: word, lemma: lemma, pos: pos) else { return nil }
        let base = synonym.lowercased()
        let inflected: String
        switch form {
        case .base: inflected = base
        case .plural, .thirdPerson: inflected = suffixS(base)
        case .past: inflected = suffixED(base)
        case .gerund: inflected = suffixING(base)
        case .comparative, .superlative:
            // "more dreadful" would change the word count; only single-syllable-looking
            // adjectives take -er/-est, and guessing that is not worth a wrong form.
            return nil
        }
        return matchCase(inflected, to: word)
    }

    /// Upper case if `word` is all capitals (and longer than one letter), a capital
    /// first letter if `word` has one, else as is.
    public static func matchCase(_ text: String, to word: String) -> String {
        let letters = word.filter(\.isLetter)
        if letters.count > 1, letters.allSatisfy(\.isUppercase) { return text.uppercased() }
        if word.first?.isUppercase == true, let first = text.first {
            return first.uppercased() + text.dropFirst()
        }
        return text
    }

    static func isVowel(_ c: Character) -> Bool { "aeiou".contains(c) }

    static func suffixS(_ w: String) -> String {
        if w.hasSuffix("s") || w.hasSuffix("x") || w.hasSuffix("z") || w.hasSuffix("ch") || w.hasSuffix("sh") {
            return w + "es"
        }
        if w.hasSuffix("y"), w.count > 1, !isVowel(w.dropLast().last!) { return w.dropLast() + "ies" }
        return w + "s"
    }

    static func suffixED(_ w: String) -> String {
        if w.hasSuffix("e") { return w + "d" }
        if w.hasSuffix("y"), w.count > 1, !isVowel(w.dropLast().last!) { return w.dropLast() + "ied" }
        return w + "ed"
    }

    static func suffixING(_ w: String) -> String {
        if w.hasSuffix("ie") { return w.dropLast(2) + "ying" }
        if w.hasSuffix("e"), !w.hasSuffix("ee"), w.count > 2 { return w.dropLast() + "ing" }
        return w + "ing"
    }

    static func suffixER(_ w: String) -> String {
        if w.hasSuffix("e") { return w + "r" }
        if w.hasSuffix("y"), w.count > 1, !isVowel(w.dropLast().last!) { return w.dropLast() + "ier" }
        return w + "er"
    }

    static func suffixEST(_ w: String) -> String {
        if w.hasSuffix("e") { return w + "st" }
        if w.hasSuffix("y"), w.count > 1, !isVowel(w.dropLast().last!) { return w.dropLast() + "iest" }
        return w + "est"
    }
}
