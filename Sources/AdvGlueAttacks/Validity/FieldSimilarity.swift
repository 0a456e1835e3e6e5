import AdvGlueMiniLM
import AdvGlueSupport
import AdvGlueText
import Synchronization

/// The meaning of every changed field stays close to the original's: the cosine of their
/// MiniLM sentence embeddings (all-MiniLM-L6-v2, run natively) is at least `threshold`.
/// The whole field is compared with the original, at every length: not a window around
/// the change, not the previous step (so drift does not add up), and not skipped for short
/// texts, as TextFooler's check was.
///
/// Only word substitutions are compared: character edits and invisible changes are
/// reverted first, since a typo's meaning is the word it misspells (the typo filters keep
/// it one) and a sentence encoder reads misspellings as other tokens. A search asks this
/// check lazily, about the flips it would return (see ``AcceptanceCheck``).
///
/// ```swift
/// // "it 's slow -- very , very slow" → "it 's unhurried -- very , very unhurried": 0.22
/// ```
/// Complexity: at most 2 encoder calls per field checked; the embeddings of texts seen
/// before are cached.
public struct FieldSimilarity: AcceptanceCheck {
    public var threshold: Double
    private let memo = EmbeddingMemo()

    public init(threshold: Double) {
        self.threshold = threshold
    }

    public var name: String { "field-similarity" }

    /// The text of `candidate` with only its word substitutions applied.
    static func substitutedOnly(_ candidate: PerturbedInput) -> TextInput? {
        let substitutions = candidate.modifications.filter {
            [.substitution, .rewrite].contains(ModificationKind(transformation: $0.value.transformation))
        }
        guard !substitutions.isEmpty else { return nil }
        return candidate.original.replacing(
            spans: substitutions.mapValues { (last: $0.position.word + $0.span - 1, text: $0.replacement) })
    }

    public func measure(_ candidate: PerturbedInput) async throws -> (value: Double, passes: Bool) {
        guard let changed = Self.substitutedOnly(candidate) else { return (1, true) }
        let original = candidate.original.input
        var lowest = 1.0
        var texts: [String] = []
        for (before, after) in zip(original.fields, changed.fields) where before.text != after.text {
            texts += [before.text, after.text]
        }
        let embeddings = try embeddings(of: texts)
        for pair in stride(from: 0, to: texts.count, by: 2) {
            lowest = min(lowest, Double(Pooling.dot(embeddings[pair], embeddings[pair + 1])))
        }
        return (lowest, lowest >= threshold)
    }

    /// Embeddings of `texts`. Each is computed on its own: in a batch, padding to another
    /// text's length changes the last bits of the floating-point sums, and which texts
    /// share a batch depends on what the cache already holds (a resumed run holds less),
    /// so results would depend on the run's history.
    private func embeddings(of texts: [String]) throws(AdvGlueError) -> [[Float]] {
        var result: [[Float]] = []
        for text in texts {
            if let known = memo.cache.withLock({ $0.value(for: text) }) {
                result.append(known)
                continue
            }
            guard let embedding = try MiniLM.shared().embed([text]).first else {
                throw AdvGlueError(.software, "the MiniLM encoder returned no embedding")
            }
            memo.cache.withLock { $0.insert(embedding, for: text) }
            result.append(embedding)
        }
        return result
    }
}

private final class EmbeddingMemo: Sendable {
    let cache = Mutex(BoundedMemo<String, [Float]>(limit: 4096))
}
