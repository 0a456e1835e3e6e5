import AdvGlueModels

/// Succeeds when the model predicts `target`; the attacker's score is p(target), with p
/// from softmax(logits / temperature). Examples whose gold label is the target are
/// skipped by the attack (already "successful" before it starts).
///
/// Complexity: O(classes).
public struct TargetedClassification: GoalFunction {
    public var target: Int
    public var temperature: Float

    public init(target: Int, temperature: Float = 1) {
        precondition(temperature > 0, "temperature must be positive")
        self.target = target
        self.temperature = temperature
    }

    public var name: String { "targeted-classification" }

    public func score(logits: [Float], groundTruth: Int) -> Float {
        let scaled = temperature == 1 ? logits : logits.map { $0 / temperature }
        return softmax(scaled)[target]
    }

    public func isSuccess(logits: [Float], groundTruth: Int) -> Bool {
        argmax(logits) == target
    }
}
