import AdvGlueResults
import AdvGlueText

/// A substituted word must fit the words beside it: after "a" or "an" it must begin with
/// the same kind of sound as the word it replaces ("a fascinating" → "a engrossing" is
/// refused), and it must not repeat a word within three words of it as the text stands,
/// also in a regular plural or possessive ("responsibilities and duties" → "duties and
/// duties", "lawyers and attorney's" → "attorneys and attorney's"); after "more" or "most"
/// an adjective or adverb must not be a word of one syllable where the original had more
/// ("more difficult" → "more hard").
///
/// ```swift
/// FitsNeighbours.startsWithVowelSound("engrossing")  // true
/// FitsNeighbours.startsWithVowelSound("unique")      // false
/// ```
/// Complexity: O(n) per substituted word for the n words of its field.
public struct FitsNeighbours: ContextualModificationConstraint {
    public init() {}

    public var name: String { "fits-neighbours" }

    /// Whether "an" comes before `word` (by its spelling, with the common exceptions).
    public static func startsWithVowelSound(_ word: String) -> Bool {
        let lower = word.lowercased()
        if ["hour", "honest", "honor", "honour", "heir"].contains(where: lower.hasPrefix) { return true }
        // A "you" sound ("a unique", "a usual", "a European") or a "w" ("a one-off").
        if lower == "one" || lower == "once" || lower.hasPrefix("one-")
            || [
                "uniq", "unit", "univ", "unif", "unio", "unis", "unic", "unil", "use", "usu", "usa", "uti", "ura",
                "ure", "ubiq", "eu", "ewe",
            ].contains(where: lower.hasPrefix)
        {
            return false
        }
        return lower.first.map { "aeiou".contains($0) } ?? false
    }

    public func keeps(_ modification: Modification, in input: PerturbedInput) -> Bool {
        guard ModificationKind(transformation: modification.transformation) == .substitution else { return true }
        // The words as they stand now: two substitutions may build a repeat together.
        let field = modification.position.field
        let words = input.original.fields[field].words.indices.map {
            input.word(at: WordPosition(field: field, word: $0)).lowercased()
        }
        let index = modification.position.word
        let replacement = modification.replacement.lowercased()
        if index > 0, ["a", "an"].contains(words[index - 1]),
            Self.startsWithVowelSound(modification.original) != Self.startsWithVowelSound(replacement)
        {
            return false
        }
        // "more difficult" → "more hard": an adjective or adverb of one syllable compares
        // with "-er" ("more movies" → "more films" is no comparison).
        if index > 0, ["more", "most"].contains(words[index - 1]),
            [".adjective", ".adverb"].contains(where: modification.transformation.hasSuffix),
            Self.syllables(replacement) == 1, Self.syllables(modification.original) > 1
        {
            return false
        }
        let near = max(0, index - 3)..<min(words.count, index + modification.span + 3)
        let replaced = index..<index + max(1, modification.span)
        let stem = Self.stem(replacement)
        return !near.contains { !replaced.contains($0) && Self.stem(words[$0]) == stem }
    }

    /// The groups of vowels in `word`, a silent final "e" not counted (but "-le" after a
    /// consonant is a syllable): its syllables, near enough ("hard" 1, "difficult" 3,
    /// "large" 1, "subtle" 2).
    public static func syllables(_ word: String) -> Int {
        var letters = Array(word.lowercased())
        let vowels = "aeiouy"
        if letters.count > 2, letters.last == "e", !vowels.contains(letters[letters.count - 2]) {
            let syllabicLe =
                letters.count > 3 && letters[letters.count - 2] == "l" && !vowels.contains(letters[letters.count - 3])
            if !syllabicLe { letters.removeLast() }
        }
        var groups = 0
        var previousVowel = false
        for letter in letters {
            let vowel = vowels.contains(letter)
            if vowel, !previousVowel { groups += 1 }
            previousVowel = vowel
        }
        return groups
    }

    /// A word without a possessive or regular plural ending: "attorney's", "attorneys" →
    /// "attorney"; "duties" → "duty"; "boxes" → "box"; "houses" → "house".
    public static func stem(_ word: String) -> String {
        var word = Substring(word)
        if word.hasSuffix("'s") { word = word.dropLast(2) } else if word.hasSuffix("'") { word = word.dropLast() }
        guard word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") else { return String(word) }
        if word.hasSuffix("ies") { return word.dropLast(3) + "y" }
        if ["xes", "zes", "ches", "shes"].contains(where: word.hasSuffix) { return String(word.dropLast(2)) }
        return String(word.dropLast())
    }
}
