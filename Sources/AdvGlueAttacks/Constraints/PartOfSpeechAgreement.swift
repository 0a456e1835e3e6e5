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
            candidate.modifications.values.allSatisfy { modification in
                let original = partsOfSpeech(of: modification.original)
                let replacement = partsOfSpeech(of: modification.replacement)
                return original.isEmpty || replacement.isEmpty || !original.isDisjoint(with: replacement)
            }
        }
    }
}
