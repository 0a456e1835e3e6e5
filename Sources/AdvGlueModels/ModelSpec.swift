import AdvGlueCorpora
import Foundation

/// Parses `--model`: `builtin:lexical` (the shipped model for the task),
/// `lexical:PATH` (a model trained with `advglue train`), `builtin:minilm` or
/// `minilm:PATH` (the MiniLM victim), `cmd:PROGRAM ARGS...` (a program speaking the
/// subprocess protocol, docs/subprocess-protocol.md) or
/// `http(s)://HOST:PORT/v2/models/NAME[/versions/V]` (a KServe v2 model server).
///
/// Local kinds load with ``load(task:resources:)``; `cmd:` and `http(s)://` ones are
/// connected by `ExternalModels.connect` in AdvGlueExternal.
public enum ModelSpec: Sendable, Equatable, CustomStringConvertible {
    case builtinLexical
    case lexicalFile(String)
    case builtinMiniLM
    case miniLMFile(String)
    /// The argument vector, split by ``CommandLineWords`` (never by a shell).
    case command([String])
    /// A KServe v2 model endpoint, `.../v2/models/NAME` or `.../v2/models/NAME/versions/V`.
    case kserve(URL)

    public init(parsing text: String) throws(ModelSpecError) {
        if let miniLM = Self.parseMiniLM(text) {
            self = miniLM
        } else if text == "builtin:lexical" || text == "lexical" {
            self = .builtinLexical
        } else if text.hasPrefix("lexical:"), text.count > "lexical:".count {
            self = .lexicalFile(String(text.dropFirst("lexical:".count)))
        } else if text.hasPrefix("cmd:") {
            let words: [String]
            do {
                words = try CommandLineWords.split(String(text.dropFirst("cmd:".count)))
            } catch {
                throw ModelSpecError(spec: text, problem: "\(error)")
            }
            guard !words.isEmpty else { throw ModelSpecError(spec: text, problem: "cmd: names no program, e.g. cmd:'python3 serve.py'") }
            self = .command(words)
        } else if text.hasPrefix("http://") || text.hasPrefix("https://") {
            self = .kserve(try Self.kserveURL(text))
        } else {
            throw ModelSpecError(spec: text)
        }
    }

    private static func kserveURL(_ text: String) throws(ModelSpecError) -> URL {
        guard let components = URLComponents(string: text), let url = components.url, components.host?.isEmpty == false else {
            throw ModelSpecError(spec: text, problem: "not a valid URL")
        }
        guard components.user == nil, components.password == nil else {
            throw ModelSpecError(spec: text, problem: "credentials in the URL would end up in reports; pass them with --header 'Authorization: env:VAR'")
        }
        guard components.query == nil, components.fragment == nil else {
            throw ModelSpecError(spec: text, problem: "a KServe model URL has no query or fragment")
        }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: true)
        let shaped = parts.count >= 3 && parts[parts.count - 3] == "v2" && parts[parts.count - 2] == "models"
            || parts.count >= 5 && parts[parts.count - 5] == "v2" && parts[parts.count - 4] == "models" && parts[parts.count - 2] == "versions"
        guard shaped else {
            throw ModelSpecError(spec: text, problem: "expected a KServe v2 model URL such as http://127.0.0.1:8080/v2/models/NAME")
        }
        return url
    }

    /// True for models that live outside this process (`cmd:`, `http(s)://`).
    public var isExternal: Bool {
        switch self {
        case .command, .kserve: true
        case .builtinLexical, .lexicalFile, .builtinMiniLM, .miniLMFile: false
        }
    }

    public var description: String {
        switch self {
        case .builtinLexical: "builtin:lexical"
        case .lexicalFile(let path): "lexical:\(path)"
        case .builtinMiniLM: "builtin:minilm"
        case .miniLMFile(let path): "minilm:\(path)"
        case .command(let words): "cmd:" + CommandLineWords.join(words)
        case .kserve(let url): url.absoluteString
        }
    }

    /// The shipped model file for a task.
    public static func builtinPath(for task: GlueTask, resources: ProjectResources) -> URL {
        resources.models.appending(path: "\(task.modelTask.rawValue).lexical.bin")
    }

    /// Loads the classifier this spec names, checking that it fits the task.
    public func load(task: GlueTask, resources: ProjectResources?) throws -> any Classifier {
        switch self {
        case .builtinLexical:
            guard let resources else {
                throw CorpusError(.notFound, file: "Corpora/models", problem: "cannot find the built-in models",
                                  hint: "run from the advglue checkout or set ADVGLUE_HOME")
            }
            return try loadLexical(Self.builtinPath(for: task, resources: resources), task: task)
        case .lexicalFile(let path):
            return try loadLexical(URL(filePath: path), task: task)
        case .builtinMiniLM, .miniLMFile:
            return try loadMiniLM(task: task, resources: resources)
        case .command, .kserve:
            preconditionFailure("\(self) is connected by ExternalModels.connect, not loaded")
        }
    }

    private func loadLexical(_ url: URL, task: GlueTask) throws -> any Classifier {
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
    public var problem: String?

    public init(spec: String, problem: String? = nil) {
        self.spec = spec
        self.problem = problem
    }

    public var description: String {
        if let problem { return "'\(spec)': \(problem)" }
        return "unknown model '\(spec)'; expected builtin:lexical, lexical:PATH, builtin:minilm, minilm:PATH, cmd:'PROGRAM ARGS' or http://HOST:PORT/v2/models/NAME"
    }
}
