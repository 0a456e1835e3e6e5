import AdvGlueResults

/// A substituted word must be distributionally close to the word it replaces: GloVe cosine
/// of at least 0.6, and both words known (TextFooler's word-embedding check, Jin et al.,
/// AAAI 2020, with plain GloVe since no counter-fitted vectors reach this machine). WordNet
/// offers synonyms in the right sense that English does not use in the word's place: "get"
/// → "acquire" (0.45), "job" → "occupation" (0.36), "needed" → "necessitated" (0.27), "lows"
/// → "moos" (0.07); words used alike stay ("movie" → "film" 0.93, "perhaps" → "possibly"
/// 0.81). Antonyms are close in GloVe too ("good"/"bad" 0.80): the polarity and sense
/// filters handle them. On the successes the team read, the threshold raised the valid share
/// of the WordNet recipes on SST-2 from 73% to 93% (docs/validity.md, "Signals for the
/// WordNet recipes").
///
/// ```swift
/// filter.keeps(original: "movie", replacement: "film")     // true
/// filter.keeps(original: "job", replacement: "occupation") // false
/// ```
/// Complexity: O(d) per substituted word, d = 50.
public struct WordEmbeddingSimilarity: Constraint {
    public let vectors: WordVectors
    public var threshold: Double

    public init(vectors: WordVectors, threshold: Double = 0.6) {
        self.vectors = vectors
        self.threshold = threshold
    }

    public var name: String { "word-embedding-similarity" }

    public func keeps(original: String, replacement: String) -> Bool {
        guard original.lowercased() != replacement.lowercased() else { return true }
        // A multi-word replacement is judged by its words: each must be close to the original.
        let parts = replacement.split(whereSeparator: { $0 == " " || $0 == "_" })
        return !parts.isEmpty
            && parts.allSatisfy { (vectors.cosine(original, String($0)) ?? -1) >= threshold }
    }

    public func keeps(_ modification: Modification) -> Bool {
        ModificationKind(transformation: modification.transformation) != .substitution
            || keeps(original: modification.original, replacement: modification.replacement)
    }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { newModifications(of: $0, since: reference).allSatisfy(keeps) }
    }
}
