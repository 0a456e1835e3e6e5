import AdvGlueCorpora
import Foundation

/// The MiniLM kinds of `--model`, kept apart from ModelSpec.swift so other kinds can be
/// added there without touching this.
extension ModelSpec {
    static func parseMiniLM(_ text: String) -> ModelSpec? {
        if text == "builtin:minilm" || text == "minilm" { return .builtinMiniLM }
        if text.hasPrefix("minilm:"), text.count > "minilm:".count { return .miniLMFile(String(text.dropFirst("minilm:".count))) }
        return nil
    }

    /// The shipped MiniLM head for a task.
    public static func builtinMiniLMPath(for task: GlueTask, resources: ProjectResources) -> URL {
        resources.models.appending(path: "\(task.modelTask.rawValue).minilm.bin")
    }

    /// The MiniLM classifier. Only here is the encoder loaded, so commands with a lexical
    /// model never touch it.
    func loadMiniLM(task: GlueTask, resources: ProjectResources?) throws -> any Classifier {
        switch self {
        case .builtinMiniLM:
            guard let resources else {
                throw CorpusError(.notFound, file: "Corpora/models", problem: "cannot find the built-in models",
                                  hint: "run from the advglue checkout or set ADVGLUE_HOME")
            }
            return try MiniLMClassifier.load(head: Self.builtinMiniLMPath(for: task, resources: resources), task: task, spec: description)
        case .miniLMFile(let path):
            return try MiniLMClassifier.load(head: URL(filePath: path), task: task, spec: description)
        default:
            preconditionFailure("\(self) is not a MiniLM model")
        }
    }
}
