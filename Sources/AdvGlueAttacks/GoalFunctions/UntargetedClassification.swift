import AdvGlueModels

/// Succeeds when the predicted class differs from the gold label; the attacker's score
/// is 1 − p(gold), with p from softmax(logits / temperature).
///
/// The temperature only changes what the search sees (the calibration probe rescales
/// logits this way); success is always judged on the unscaled logits.
///
/// ```swift
/// let goal = UntargetedClassification()
/// goal.isSuccess(logits: [0.2, 1.5], groundTruth: 0) // true
/// ```
/// Complexity: O(classes).
public struct UntargetedClassification: GoalFunction {
    public var temperature: Float

    public init(temperature: Float = 1) {
        precondition(temperature > 0, "temperature must be positive")
        self.temperature = temperature
    }

    public var name: String { "untargeted-classification" }

    public func score(logits: [Float], groundTruth: Int) -> Float {
        let scaled = temperature == 1 ? logits : logits.map { $0 / temperature }
        return 1 - softmax(scaled)[groundTruth]
    }

    public func isSuccess(logits: [Float], groundTruth: Int) -> Bool {
        argmax(logits) != groundTruth
    }
}
