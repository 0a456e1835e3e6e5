import AdvGlueResults
import AdvGlueText

/// A substituted word must fit the words beside it: after "a" or "an" it must begin with
/// the same kind of sound as the word it replaces ("a fascinating" → "a engrossing" is
/// refused), and it must not repeat a word within three words of it, in any number or
/// possessive ("responsibilities and duties" → "duties and duties", "lawyers and attorney's"
/// → "attorneys and attorney's").
///
/// ```swift
/// FitsNeighbours.startsWithVowelSound("engrossing")  // true
/// FitsNeighbours.startsWithVowelSound("unique")      // false
/// ```
/// Complexity: O(1) per substituted word.
public struct FitsNeighbours: Constraint {
    public init() {}

    public var name: String { "fits-neighbours" }

    /// Whether "an" comes before `word` (by its spelling, with the common exceptions).
    public static func startsWithVowelSound(_ word: String) -> Bool {
        let lower = word.lowercased()
        if ["hour", "honest", "honor", "honour", "heir"].contains(where: lower.hasPrefix) { return true }
        if ["uni", "use", "usu", "uti", "eu", "one", "once", "ubiq", "ura", "ure"].contains(where: lower.hasPrefix) {
            return false
        }
        return lower.first.map { "aeiou".contains($0) } ?? false
    }

    public func keeps(_ modification: Modification, in input: PerturbedInput) -> Bool {
        guard ModificationKind(transformation: modification.transformation) == .substitution else { return true }
        let words = input.original.fields[modification.position.field].words.map { $0.text.lowercased() }
        let index = modification.position.word
        let replacement = modification.replacement.lowercased()
        if index > 0, ["a", "an"].contains(words[index - 1]),
            Self.startsWithVowelSound(modification.original) != Self.startsWithVowelSound(replacement)
        {
            return false
        }
        let near = max(0, index - 3)..<min(words.count, index + modification.span + 3)
        let replaced = index..<index + max(1, modification.span)
        let stem = Self.stem(replacement)
        return !near.contains { !replaced.contains($0) && Self.stem(words[$0]) == stem }
    }

    /// A word without a possessive or plural ending: "attorney's", "attorneys" → "attorney".
    static func stem(_ word: String) -> String {
        var word = Substring(word)
        if word.hasSuffix("'s") { word = word.dropLast(2) } else if word.hasSuffix("'") { word = word.dropLast() }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { word = word.dropLast() }
        return String(word)
    }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { candidate in
            newModifications(of: candidate, since: reference).allSatisfy { keeps($0, in: candidate) }
        }
    }
}
