/// WordNet's four open-class parts of speech.
public enum PartOfSpeech: String, Sendable, CaseIterable, Codable, Hashable {
    case noun, verb, adjective, adverb

    /// The suffix of WordNet's file names: `index.noun`, `data.adj`, `verb.exc`.
    var fileSuffix: String {
        switch self {
        case .noun: "noun"
        case .verb: "verb"
        case .adjective: "adj"
        case .adverb: "adv"
        }
    }

    /// WordNet's morphological detachment rules (morph.c): suffix → replacement.
    var detachmentRules: [(String, String)] {
        switch self {
        case .noun:
            [
                ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
                ("ies", "y"),
            ]
        case .verb:
            [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")]
        case .adjective: [("er", ""), ("est", ""), ("er", "e"), ("est", "e")]
        case .adverb: []
        }
    }
}
