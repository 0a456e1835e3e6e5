import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport

/// `--model cmd:'PROGRAM ARGS'`: a program speaking the subprocess protocol
/// (docs/subprocess-protocol.md), started from an argument vector (split like a shell
/// splits words, but never run by one).
public struct SubprocessBackend: ModelBackend {
    /// The argument vector, split by ``CommandLineWords``.
    public var command: [String]

    public init(command: [String]) {
        self.command = command
    }

    public static let forms = [
        ModelSpecForm(
            "cmd:'PROGRAM ARGS'",
            help:
                "cmd:'PROGRAM ARGS' (a program speaking docs/subprocess-protocol.md; split into words like a shell does, but never run by one)"
        )
    ]

    public init?(spec text: String) throws(AdvGlueError) {
        guard text.hasPrefix("cmd:") else { return nil }
        let words: [String]
        do {
            words = try CommandLineWords.split(String(text.dropFirst("cmd:".count)))
        } catch {
            throw AdvGlueError(.usage, "'\(text)': \(error)", at: .flag("--model"))
        }
        guard !words.isEmpty else {
            throw AdvGlueError(
                .usage, "'\(text)': cmd: names no program, e.g. cmd:'python3 serve.py'", at: .flag("--model"))
        }
        command = words
    }

    public var description: String { "cmd:" + CommandLineWords.join(command) }
    public var isExternal: Bool { true }

    public func load(for task: GlueTask, context: ModelContext) async throws -> any Classifier {
        try await SubprocessClassifier.connect(
            command: command, task: task, settings: context.connection, log: try context.openLog())
    }
}
