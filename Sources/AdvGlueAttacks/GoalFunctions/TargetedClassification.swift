import AdvGlueModels
import AdvGlueSupport

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

extension TargetedClassification {
    /// `type: targeted-classification` in a recipe's `goal`.
    static let recipePart = RecipePart<any GoalFunction>(
        type: "targeted-classification",
        summary: "Succeeds when the model predicts the target label; the search maximises p(target).",
        options: [
            RecipeOption("target", "the label id to reach (0, 1, ...)"),
            RecipeOption("temperature", "attacker temperature the logits are divided by before scoring", default: "1"),
        ]
    ) { map, context throws(AdvGlueError) in
        let targetNode = try map.required("target")
        let target = try targetNode.int()
        guard target >= 0 else { throw targetNode.error("must be a label id (0, 1, ...)") }
        let temperature = try map.optional("temperature")?.double() ?? 1
        guard temperature > 0 else { throw map.owner.error("must be positive", key: "temperature") }
        return TargetedClassification(target: target, temperature: Float(temperature))
    }
}
