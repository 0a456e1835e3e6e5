import AdvGlueCorpora
import AdvGlueModels
import Foundation

/// `--model builtin:minilm` (MiniLM embeddings and the shipped head for the task) and
/// `minilm:PATH` (a head from `advglue train --model minilm`). The encoder loads only
/// here, so commands with another model never touch it.
public struct MiniLMBackend: ModelBackend {
    public enum Source: Sendable, Equatable {
        case builtin
        case file(String)
    }

    public var source: Source

    public static let forms = [
        ModelSpecForm("builtin:minilm", help: "builtin:minilm (MiniLM embeddings + the shipped head)"),
        ModelSpecForm("minilm:PATH"),
    ]

    public init?(spec text: String) {
        if text == "builtin:minilm" || text == "minilm" {
            source = .builtin
        } else if text.hasPrefix("minilm:"), text.count > "minilm:".count {
            source = .file(String(text.dropFirst("minilm:".count)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch source {
        case .builtin: "builtin:minilm"
        case .file(let path): "minilm:\(path)"
        }
    }

    /// The shipped MiniLM head for a task.
    public static func builtinPath(for task: GlueTask, resources: ProjectResources) -> URL {
        resources.models.appending(path: "\(task.modelTask.rawValue).minilm.bin")
    }

    public func load(for task: GlueTask, context: ModelContext) async throws -> any Classifier {
        let head: URL
        switch source {
        case .builtin: head = Self.builtinPath(for: task, resources: try context.requireResources())
        case .file(let path): head = URL(filePath: path)
        }
        return try MiniLMClassifier.load(head: head, task: task, spec: description)
    }
}
