import AdvGlueModels

/// Model calls of a run, and the wall time during which at least one was in flight: the
/// rest of the run is advglue's own work.
public struct ModelUsage: Sendable, Codable, Hashable {
    public var calls: Int
    public var inputs: Int
    public var busySeconds: Double
    /// An LLM classifier's requests, tokens and cost during the recipe; nil for others.
    public var tokens: TokenUsage?

    public init(calls: Int, inputs: Int, busySeconds: Double) {
        self.calls = calls
        self.inputs = inputs
        self.busySeconds = busySeconds
    }
}
