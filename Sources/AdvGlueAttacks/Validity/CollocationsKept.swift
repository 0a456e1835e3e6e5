import AdvGlueResults
import AdvGlueText
import AdvGlueWordNet

/// Words bound to the words around them are not replaced by a synonym (a typo may still
/// touch them): size adjectives, near-synonyms each with its own collocations ("big box
/// stores", "small businesses", "a large array", "a huge success" → "large box stores",
/// "little businesses", "a big array", "a vast success"; 6 of the 11 size-adjective changes
/// read were valid, docs/validity-reading.md); a verb's particles ("tapping away" →
/// "tapping off"); adjectives that take an object as a preposition does ("worth a visit" →
/// "deserving a visit"); and either word of an open compound that WordNet or the word list
/// writes hyphenated ("big ticket items" is "big-ticket items").
///
/// ```swift
/// // "help big box stores" → "large box stores" and "big ticket items" are refused.
/// CollocationsKept(words: words, wordnet: wordnet).keeps(change, in: candidate)
/// ```
/// Complexity: O(1) look-ups per substituted word.
public struct CollocationsKept: ContextualModificationConstraint {
    public let words: EnglishWords
    public let wordnet: WordNet?

    public init(words: EnglishWords, wordnet: WordNet?) {
        self.words = words
        self.wordnet = wordnet
    }

    public var name: String { "collocations-kept" }

    static let sizeAdjectives: Set<String> = [
        "big", "bigger", "biggest", "large", "larger", "largest", "huge", "vast", "enormous", "immense", "massive",
        "giant", "gigantic", "small", "smaller", "smallest", "little", "tiny",
    ]
    static let particles: Set<String> = [
        "away", "off", "out", "up", "down", "back", "around", "along", "aside", "apart", "forth",
    ]
    static let objectTakingAdjectives: Set<String> = ["worth", "like", "unlike", "near", "opposite"]

    /// Whether the word at `index` of `field` and a neighbour, with only a space between
    /// them, are one word hyphenated in WordNet or the word list ("big ticket" →
    /// "big-ticket").
    public func inOpenCompound(_ field: SegmentedText, at index: Int) -> Bool {
        let all = field.words
        return [(index - 1, index), (index, index + 1)].contains { first, second in
            guard first >= 0, second < all.count else { return false }
            let between = field.text[all[first].range.upperBound..<all[second].range.lowerBound]
            guard between == " " else { return false }
            let joined = (String(all[first].text) + "-" + String(all[second].text)).lowercased()
            guard joined.allSatisfy({ $0.isLetter || $0 == "-" }) else { return false }
            if words.contains(joined) { return true }
            guard let wordnet else { return false }
            return PartOfSpeech.allCases.contains { (try? wordnet.contains(joined, as: $0)) == true }
        }
    }

    public func keeps(_ modification: Modification, in input: PerturbedInput) -> Bool {
        guard ModificationKind(transformation: modification.transformation) == .substitution else { return true }
        let original = modification.original.lowercased()
        if Self.sizeAdjectives.contains(original) || Self.particles.contains(original)
            || Self.objectTakingAdjectives.contains(original)
        {
            return false
        }
        return !inOpenCompound(input.original.fields[modification.position.field], at: modification.position.word)
    }
}
