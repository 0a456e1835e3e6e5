/// BERTScore-style precision, recall and F1 from MiniLM token embeddings (Zhang et al.,
/// "BERTScore: Evaluating Text Generation with BERT", ICLR 2020).
///
/// Each token of one text is matched greedily to its most similar token (cosine of last
/// hidden states) in the other; recall averages over the reference's tokens, precision
/// over the candidate's, F1 is their harmonic mean. As in the paper's implementation,
/// [CLS] and [SEP] are left out. Deviations: no idf weighting (every token counts the
/// same), no baseline rescaling, and the embeddings are all-MiniLM-L6-v2's last layer,
/// not a layer chosen for a larger model, so values run higher than published BERTScores.
///
/// ```swift
/// let score = BERTScore.score(reference: states[0], candidate: states[1])
/// score.f1 // 1.0 for identical texts
/// ```
/// Complexity: O(m · n · width) for texts of m and n tokens.
public enum BERTScore {
    public struct Score: Sendable, Hashable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    public static func score(reference: TokenStates, candidate: TokenStates) -> Score {
        let r = normalizedTokens(reference)
        let c = normalizedTokens(candidate)
        guard !r.isEmpty, !c.isEmpty else { return Score(precision: 0, recall: 0, f1: 0) }
        var bestForReference = [Float](repeating: -.infinity, count: r.count)
        var bestForCandidate = [Float](repeating: -.infinity, count: c.count)
        for i in r.indices {
            for j in c.indices {
                let similarity = Pooling.dot(r[i], c[j])
                bestForReference[i] = max(bestForReference[i], similarity)
                bestForCandidate[j] = max(bestForCandidate[j], similarity)
            }
        }
        let recall = Double(bestForReference.reduce(0, +)) / Double(r.count)
        let precision = Double(bestForCandidate.reduce(0, +)) / Double(c.count)
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return Score(precision: precision, recall: recall, f1: f1)
    }

    /// Unit vectors of the tokens between [CLS] and [SEP].
    static func normalizedTokens(_ states: TokenStates) -> [[Float]] {
        guard states.count > 2 else { return [] }
        return (1..<states.count - 1).map { Pooling.normalized(Array(states.row($0))) }
    }
}
