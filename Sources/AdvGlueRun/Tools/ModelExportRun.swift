import AdvGlueBackends
import AdvGlueCorpora
import AdvGlueSupport
import Foundation

/// `advglue model export`: writes a lexical model as JSON (`labels`, `vocab`, `weights`,
/// `bias`, `featurization`) to a file, or to the console's output.
public struct ModelExportRun {
    public var task: GlueTask
    /// `--model`; only lexical models export.
    public var spec: String
    /// Where to write; nil for standard output.
    public var output: String?
    public var console: any RunConsole

    public init(task: GlueTask, spec: String, output: String?, console: any RunConsole) {
        self.task = task
        self.spec = spec
        self.output = output
        self.console = console
    }

    /// The JSON, refusing models that are not lexical before loading anything.
    public func json() throws -> Data {
        guard let backend = try ModelBackends.parse(spec) as? LexicalBackend else {
            throw AdvGlueError(
                .usage, "--model \(spec) cannot be exported",
                hint: "only lexical models (builtin:lexical, lexical:PATH) export")
        }
        return try LexicalModelExport.json(for: try backend.loadModel(for: task, resources: RunEnvironment.resources))
    }

    public func run() throws {
        let json = try json()
        guard let output else {
            console.print(String(decoding: json, as: UTF8.self))
            return
        }
        do {
            try (json + [0x0A]).write(to: URL(filePath: output), options: .atomic)
        } catch {
            throw AdvGlueError(.io, "cannot write \(output): \(error.localizedDescription)", hint: "check --output")
        }
    }
}
