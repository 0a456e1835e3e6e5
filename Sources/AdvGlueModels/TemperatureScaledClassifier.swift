import AdvGlueText

/// Wraps a model with a defender temperature: logits / T. T = 0.001 makes a model
/// extremely over-confident and T = 1000 extremely under-confident without changing a
/// single prediction, which is how Raina et al. (ACL 2024) made their miscalibrated
/// victims at test time (`--model-temperature`).
public struct TemperatureScaledClassifier: Classifier {
    public let inner: any Classifier
    public let temperature: Float

    public init(_ inner: any Classifier, temperature: Float) {
        precondition(temperature > 0, "temperature must be positive")
        self.inner = inner
        self.temperature = temperature
    }

    public var labels: [String] { inner.labels }
    public var outputs: ScoreKind { inner.outputs }

    public var identity: ModelIdentity {
        var identity = inner.identity
        identity.spec += " (temperature \(temperature))"
        identity.description += ", logits divided by \(temperature)"
        return identity
    }

    public func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        try await inner.logits(for: inputs).map { $0.map { $0 / temperature } }
    }

    public func shutdown() async {
        await inner.shutdown()
    }
}
