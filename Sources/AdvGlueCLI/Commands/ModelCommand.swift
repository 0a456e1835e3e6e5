import AdvGlueBackends
import AdvGlueCorpora
import AdvGlueRun
import AdvGlueSupport
import ArgumentParser
import Foundation

struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect and export models.",
        subcommands: [Export.self]
    )

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case json
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a lexical model as JSON: {labels, vocab, weights, bias, featurization}.",
            discussion: "Example:\n  advglue model export --task sst2 --format json --output sst2.json"
        )

        @OptionGroup var taskOptions: TaskOptions
        @OptionGroup var model: ModelOptions

        @Option(name: .long, help: "The export format.")
        var format: ExportFormat = .json

        @Option(name: .long, help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
        var output: String?

        func run() async throws {
            guard let backend = try ModelBackends.parse(model.model) as? LexicalBackend else {
                throw AdvGlueError(.usage, "--model \(model.model) cannot be exported")
            }
            var json = try LexicalModelExport.json(
                for: try backend.loadModel(for: taskOptions.task, resources: RunEnvironment.resources))
            json.append(0x0A)
            if let output {
                do {
                    try json.write(to: URL(filePath: output), options: .atomic)
                } catch {
                    throw AdvGlueError(.io, "cannot write \(output): \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(json)
            }
        }
    }
}
