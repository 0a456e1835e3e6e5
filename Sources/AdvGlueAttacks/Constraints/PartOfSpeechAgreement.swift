import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet

/// Keeps a candidate only if each replaced word and its replacement share a WordNet
/// part of speech (a noun is not swapped for a word WordNet knows only as a verb).
/// Words WordNet does not know at all (typos, names) pass: there is nothing to compare.
///
/// Complexity: O(m · 4) morphy look-ups for m modified words.
public struct PartOfSpeechAgreement: Constraint {
    public let wordnet: WordNet

    public init(wordnet: WordNet) {
        self.wordnet = wordnet
    }

    public var name: String { "pos-agreement" }

    public func partsOfSpeech(of word: String) -> Set<PartOfSpeech> {
        Set(PartOfSpeech.allCases.filter { !((try? wordnet.lemmas(of: word, as: $0)) ?? []).isEmpty })
    }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { candidate in
            candidate.modifications.values.allSatisfy { agrees($0.original, $0.replacement) }
        }
    }

    /// `original.isEmpty || replacement.isEmpty || !original.isDisjoint(with: replacement)`
    /// for the two words' parts of speech, asking WordNet about the replacement only until
    /// the answer is known (usually one look-up: a synonym shares the part of speech it
    /// was found under).
    func agrees(_ originalWord: String, _ replacementWord: String) -> Bool {
        let original = partsOfSpeech(of: originalWord)
        if original.isEmpty { return true }
        let known = { (pos: PartOfSpeech) in !((try? wordnet.lemmas(of: replacementWord, as: pos)) ?? []).isEmpty }
        for pos in PartOfSpeech.allCases where original.contains(pos) && known(pos) { return true }
        // No shared part of speech: they agree only if WordNet does not know the replacement.
        return !PartOfSpeech.allCases.contains { !original.contains($0) && known($0) }
    }
}

extension PartOfSpeechAgreement {
    /// `type: pos-agreement` in a recipe's `constraints`.
    static let recipePart = RecipePart<any Constraint>(
        type: "pos-agreement",
        summary: "Keeps candidates whose replacements share a WordNet part of speech with the words they replace."
    ) { map, context throws(AdvGlueError) in
        PartOfSpeechAgreement(wordnet: try context.wordnet(map.owner))
    }
}
