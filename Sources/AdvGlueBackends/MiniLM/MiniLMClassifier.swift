import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation
import Synchronization

/// The built-in transformer victim: frozen all-MiniLM-L6-v2 sentence embeddings and a
/// trained ``MiniLMHead`` per task.
///
/// Embeddings of texts seen before come from a bounded cache, so an attack on a pair
/// task encodes the unchanged premise once, not once per candidate.
///
/// ```swift
/// let model = try MiniLMClassifier.load(head: url, spec: "builtin:minilm")
/// let logits = try await model.logits(for: [TextInput([("sentence", "a dull film")])])
/// ```
/// Complexity: one encoder call per batch, of the inputs' texts not in the cache.
public final class MiniLMClassifier: Classifier, Sendable {
    public let head: MiniLMHead
    public let encoder: MiniLM
    public let identity: ModelIdentity
    public var labels: [String] { head.labels }
    private let cache = Mutex<[String: [Float]]>([:])
    static let cacheLimit = 20_000

    public init(head: MiniLMHead, encoder: MiniLM, identity: ModelIdentity) {
        self.head = head
        self.encoder = encoder
        self.identity = identity
    }

    /// Loads a head file and the shared encoder; the head must fit `task`.
    public static func load(head url: URL, task: GlueTask, spec: String) throws -> MiniLMClassifier {
        let (head, checksum) = try MiniLMHeadFile.read(from: url)
        guard head.task.modelTask == task.modelTask else {
            throw AdvGlueError(
                .badData, "MiniLM head was trained for \(head.task.rawValue), not \(task.rawValue)",
                hint: "pass a head for \(task.rawValue) with --model minilm:PATH", at: .file(url.path))
        }
        let identity = ModelIdentity(
            spec: spec,
            description:
                "all-MiniLM-L6-v2 + logistic regression (\(head.task.rawValue), \(head.featureCount) features)",
            checksum: checksum)
        return MiniLMClassifier(head: head, encoder: try MiniLM.shared(), identity: identity)
    }

    /// Sentence embeddings of `texts`, cached.
    public func embeddings(_ texts: [String]) -> [[Float]] {
        var known = cache.withLock { cache in texts.map { cache[$0] } }
        let missing = Array(Set(zip(texts, known).filter { $0.1 == nil }.map(\.0))).sorted()
        if !missing.isEmpty {
            let fresh = Dictionary(uniqueKeysWithValues: zip(missing, encoder.embed(missing)))
            cache.withLock { cache in
                if cache.count + fresh.count > Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
                cache.merge(fresh) { $1 }
            }
            known = zip(texts, known).map { $1 ?? fresh[$0] }
        }
        return known.map { $0! }
    }

    public func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        let width = head.isPair ? 2 : 1
        for input in inputs where input.fields.count != width {
            throw AdvGlueError(
                .modelFailed,
                "the MiniLM head for \(head.task.rawValue) takes \(width) fields, got \(input.fields.count)")
        }
        let vectors = embeddings(inputs.flatMap(\.texts))
        return inputs.indices.map { i in
            head.logits(features: MiniLMHead.features(Array(vectors[i * width..<(i + 1) * width])))
        }
    }
}
