import AdvGlueModels
import AdvGlueSupport

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
    /// How candidates are scored.
    public enum Scoring: String, Sendable, Codable, CaseIterable {
        /// 1 − p(gold) from a float32 softmax, as TextAttack scores; it saturates to 0
        /// once the gold logit leads by about 16.6, which is what hides robustness.
        case probability
        /// The best other logit minus the gold logit: ranks candidates the same at
        /// every temperature and never saturates.
        case margin
    }

    public var temperature: Float
    public var scoring: Scoring

    public init(temperature: Float = 1, scoring: Scoring = .probability) {
        precondition(temperature > 0, "temperature must be positive")
        self.temperature = temperature
        self.scoring = scoring
    }

    public var name: String { "untargeted-classification" }

    public func score(logits: [Float], groundTruth: Int) -> Float {
        let scaled = temperature == 1 ? logits : logits.map { $0 / temperature }
        switch scoring {
        case .probability:
            return 1 - softmax(scaled)[groundTruth]
        case .margin:
            let others = scaled.indices.filter { $0 != groundTruth }.map { scaled[$0] }
            return (others.max() ?? 0) - scaled[groundTruth]
        }
    }

    public func isSuccess(logits: [Float], groundTruth: Int) -> Bool {
        argmax(logits) != groundTruth
    }
}

extension UntargetedClassification {
    /// `type: untargeted-classification` in a recipe's `goal`.
    static let recipePart = RecipePart<any GoalFunction>(
        type: "untargeted-classification",
        summary: "Succeeds when the prediction leaves the gold label; the search maximises 1 − p(gold).",
        options: [
            RecipeOption(
                "temperature",
                "attacker temperature the logits are divided by before scoring (success is judged unscaled)",
                default: "1")
        ]
    ) { map, context throws(AdvGlueError) in
        let temperature = try map.optional("temperature")?.double() ?? 1
        guard temperature > 0 else { throw map.owner.error("must be positive", key: "temperature") }
        return UntargetedClassification(temperature: Float(temperature))
    }
}
