import AdvGlueCorpora
import Foundation

/// Parses `--model`: `builtin:lexical` (the shipped model for the task) or
/// `lexical:PATH` (a model trained with `advglue train`); `builtin:minilm` or
/// `minilm:PATH` for the MiniLM victim. Later kinds (`cmd:`, `http://`) slot in here.
public enum ModelSpec: Sendable, Equatable, CustomStringConvertible {
    case builtinLexical
    case lexicalFile(String)
    case builtinMiniLM
    case miniLMFile(String)

    public init(parsing text: String) throws(ModelSpecError) {
        if let miniLM = Self.parseMiniLM(text) {
            self = miniLM
        } else if text == "builtin:lexical" || text == "lexical" {
            self = .builtinLexical
        } else if text.hasPrefix("lexical:"), text.count > "lexical:".count {
            self = .lexicalFile(String(text.dropFirst("lexical:".count)))
        } else {
            throw ModelSpecError(spec: text)
        }
    }

    public var description: String {
        switch self {
        case .builtinLexical: "builtin:lexical"
        case .lexicalFile(let path): "lexical:\(path)"
        case .builtinMiniLM: "builtin:minilm"
        case .miniLMFile(let path): "minilm:\(path)"
        }
    }

    /// The shipped model file for a task.
    public static func builtinPath(for task: GlueTask, resources: ProjectResources) -> URL {
        resources.models.appending(path: "\(task.modelTask.rawValue).lexical.bin")
    }

    /// Loads the classifier this spec names, checking that it fits the task.
    public func load(task: GlueTask, resources: ProjectResources?) throws -> any Classifier {
        if let miniLM = try loadMiniLM(task: task, resources: resources) { return miniLM }
        let url: URL
        switch self {
        case .builtinLexical:
            guard let resources else {
                throw CorpusError(.notFound, file: "Corpora/models", problem: "cannot find the built-in models",
                                  hint: "run from the advglue checkout or set ADVGLUE_HOME")
            }
            url = Self.builtinPath(for: task, resources: resources)
        case .lexicalFile(let path):
            url = URL(filePath: path)
        case .builtinMiniLM, .miniLMFile:
            preconditionFailure("handled by loadMiniLM")
        }
        let model = try LexicalModelFile.read(from: url)
        guard model.featurizer.task.modelTask == task.modelTask else {
            throw CorpusError(.config, file: url.path,
                              problem: "model was trained for \(model.featurizer.task.rawValue), not \(task.rawValue)",
                              hint: "pass a model for \(task.rawValue) with --model")
        }
        return model.withIdentity(ModelIdentity(spec: description, description: model.identity.description,
                                                checksum: model.identity.checksum))
    }
}

public struct ModelSpecError: Error, CustomStringConvertible, Sendable {
    public var spec: String
    public var description: String {
        "unknown model '\(spec)'; expected builtin:lexical, lexical:PATH, builtin:minilm or minilm:PATH"
    }
}
