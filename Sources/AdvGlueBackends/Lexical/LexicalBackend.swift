import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// `--model builtin:lexical` (the shipped model for the task) and `lexical:PATH` (a
/// model from `advglue train`): logistic regression over word n-grams, in process.
public struct LexicalBackend: ModelBackend {
    public enum Source: Sendable, Equatable {
        case builtin
        case file(String)
    }

    public var source: Source

    public init(_ source: Source) {
        self.source = source
    }

    public static let forms = [
        ModelSpecForm(
            "builtin:lexical", help: "builtin:lexical (the shipped n-gram logistic regression for the task, fastest)"),
        ModelSpecForm("lexical:PATH", help: "lexical:PATH (a model from `advglue train`)"),
    ]

    public init?(spec text: String) {
        if text == "builtin:lexical" || text == "lexical" {
            source = .builtin
        } else if text.hasPrefix("lexical:"), text.count > "lexical:".count {
            source = .file(String(text.dropFirst("lexical:".count)))
        } else {
            return nil
        }
    }

    public var description: String {
        switch source {
        case .builtin: "builtin:lexical"
        case .file(let path): "lexical:\(path)"
        }
    }

    /// The shipped model file for a task.
    public static func builtinPath(for task: GlueTask, resources: ProjectResources) -> URL {
        resources.models.appending(path: "\(task.modelTask.rawValue).lexical.bin")
    }

    public func load(for task: GlueTask, context: ModelContext) async throws -> any Classifier {
        try loadModel(for: task, resources: context.resources)
    }

    /// The model itself, for commands that need more than a classifier (`advglue model export`).
    public func loadModel(for task: GlueTask, resources: ProjectResources?) throws(AdvGlueError) -> LexicalModel {
        let url: URL
        switch source {
        case .builtin:
            url = Self.builtinPath(for: task, resources: try ModelContext(resources: resources).requireResources())
        case .file(let path): url = URL(filePath: path)
        }
        let model = try LexicalModelFile.read(from: url)
        guard model.featurizer.task.modelTask == task.modelTask else {
            throw AdvGlueError(
                .badData, "model was trained for \(model.featurizer.task.rawValue), not \(task.rawValue)",
                hint: "pass a model for \(task.rawValue) with --model", at: .file(url.path))
        }
        return model.withIdentity(
            ModelIdentity(spec: description, description: model.identity.description, checksum: model.identity.checksum)
        )
    }
}
