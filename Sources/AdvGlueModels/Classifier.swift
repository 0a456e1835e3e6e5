import AdvGlueText

/// A model under test: takes a batch of inputs and returns one row of class scores
/// (logits) per input, columns in ``labels`` order.
///
/// Implementations must be safe to call from several tasks at once; the attack runner
/// queries one classifier from a bounded task group.
public protocol Classifier: Sendable {
    var labels: [String] { get }
    /// What the rows hold; the calibration probe needs logits or probabilities.
    var outputs: ScoreKind { get }
    /// What the report names as the model under test.
    var identity: ModelIdentity { get }
    func logits(for inputs: [TextInput]) async throws -> [[Float]]
    /// Stops what the model runs outside this process (a child process); a no-op for
    /// most. Wrappers pass it on to the model they wrap.
    func shutdown() async
}

/// What a model's score rows are.
public enum ScoreKind: String, Sendable, Codable {
    /// Unnormalised class scores.
    case logits
    /// Class probabilities; `logits(for:)` returns their logarithms, which softmax maps
    /// back to the same probabilities (and temperature-scales like logits).
    case probabilities
    /// One-hot rows: the model tells only its label, so no score-based attack or
    /// calibration probe can use it.
    case labels
}

extension Classifier {
    public var outputs: ScoreKind { .logits }
    public func shutdown() async {}
}

/// Names a model for reports and reproducibility blocks.
public struct ModelIdentity: Sendable, Hashable, Codable {
    /// As given on the command line, e.g. `builtin:lexical`.
    public var spec: String
    /// A human description, e.g. `lexical logistic regression (sst2, 40000 features)`.
    public var description: String
    /// SHA-256 of the weights file where there is one.
    public var checksum: String?

    public init(spec: String, description: String, checksum: String? = nil) {
        self.spec = spec
        self.description = description
        self.checksum = checksum
    }
}
